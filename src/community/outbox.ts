import type { KnownBlock } from '@slack/types';
import type { Prisma } from '../db/client';

/**
 * The domain's way to say "send this": messages are queued (in the caller's transaction, when
 * given) and delivered by the outbound gateway (src/delivery), once per key.
 */
export interface Outbox {
  send(
    message: { key: string; to: { channel: string } | { users: string[] }; text: string; blocks?: KnownBlock[]; threadTs?: string; at?: Date },
    db?: Prisma.TransactionClient,
  ): Promise<void>;
}
