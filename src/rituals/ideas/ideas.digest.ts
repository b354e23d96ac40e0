import type { Logger } from 'pino';
import type { PrismaClient } from '../../db/client';
import type { Delivery } from '../../delivery/delivery';
import { digestKey } from './ideas.ids';
import { DIGEST_MAX, digestMessage } from './ideas.messages';
import { postView } from './ideas.proposals';

/** Posts taken into account by one digest; older undigested ones wait for the next. */
const DIGEST_WINDOW = 500;

/**
 * The weekly digest of one community: the posts first seen since the last digest, newest first,
 * posted once per occurrence in the community channel, and marked as digested in the same
 * transaction (a retry of the job finds them digested and the message queued already).
 */
export async function postDigest(deps: { prisma: PrismaClient; messages: Delivery; logger: Logger; now: () => Date }, communityId: number, occurrence: string): Promise<number> {
  const community = await deps.prisma.community.findUnique({ where: { id: communityId } });
  if (!community) return 0;
  const rows = await deps.prisma.ideaPost.findMany({
    where: { communityId, digestedAt: null },
    orderBy: [{ publishedAt: { sort: 'desc', nulls: 'last' } }, { firstSeenAt: 'desc' }, { id: 'desc' }],
    take: DIGEST_WINDOW,
    include: { feed: { select: { title: true, url: true } } },
  });
  const now = deps.now();
  await deps.prisma.$transaction(async (tx) => {
    if (rows.length > 0) {
      const message = digestMessage({ communityName: community.name, posts: rows.slice(0, DIGEST_MAX).map(postView), more: Math.max(0, rows.length - DIGEST_MAX) });
      await deps.messages.send({ key: digestKey(communityId, occurrence), to: { channel: community.channelId }, ...message }, tx);
      await tx.ideaPost.updateMany({ where: { id: { in: rows.map((r) => r.id) } }, data: { digestedAt: now } });
    }
    await tx.ideaSettings.updateMany({ where: { communityId }, data: { lastDigestAt: now } });
  });
  deps.logger.info({ communityId, posts: rows.length }, rows.length ? 'outside ideas digest posted' : 'outside ideas digest: nothing new');
  return rows.length;
}
