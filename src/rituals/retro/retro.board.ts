import type { Publisher } from '../../delivery/outbox';
import type { Db, RetroQueries } from './retro.queries';
import { boardMessage } from './retro.views';

export const boardKey = (retroId: number) => `retro:${retroId}:board`;

/** A retro's one board message: posted when it starts, edited in place with every change. */
export class RetroBoards {
  constructor(private readonly deps: { queries: RetroQueries; messages: Publisher }) {}

  /**
   * Renders the board as `db` sees it and queues its post or edit there: called inside the
   * transaction of a change, so the change and its board commit together or not at all.
   */
  async publish(db: Db, retroId: number): Promise<void> {
    // Changes to one retro publish one after another: whichever commits last rendered the board
    // after every earlier change had committed, so the last edit Slack gets is never stale.
    // NO KEY UPDATE, not UPDATE: a new item's foreign key holds a KEY SHARE lock on the row,
    // which UPDATE would wait on (two items added at once would deadlock).
    await db.$executeRaw`SELECT 1 FROM "Retro" WHERE id = ${retroId} FOR NO KEY UPDATE`;
    const board = await this.deps.queries.board(retroId, db);
    await this.deps.messages.publish(boardKey(retroId), { channel: board.channelId }, boardMessage(board), db);
  }
}
