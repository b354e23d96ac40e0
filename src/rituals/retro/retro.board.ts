import type { KnownBlock } from '@slack/types';
import type { Outbox } from '../../community/outbox';
import type { RetroService } from './retro.service';
import { boardMessage } from './retro.views';

/** The outbox as the board needs it: one message per retro, posted once and edited in place. */
export type BoardOutbox = Outbox & { update(key: string, content: { text: string; blocks?: KnownBlock[] }): Promise<void> };

export const boardKey = (retroId: number) => `retro:${retroId}:board`;

/** Posts the board (with `channelId`, when the retro starts) or brings the posted one up to date. */
export async function publishBoard(retros: RetroService, outbox: BoardOutbox, retroId: number, channelId?: string): Promise<void> {
  const message = boardMessage(await retros.board(retroId));
  if (channelId) await outbox.send({ key: boardKey(retroId), to: { channel: channelId }, ...message });
  else await outbox.update(boardKey(retroId), message);
}
