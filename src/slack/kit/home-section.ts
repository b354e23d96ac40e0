import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';

/**
 * A Home as it is shown, with one section (the blocks whose block_id starts with `prefix.`)
 * replaced by a fresh one, where it was, else at the end: a click on the Home updates it
 * without rebuilding the other sections.
 */
export function withHomeSection(prefix: string, shown: readonly KnownBlock[], section: KnownBlock[]): KnownBlock[] {
  const ours = (b: KnownBlock) => typeof b.block_id === 'string' && b.block_id.startsWith(`${prefix}.`);
  const at = shown.findIndex(ours);
  const others = shown.filter((b) => !ours(b));
  const position = at < 0 ? others.length : at;
  return [...others.slice(0, position), ...section, ...others.slice(position)].slice(0, 100);
}

/** Publishes the Home the person is looking at with one section rebuilt; a newer Home (hash) wins. */
export async function republishHomeSection(
  deps: { client: WebClient; logger: Logger },
  shown: { userId: string; blocks: readonly KnownBlock[]; hash: string },
  prefix: string,
  section: KnownBlock[],
): Promise<void> {
  const blocks = withHomeSection(prefix, shown.blocks, section);
  await deps.client.views.publish({ user_id: shown.userId, hash: shown.hash, view: { type: 'home', blocks } }).catch((err: unknown) => {
    if ((err as { data?: { error?: string } }).data?.error !== 'hash_conflict') throw err;
    deps.logger.info({ userId: shown.userId }, 'the Home changed meanwhile; its newer version stays');
  });
}
