import { createHmac } from 'node:crypto';

/**
 * A person's pseudonym within one anonymous poll (HMAC keyed by Guild's secret, per poll): it
 * holds each person to one ballot and its limits, and tells whether they voted (for the
 * reminder), while the database stores no user id beside an anonymous vote. Two polls give the
 * same person unrelated pseudonyms.
 */
export function pollPseudonym(secret: string | Buffer, pollId: number, userId: string): string {
  const pollKey = createHmac('sha256', secret).update(`guild:poll:${pollId}`).digest();
  return createHmac('sha256', pollKey).update(userId).digest('base64url');
}
