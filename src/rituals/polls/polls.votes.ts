import type { PoolClient } from 'pg';
import { sqlPool, utcParam, type PrismaClient } from '../../db/client';
import { rollBack } from '../retro/retro.votes';
import { pollPseudonym } from './polls.anonymity';
import { PollsError } from './polls.errors';
import { applyVote, type ClickAction, type PollKind } from './polls.rules';

export interface VoteOutcome {
  kind: PollKind;
  maxChoices: number;
  /** The voter's votes after the click, in the poll's order. */
  mine: { text: string; weight: number }[];
}

/**
 * Votes: the hottest path of a poll (a channel clicking at once), on the pg pool in four short
 * statements rather than Prisma's interactive transaction: lock the voter's ballot, read their
 * votes, write the new ones, commit. Every voter's clicks queue on their own ballot row, so
 * each is counted once against the limits; different voters never wait for each other.
 */
export class PollVotes {
  constructor(private readonly deps: { prisma: PrismaClient; secret: string; now: () => Date; voted?: (pollId: number) => void }) {}

  async vote(input: { pollId: number; userId: string; optionId: number; action: ClickAction }): Promise<VoteOutcome> {
    const { pollId, userId, optionId, action } = input;
    const client = await sqlPool(this.deps.prisma).connect();
    let committed = false;
    try {
      await client.query('BEGIN');
      const ballot = await lockBallot(client, pollId, userId, pollPseudonym(this.deps.secret, pollId, userId), this.deps.now());
      if (!ballot) throw new PollsError(await whyNotOpen(client, pollId));
      const options = await readOptions(client, pollId, ballot.voterKey);
      if (!options.some((o) => o.id === optionId)) throw new PollsError('That option is no longer in this poll.');
      const current = new Map(options.filter((o) => o.mine !== null).map((o) => [o.id, o.mine!]));
      const decision = applyVote(ballot.kind, ballot.maxChoices, current, optionId, action);
      if (!decision.ok) throw new PollsError(decision.problem);
      const ids = [...decision.next.keys()];
      await client.query({ name: 'poll-vote-write', text: WRITE_SQL, values: [pollId, ballot.voterKey, ids, ids.map((id) => decision.next.get(id)!)] });
      await client.query('COMMIT');
      committed = true;
      client.release();
      this.deps.voted?.(pollId);
      return { kind: ballot.kind, maxChoices: ballot.maxChoices, mine: options.filter((o) => decision.next.has(o.id)).map((o) => ({ text: o.text, weight: decision.next.get(o.id)! })) };
    } catch (err) {
      if (!committed) await rollBack(client);
      throw err;
    }
  }
}

interface LockedBallot {
  voterKey: string;
  kind: PollKind;
  maxChoices: number;
}

/**
 * Creates or locks the voter's ballot while the poll is open (and not past its closing time),
 * keyed by the pseudonym in an anonymous poll, with the voter's level for the breakdown: in the
 * poll's topic, else their highest in the community's topics. FOR KEY SHARE on the poll: votes
 * never wait for each other there, but closing (SELECT … FOR UPDATE) waits for the votes in
 * flight, so none is counted after the poll closed. Undefined: not open.
 */
async function lockBallot(client: PoolClient, pollId: number, userId: string, pseudonym: string, now: Date): Promise<LockedBallot | undefined> {
  const locked = await client.query<LockedBallot>({
    name: 'poll-vote-lock',
    text: `WITH poll AS (
             SELECT p.id, p.kind, p."maxChoices", p.anonymous, p."communityId", p."topicId" FROM "Poll" p
              WHERE p.id = $1 AND p.status = 'open' AND (p."closesAt" IS NULL OR p."closesAt" > $4::timestamp) FOR KEY SHARE OF p)
           INSERT INTO "PollBallot" ("pollId", "voterKey", level, "votedAt")
             SELECT poll.id, CASE WHEN poll.anonymous THEN $3 ELSE $2 END,
                    (SELECT max(ts.level) FROM "TopicSkill" ts JOIN "Topic" t ON t.id = ts."topicId"
                      WHERE ts."personId" = $2 AND t."communityId" = poll."communityId" AND (poll."topicId" IS NULL OR ts."topicId" = poll."topicId")),
                    $4::timestamp
               FROM poll
           ON CONFLICT ("pollId", "voterKey") DO UPDATE SET level = EXCLUDED.level, "votedAt" = EXCLUDED."votedAt"
           RETURNING "voterKey", (SELECT kind::text FROM poll) AS kind, (SELECT "maxChoices" FROM poll) AS "maxChoices"`,
    values: [pollId, userId, pseudonym, utcParam(now)],
  });
  return locked.rows[0];
}

/** A new statement after the lock: it sees every vote this person's earlier clicks committed. */
async function readOptions(client: PoolClient, pollId: number, voterKey: string): Promise<{ id: number; text: string; mine: number | null }[]> {
  const { rows } = await client.query<{ id: number; text: string; mine: number | null }>({
    name: 'poll-vote-read',
    text: `SELECT o.id, o.text, v.weight AS mine FROM "PollOption" o
             LEFT JOIN "PollVote" v ON v."optionId" = o.id AND v."pollId" = $1 AND v."voterKey" = $2
            WHERE o."pollId" = $1 ORDER BY o.position`,
    values: [pollId, voterKey],
  });
  return rows;
}

/**
 * The voter's votes become exactly the given ones ($3 options, $4 weights): others are deleted,
 * these inserted or re-weighted. The two parts touch different rows, so one statement does both.
 */
const WRITE_SQL = `
  WITH gone AS (DELETE FROM "PollVote" WHERE "pollId" = $1 AND "voterKey" = $2 AND NOT ("optionId" = ANY($3::int[])))
  INSERT INTO "PollVote" ("pollId", "voterKey", "optionId", weight)
    SELECT $1, $2, o, w FROM unnest($3::int[], $4::int[]) AS t(o, w)
  ON CONFLICT ("pollId", "voterKey", "optionId") DO UPDATE SET weight = EXCLUDED.weight WHERE "PollVote".weight <> EXCLUDED.weight`;

async function whyNotOpen(client: PoolClient, pollId: number): Promise<string> {
  const { rows } = await client.query<{ status: string }>({ name: 'poll-vote-status', text: `SELECT status::text FROM "Poll" WHERE id = $1`, values: [pollId] });
  if (!rows[0]) return 'This poll no longer exists.';
  return 'This poll is closed, so votes are no longer counted. Its results are in the channel.';
}
