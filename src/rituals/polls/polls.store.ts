import type { Prisma, PrismaClient } from '../../db/client';
import type { VoteCell } from './polls.results';
import type { PollCounts, PollState, PollView } from './polls.types';

export type Db = PrismaClient | Prisma.TransactionClient;
export type Tx = Prisma.TransactionClient;

const withOptions = { options: { orderBy: { position: 'asc' as const }, select: { id: true, text: true, position: true } } };

type PollRow = Prisma.PollGetPayload<{ include: typeof withOptions }>;

function pollView(row: PollRow): PollView {
  return {
    id: row.id,
    communityId: row.communityId,
    channelId: row.channelId,
    question: row.question,
    kind: row.kind,
    maxChoices: row.maxChoices,
    anonymous: row.anonymous,
    hideResults: row.hideResults,
    membersAddOptions: row.membersAddOptions,
    topicId: row.topicId,
    status: row.status,
    closesAt: row.closesAt,
    remindLeadMinutes: row.remindLeadMinutes,
    timeZone: row.timeZone,
    createdBy: row.createdBy,
    closedAt: row.closedAt,
    closedBy: row.closedBy,
    options: row.options,
  };
}

export async function findPoll(db: Db, pollId: number): Promise<PollView | undefined> {
  const row = await db.poll.findUnique({ where: { id: pollId }, include: withOptions });
  return row ? pollView(row) : undefined;
}

/** Takes the poll's row lock: waits for votes in flight (they hold KEY SHARE), blocks new ones. */
export async function lockPoll(tx: Tx, pollId: number): Promise<PollView | undefined> {
  const locked = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM "Poll" WHERE id = ${pollId} FOR UPDATE`;
  return locked.length ? findPoll(tx, pollId) : undefined;
}

/**
 * Serialises the renders of one poll's message (an advisory lock, so votes never wait for it):
 * whichever render comes last read the votes after every earlier render had, so the last edit
 * Slack gets is never stale.
 */
export async function lockRender(tx: Tx, pollId: number): Promise<void> {
  await tx.$queryRaw`SELECT pg_advisory_xact_lock(${POLL_RENDER_LOCK}::int, ${pollId}::int)::text AS locked`;
}
const POLL_RENDER_LOCK = 0x706f6c6c; // "poll"

/** The votes of a poll summed by option and voter level, how many voted at each level, and (named polls) who. */
/** Names read per option of a named poll: the message shows this many, then a count. */
export const NAMES_READ = 10;

export async function readCounts(db: Db, poll: Pick<PollView, 'id' | 'maxChoices' | 'anonymous'>): Promise<PollCounts> {
  const cells = await db.$queryRaw<VoteCell[]>`
    SELECT v."optionId", b.level, count(*)::int AS votes, sum(v.weight)::int AS weight, sum(${poll.maxChoices}::int + 1 - v.weight)::int AS points
      FROM "PollVote" v JOIN "PollBallot" b ON b."pollId" = v."pollId" AND b."voterKey" = v."voterKey"
     WHERE v."pollId" = ${poll.id}
     GROUP BY v."optionId", b.level`;
  const levels = await db.$queryRaw<{ level: number | null; voters: number }[]>`
    SELECT b.level, count(*)::int AS voters FROM "PollBallot" b
     WHERE b."pollId" = ${poll.id} AND EXISTS (SELECT 1 FROM "PollVote" v WHERE v."pollId" = b."pollId" AND v."voterKey" = b."voterKey")
     GROUP BY b.level`;
  const namesByOption = new Map<number, string[]>();
  if (!poll.anonymous) {
    // Only the first few names per option are shown; the rest is a count (from the cells).
    const named = await db.$queryRaw<{ optionId: number; voterKey: string }[]>`
      SELECT "optionId", "voterKey" FROM (
        SELECT v."optionId", v."voterKey", row_number() OVER (PARTITION BY v."optionId" ORDER BY b."votedAt", v."voterKey") AS n
          FROM "PollVote" v JOIN "PollBallot" b ON b."pollId" = v."pollId" AND b."voterKey" = v."voterKey"
         WHERE v."pollId" = ${poll.id}) ranked
       WHERE n <= ${NAMES_READ}
       ORDER BY "optionId", n`;
    for (const { optionId, voterKey } of named) {
      const list = namesByOption.get(optionId);
      if (list) list.push(voterKey);
      else namesByOption.set(optionId, [voterKey]);
    }
  }
  return {
    voters: levels.reduce((sum, l) => sum + l.voters, 0),
    cells,
    votersByLevel: new Map(levels.map((l) => [l.level, l.voters])),
    namesByOption,
  };
}

export async function readState(db: Db, poll: PollView): Promise<PollState> {
  const counts = await readCounts(db, poll);
  const topic = poll.topicId ? await db.topic.findUnique({ where: { id: poll.topicId }, select: { name: true } }) : null;
  return { poll, counts, ...(topic ? { topicName: topic.name } : {}) };
}
