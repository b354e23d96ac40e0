import type { SandboxState } from './sandbox-state';
import type { SandboxLogger } from './sandbox.types';

export const SCHEDULE_HORIZON_S = 120 * 24 * 3600;
export const SCHEDULE_WINDOW_S = 5 * 60;
export const SCHEDULE_WINDOW_MAX = 30;

export interface ScheduledMessage {
  id: string;
  channel: string;
  postAt: number;
  dateCreated: number;
  text: string;
  blocks?: unknown[];
  threadTs?: string;
}

/** Messages waiting for their post_at; one timer, armed for the earliest, posts them when due. */
export class ScheduledMessages {
  private readonly pending = new Map<string, ScheduledMessage>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly state: SandboxState,
    private readonly logger?: SandboxLogger,
  ) {}

  add(message: ScheduledMessage): void {
    this.pending.set(message.id, message);
    this.arm();
  }

  remove(id: string, channel: string): boolean {
    const message = this.pending.get(id);
    if (!message || message.channel !== channel) return false;
    this.pending.delete(id);
    this.arm();
    return true;
  }

  list(channel?: string): ScheduledMessage[] {
    return [...this.pending.values()].filter((m) => channel === undefined || m.channel === channel).sort((a, b) => a.postAt - b.postAt);
  }

  /** Pending messages in the channel whose post time falls within the 5-minute window around postAt. */
  countNear(channel: string, postAt: number): number {
    return this.list(channel).filter((m) => Math.abs(m.postAt - postAt) < SCHEDULE_WINDOW_S).length;
  }

  /** The workspace's clock jumped (the sandbox fast-forwarded): re-time the next post. */
  rearm(): void {
    this.arm();
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.stopped) return;
    const next = this.list()[0];
    if (!next) return;
    const delay = Math.min(Math.max(0, next.postAt * 1000 - this.state.clock.nowMs()), 2 ** 31 - 1);
    this.timer = setTimeout(() => this.postDue(), delay);
  }

  private postDue(): void {
    const nowS = this.state.clock.nowMs() / 1000;
    for (const message of this.list()) {
      if (message.postAt > nowS) break;
      this.pending.delete(message.id);
      try {
        const channel = this.state.resolvePostTarget(message.channel);
        this.state.postBotMessage(channel, { text: message.text, blocks: message.blocks, threadTs: message.threadTs });
        this.state.changed();
      } catch (err) {
        // Slack silently drops a scheduled message that can no longer be posted; we log it.
        this.logger?.warn({ err, scheduledMessageId: message.id }, 'scheduled message could not be posted');
      }
    }
    this.arm();
  }

  clear(): void {
    this.pending.clear();
    this.arm();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
