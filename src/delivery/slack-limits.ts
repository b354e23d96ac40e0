import type { BucketLimit } from './rate-gate';

/**
 * Slack's published Web API limits (docs: "Rate limits"): tiers per minute per workspace, with
 * short bursts, and chat.postMessage at about one message per second per channel under a
 * workspace-wide ceiling. `scale` multiplies every allowance (the local Slack in benchmarks
 * runs scaled up by the same factor).
 */
export interface SlackLimits {
  scale: number;
  tiers: Record<1 | 2 | 3 | 4, number>;
  methodTiers: Record<string, 1 | 2 | 3 | 4>;
  postsPerChannelPerSecond: number;
  postsPerChannelBurst: number;
  postsPerWorkspacePerMinute: number;
  /** Seconds' worth of calls a bucket can make at once. */
  burstSeconds: number;
  /**
   * How much later than booked a call may reach Slack (a new connection, a busy event loop).
   * Until it arrives, Slack's bucket may still be full and gain nothing, while ours counts the
   * refill from the booking: so ours hold this many seconds' worth of calls less than Slack's.
   */
  latencyAllowanceS: number;
  minBurst: number;
}

export const SLACK_LIMITS: SlackLimits = {
  scale: 1,
  tiers: { 1: 1, 2: 20, 3: 50, 4: 100 },
  methodTiers: {
    'conversations.open': 3,
    'conversations.history': 3,
    'conversations.join': 3,
    'users.list': 2,
    'users.info': 4,
    'views.open': 4,
    'views.update': 4,
    'views.push': 4,
    'views.publish': 4,
    'chat.update': 3,
    'chat.delete': 3,
    'chat.postEphemeral': 4,
    'chat.scheduleMessage': 3,
    'files.getUploadURLExternal': 4,
    'files.completeUploadExternal': 4,
  },
  postsPerChannelPerSecond: 1,
  postsPerChannelBurst: 3,
  postsPerWorkspacePerMinute: 600,
  burstSeconds: 6,
  latencyAllowanceS: 0.5,
  minBurst: 2,
};

/**
 * Rates are kept 2% under Slack's: our buckets and Slack's start at slightly different moments,
 * and a request that arrives a hair early costs a whole second of Retry-After.
 */
const SAFETY = 0.98;

/** Gate keys: `method:<name>` and `channel:<id>` (chat.postMessage per channel). */
export function limitForKey(limits: SlackLimits): (key: string) => BucketLimit {
  const perMinute = (n: number): BucketLimit => {
    const perSecond = (n * limits.scale * SAFETY) / 60;
    return { perSecond, burst: Math.max(Math.round(limits.minBurst * limits.scale), Math.floor(perSecond * (limits.burstSeconds - limits.latencyAllowanceS))) };
  };
  return (key) => {
    if (key.startsWith('channel:')) {
      const perSecond = limits.postsPerChannelPerSecond * limits.scale * SAFETY;
      return { perSecond, burst: Math.max(1, Math.round(limits.postsPerChannelBurst * limits.scale) - Math.ceil(perSecond * limits.latencyAllowanceS)) };
    }
    const method = key.slice('method:'.length);
    if (method === 'chat.postMessage') return perMinute(limits.postsPerWorkspacePerMinute);
    return perMinute(limits.tiers[limits.methodTiers[method] ?? 3]);
  };
}
