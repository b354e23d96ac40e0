import type { Ephemeral, Message } from './sandbox.types';

/** Messages per channel (oldest first, replies under their parent) and ephemerals per user. */
export class MessageStore {
  private readonly byChannel = new Map<string, Message[]>();
  private readonly byTs = new Map<string, Message>();
  readonly ephemerals: Ephemeral[] = [];

  add(message: Message): Message {
    this.byTs.set(key(message.channel, message.ts), message);
    if (message.threadTs !== undefined && message.threadTs !== message.ts) {
      const parent = this.find(message.channel, message.threadTs);
      if (parent) {
        parent.replies.push(message);
        return message;
      }
    }
    let list = this.byChannel.get(message.channel);
    if (!list) {
      list = [];
      this.byChannel.set(message.channel, list);
    }
    list.push(message);
    return message;
  }

  find(channel: string, ts: string): Message | undefined {
    return this.byTs.get(key(channel, ts));
  }

  /** Top-level messages of a channel, oldest first (deleted ones included, flagged). */
  list(channel: string): Message[] {
    return this.byChannel.get(channel) ?? [];
  }

  /** Conversations that hold at least one message. */
  channels(): string[] {
    return [...this.byChannel.keys()];
  }

  clear(): void {
    this.byChannel.clear();
    this.byTs.clear();
    this.ephemerals.length = 0;
  }
}

function key(channel: string, ts: string): string {
  return `${channel}/${ts}`;
}
