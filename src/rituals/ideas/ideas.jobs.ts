import { z } from 'zod';
import type { Logger } from 'pino';
import type { PrismaClient } from '../../db/client';
import type { Delivery } from '../../delivery/delivery';
import { PermanentFailure, type JobHandler } from '../../scheduler/scheduler';
import { postDigest } from './ideas.digest';
import type { IdeasFeeds } from './ideas.feeds';
import { DIGEST_JOB, READ_JOB } from './ideas.ids';

interface JobDeps {
  prisma: PrismaClient;
  messages: Delivery;
  logger: Logger;
  now: () => Date;
  feeds: IdeasFeeds;
}

/** A schedule's occurrence: the community, and the instant (which keys the digest). */
const occurrencePayload = z.object({ communityId: z.number().int().positive(), occurrence: z.string().min(1) }).loose();

function payloadOf(payload: unknown, kind: string): z.infer<typeof occurrencePayload> {
  const parsed = occurrencePayload.safeParse(payload);
  if (!parsed.success) throw new PermanentFailure(`malformed ${kind} payload`);
  return parsed.data;
}

/** Every day: the community's feeds read; failures are recorded on each feed, never fail the job. */
export function readJob(deps: JobDeps): JobHandler {
  return {
    kind: READ_JOB,
    staleAfterMs: 12 * 3_600_000,
    async run(payload, context) {
      const { communityId } = payloadOf(payload, READ_JOB);
      const outcome = await deps.feeds.readAll(communityId);
      context.logger.info({ communityId, ...outcome }, 'outside ideas feeds read');
    },
  };
}

/** Every Monday: the feeds read once more, then the digest of what is new posted in the channel. */
export function digestJob(deps: JobDeps): JobHandler {
  return {
    kind: DIGEST_JOB,
    staleAfterMs: 86_400_000,
    async run(payload) {
      const { communityId, occurrence } = payloadOf(payload, DIGEST_JOB);
      await deps.feeds.readAll(communityId);
      await postDigest(deps, communityId, occurrence);
    },
  };
}
