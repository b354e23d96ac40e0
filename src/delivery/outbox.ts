import type { KnownBlock } from '@slack/types';
import type { Prisma } from '../db/client';

/** Where a message goes: a channel, or the people of a DM (one person) or group DM (2–8). */
export type Recipient = { channel: string } | { users: string[] };

export interface MessageContent {
  text: string;
  blocks?: KnownBlock[];
}

/**
 * The domain's way to say "send this": messages are queued (in the caller's transaction, when
 * given) and delivered by the outbound gateway (src/delivery), once per key.
 */
export interface Outbox {
  send(message: { key: string; to: Recipient; threadTs?: string; at?: Date } & MessageContent, db?: Prisma.TransactionClient): Promise<void>;
}

/**
 * Messages that live on: a board, a poll, an RSVP card, a pairing round. `publish` posts the
 * message once under its key and, every later time, edits that one message in place.
 */
export interface Publisher extends Outbox {
  publish(key: string, to: Recipient, content: MessageContent, db?: Prisma.TransactionClient): Promise<void>;
  update(key: string, content: MessageContent, db?: Prisma.TransactionClient): Promise<void>;
  /** The key of the message Guild posted at (channel, ts): how a thread reply finds what it answers. */
  keyAt(channelId: string, ts: string): Promise<string | undefined>;
  /** Whether a message was ever queued under `key`. */
  exists(key: string): Promise<boolean>;
  /** Where a sent message is (for a permalink), once it has been posted. */
  sent(key: string): Promise<{ channelId: string; ts: string } | undefined>;
}
