import type { BucketLimits } from '../../src/sandbox/rate-limiter';

/** One message a reminder sends: when it fell due, where it goes (a channel, or a person's DM). */
export interface DueMessage {
  dueAt: number;
  channel: string;
}

/** A token bucket in time (ms), as the local Slack keeps one: `take` answers the earliest moment ≥ `at` with a token. */
class Bucket {
  private tokens: number;
  private at = Number.NEGATIVE_INFINITY;

  constructor(private readonly limits: BucketLimits) {
    this.tokens = limits.burst;
  }

  earliest(at: number): number {
    const level = this.levelAt(at);
    return level >= 1 ? at : Math.max(at, this.at) + ((1 - level) / this.limits.perSecond) * 1000;
  }

  take(at: number): void {
    this.tokens = this.levelAt(at) - 1;
    this.at = at;
  }

  private levelAt(at: number): number {
    if (at <= this.at) return this.tokens;
    return Math.min(this.limits.burst, this.tokens + ((at - this.at) / 1000) * this.limits.perSecond);
  }
}

/**
 * The earliest each message could reach Slack under its limits (the workspace's bucket and each
 * channel's), sent in the order they fell due: what a perfect sender would achieve.
 */
export function idealSendTimes(messages: readonly DueMessage[], workspace: BucketLimits, perChannel: BucketLimits): number[] {
  const shared = new Bucket(workspace);
  const channels = new Map<string, Bucket>();
  const order = messages.map((m, i) => ({ ...m, i })).sort((a, b) => a.dueAt - b.dueAt);
  const times = new Array<number>(messages.length);
  for (const m of order) {
    let channel = channels.get(m.channel);
    if (!channel) channels.set(m.channel, (channel = new Bucket(perChannel)));
    // Both must have a token at once: the later of the two moments, until they agree.
    let at = m.dueAt;
    for (let next = Math.max(shared.earliest(at), channel.earliest(at)); next > at; next = Math.max(shared.earliest(at), channel.earliest(at))) at = next;
    shared.take(at);
    channel.take(at);
    times[m.i] = at;
  }
  return times;
}
