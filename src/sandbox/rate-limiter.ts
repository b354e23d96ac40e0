import type { RateLimitOptions, Tier } from './sandbox.types';

/** Slack's documented tiers (calls per minute per workspace). */
export const DEFAULT_TIER_RATES: Record<Tier, number> = { 1: 1, 2: 20, 3: 50, 4: 100 };

/** Method → tier, from Slack's method pages; unknown methods get Tier 3. */
export const DEFAULT_METHOD_TIERS: Record<string, Tier> = {
  'apps.connections.open': 1,
  'auth.test': 4,
  'chat.postEphemeral': 4,
  'chat.update': 3,
  'chat.delete': 3,
  'chat.getPermalink': 4,
  'chat.scheduleMessage': 3,
  'chat.deleteScheduledMessage': 3,
  'chat.scheduledMessages.list': 3,
  'conversations.open': 3,
  'conversations.info': 3,
  'conversations.list': 2,
  'conversations.members': 4,
  'conversations.history': 3,
  'conversations.replies': 3,
  'conversations.join': 3,
  'files.getUploadURLExternal': 4,
  'files.completeUploadExternal': 4,
  'users.info': 4,
  'users.list': 2,
  'views.open': 4,
  'views.update': 4,
  'views.push': 4,
  'views.publish': 4,
};

/** A refilling bucket; time is passed in so unit tests need no fake timers. */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    readonly capacity: number,
    readonly perSecond: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.updatedAt = now;
  }

  private refill(now: number): void {
    const elapsedS = Math.max(0, now - this.updatedAt) / 1000;
    this.tokens = Math.min(this.capacity, this.tokens + elapsedS * this.perSecond);
    this.updatedAt = now;
  }

  /** Milliseconds until one token is available (0 when one is). */
  waitMs(now: number): number {
    this.refill(now);
    if (this.tokens >= 1) return 0;
    return ((1 - this.tokens) / this.perSecond) * 1000;
  }

  take(now: number): void {
    this.refill(now);
    this.tokens -= 1;
  }
}

export interface BucketLimits {
  perMinute: number;
  perSecond: number;
  burst: number;
}

export interface MethodLimits {
  method: string;
  tier?: Tier;
  /** The method's own limit (per workspace), absent for chat.postMessage. */
  workspace: BucketLimits;
  /** chat.postMessage only: the per-channel limit. */
  perChannel?: BucketLimits;
  /**
   * Least time in ms that `count` calls can take when they start with full buckets, spread over
   * `channels` channels (chat.postMessage); benchmarks compare measured times against it.
   */
  minimumMs(count: number, channels?: number): number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterS: number };

/** Per-method token buckets (and per-channel ones for chat.postMessage), as Slack enforces them. */
export class RateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();
  /** 429s answered per method, because a limit was hit; counted even when calls are not recorded. */
  private readonly refusals = new Map<string, number>();
  private readonly options: Required<Omit<RateLimitOptions, 'tiers' | 'methodTiers'>> & {
    tiers: Record<Tier, number>;
    methodTiers: Record<string, Tier>;
  };

  constructor(options: RateLimitOptions = {}) {
    this.options = {
      enabled: options.enabled ?? true,
      scale: options.scale ?? 1,
      tiers: { ...DEFAULT_TIER_RATES, ...options.tiers },
      methodTiers: { ...DEFAULT_METHOD_TIERS, ...options.methodTiers },
      perChannelPerSecond: options.perChannelPerSecond ?? 1,
      perChannelBurst: options.perChannelBurst ?? 3,
      workspacePostsPerMinute: options.workspacePostsPerMinute ?? 600,
      burst: options.burst ?? 6,
      minBurst: options.minBurst ?? 2,
    };
  }

  get enabled(): boolean {
    return this.options.enabled;
  }

  limitsFor(method: string): MethodLimits {
    const o = this.options;
    if (method === 'chat.postMessage') {
      const workspace = this.bucketLimits(o.workspacePostsPerMinute);
      const perChannelRate = o.perChannelPerSecond * o.scale;
      const perChannel = {
        perMinute: perChannelRate * 60,
        perSecond: perChannelRate,
        burst: Math.max(1, Math.round(o.perChannelBurst * o.scale)),
      };
      return {
        method,
        workspace,
        perChannel,
        minimumMs: (count, channels = 1) => {
          const perChannelCount = Math.ceil(count / Math.max(1, channels));
          return Math.max(drainMs(count, workspace), drainMs(perChannelCount, perChannel));
        },
      };
    }
    const tier = o.methodTiers[method] ?? 3;
    const workspace = this.bucketLimits(o.tiers[tier]);
    return { method, tier, workspace, minimumMs: (count) => drainMs(count, workspace) };
  }

  private bucketLimits(perMinuteUnscaled: number): BucketLimits {
    const perMinute = perMinuteUnscaled * this.options.scale;
    const perSecond = perMinute / 60;
    const burst = Math.max(Math.round(this.options.minBurst * this.options.scale), Math.ceil(perSecond * this.options.burst));
    return { perMinute, perSecond, burst: Math.max(1, burst) };
  }

  /** Takes a token for the call if every bucket it needs has one; otherwise says how long to wait. */
  check(method: string, channel: string | undefined, now: number): RateDecision {
    if (!this.options.enabled) return { allowed: true };
    const limits = this.limitsFor(method);
    const needed = [this.bucket(`m:${method}`, limits.workspace, now)];
    if (limits.perChannel && channel) needed.push(this.bucket(`c:${channel}`, limits.perChannel, now));
    const waitMs = Math.max(...needed.map((b) => b.waitMs(now)));
    if (waitMs > 0) {
      this.refusals.set(method, (this.refusals.get(method) ?? 0) + 1);
      return { allowed: false, retryAfterS: Math.max(1, Math.ceil(waitMs / 1000)) };
    }
    for (const bucket of needed) bucket.take(now);
    return { allowed: true };
  }

  private bucket(key: string, limits: BucketLimits, now: number): TokenBucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(limits.burst, limits.perSecond, now);
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  /** How many calls (to `method`, or to any) were refused with a 429 since the last reset. */
  refused(method?: string): number {
    if (method !== undefined) return this.refusals.get(method) ?? 0;
    return [...this.refusals.values()].reduce((sum, n) => sum + n, 0);
  }

  reset(): void {
    this.buckets.clear();
    this.refusals.clear();
  }
}

function drainMs(count: number, limits: BucketLimits): number {
  return (Math.max(0, count - limits.burst) / limits.perSecond) * 1000;
}
