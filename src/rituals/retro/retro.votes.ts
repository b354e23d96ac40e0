import type { PoolClient } from 'pg';
import type { PrismaClient } from '../../db/client';
import { sqlPool } from '../../db/client';
import { retroPseudonym } from './retro.anonymity';
import { RetroError } from './retro.errors';
import type { RetroQueries } from './retro.queries';
import { mayVote } from './retro.voting';

/** Dot votes: the hottest path of a retro, on the pg pool in a few short statements. */
export class RetroVotes {
  constructor(private readonly deps: { prisma: PrismaClient; anonymitySecret: string; queries: RetroQueries }) {}

  /**
   * Adds one vote (or takes one back) in the vote phase. The voter's row is locked for the
   * duration, so concurrent clicks are counted one after another against the budget.
   *
   * The hottest path of a retro (a room of people clicking at once), so it runs on the pg pool
   * in four short statements rather than Prisma's interactive transaction (~10 queries, each
   * costing far more CPU): lock the voter's row, read what the rules need, write, commit.
   */
  async vote(retroId: number, userId: string, itemId: number, direction: 'add' | 'remove'): Promise<{ votesLeft: number }> {
    const pseudonym = retroPseudonym(this.deps.anonymitySecret, retroId, userId);
    const client = await sqlPool(this.deps.prisma).connect();
    let committed = false;
    try {
      await client.query('BEGIN');
      const voter = await lockVoter(client, retroId, userId, pseudonym);
      if (!voter) {
        const retro = await this.deps.queries.require(retroId);
        throw new RetroError(retro.phase === 'closed' ? 'This retro is closed.' : 'Voting is not open in this retro.');
      }
      // A new statement after the lock: it sees every vote this person's earlier clicks committed.
      const seen = await client.query<{ item: boolean; onItem: number | null }>({
        name: 'retro-vote-read',
        text: `SELECT EXISTS (SELECT 1 FROM "RetroItem" WHERE id = $3 AND "retroId" = $1) AS item,
                      (SELECT count FROM "RetroVote" WHERE "retroId" = $1 AND "voterKey" = $2 AND "itemId" = $3) AS "onItem"`,
        values: [retroId, voter.voterKey, itemId],
      });
      if (!seen.rows[0]?.item) throw new RetroError('That item is not in this retro.');
      const onItem = seen.rows[0].onItem ?? 0;
      if (direction === 'add') {
        const decision = mayVote({ budget: voter.voteBudget, perItemCap: voter.perItemCap }, voter.votesCast, onItem);
        if (!decision.ok) throw new RetroError(decision.problem);
      } else if (onItem === 0) {
        throw new RetroError('You have no vote on that item to take back.');
      }
      const delta = direction === 'add' ? 1 : -1;
      await client.query({ ...voteChange(direction, onItem), values: [retroId, voter.voterKey, itemId, delta] });
      await client.query('COMMIT');
      committed = true;
      client.release();
      return { votesLeft: voter.voteBudget - (voter.votesCast + delta) };
    } catch (err) {
      if (!committed) await rollBack(client);
      throw err;
    }
  }

}

interface LockedVoter {
  voterKey: string;
  votesCast: number;
  voteBudget: number;
  perItemCap: number;
}

/**
 * Creates or locks the voter's row, as long as the retro is voting; the key is the pseudonym
 * when votes are anonymous. A burst of clicks by one person queues here. FOR SHARE on the
 * retro: closing the vote (an UPDATE of the row) waits for the votes in flight, so none is
 * counted after voting closed and the board it renders has them all. Undefined: not voting.
 */
async function lockVoter(client: PoolClient, retroId: number, userId: string, pseudonym: string): Promise<LockedVoter | undefined> {
  const locked = await client.query<LockedVoter>({
    name: 'retro-vote-lock',
    text: `INSERT INTO "RetroParticipant" ("retroId", "voterKey")
             SELECT r.id, CASE WHEN r.anonymity = 'anonymous_all' THEN $3 ELSE $2 END FROM "Retro" r WHERE r.id = $1 AND r.phase = 'vote' FOR SHARE OF r
           ON CONFLICT ("retroId", "voterKey") DO UPDATE SET "votesCast" = "RetroParticipant"."votesCast"
           RETURNING "voterKey", "votesCast",
             (SELECT "voteBudget" FROM "Retro" WHERE id = $1) AS "voteBudget", (SELECT "perItemCap" FROM "Retro" WHERE id = $1) AS "perItemCap"`,
    values: [retroId, userId, pseudonym],
  });
  return locked.rows[0];
}

/**
 * The one statement that records a vote change ($1 retro, $2 voter key, $3 item, $4 ±1): the
 * voter's row on the item added to, taken from, or gone with its last vote, with the voter's
 * and the item's counts.
 */
function voteChange(direction: 'add' | 'remove', onItem: number): { name: string; text: string } {
  const [name, change] =
    direction === 'add'
      ? ['retro-vote-add', `INSERT INTO "RetroVote" ("retroId", "voterKey", "itemId", count) VALUES ($1, $2, $3, 1)
                             ON CONFLICT ("retroId", "voterKey", "itemId") DO UPDATE SET count = "RetroVote".count + 1`]
      : onItem > 1
        ? ['retro-vote-less', `UPDATE "RetroVote" SET count = count - 1 WHERE "retroId" = $1 AND "voterKey" = $2 AND "itemId" = $3`]
        : ['retro-vote-drop', `DELETE FROM "RetroVote" WHERE "retroId" = $1 AND "voterKey" = $2 AND "itemId" = $3`];
  return {
    name,
    text: `WITH vote AS (${change}),
                voter AS (UPDATE "RetroParticipant" SET "votesCast" = "votesCast" + $4 WHERE "retroId" = $1 AND "voterKey" = $2)
           UPDATE "RetroItem" SET votes = votes + $4 WHERE id = $3`,
  };
}

/**
 * Ends a failed vote's transaction. A connection whose ROLLBACK fails is in an unknown state:
 * it is released with the error, so the pool discards it instead of handing it to the next vote.
 */
export async function rollBack(client: PoolClient): Promise<void> {
  try {
    await client.query('ROLLBACK');
    client.release();
  } catch (err) {
    client.release(err instanceof Error ? err : new Error(String(err)));
  }
}
