import { createHmac } from 'node:crypto';

/**
 * The pseudonym of a person within one anonymous retro, from which nobody without Guild's secret
 * can tell who they are. It lets Guild hold each person to a vote budget and count contributors
 * while the database stores no user id next to an anonymous item or vote: a database reader can
 * neither reverse it nor recompute it for a suspected author, and two retros give the same person
 * unrelated pseudonyms, so they cannot be linked across retros either.
 */
export function retroPseudonym(secret: string | Buffer, retroId: number, userId: string): string {
  const retroKey = createHmac('sha256', secret).update(`guild:retro:${retroId}`).digest();
  return createHmac('sha256', retroKey).update(userId).digest('base64url');
}
