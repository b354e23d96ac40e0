import { RateLimiter, TokenBucket } from '../../../src/sandbox';

describe('TokenBucket', () => {
  it('spends its burst, then refills at its rate', () => {
    const bucket = new TokenBucket(2, 1, 0);
    bucket.take(0);
    bucket.take(0);
    expect(bucket.waitMs(0)).toBe(1000);
    expect(bucket.waitMs(400)).toBeCloseTo(600);
    expect(bucket.waitMs(1000)).toBe(0);
  });
});

describe('RateLimiter', () => {
  it('uses Slack tiers with a burst and reports whole-second Retry-After', () => {
    const limiter = new RateLimiter();
    expect(limiter.limitsFor('users.info')).toMatchObject({ tier: 4, workspace: { perMinute: 100, burst: 10 } });
    for (let i = 0; i < 10; i += 1) expect(limiter.check('users.info', undefined, 0)).toEqual({ allowed: true });
    expect(limiter.check('users.info', undefined, 0)).toEqual({ allowed: false, retryAfterS: 1 });
    expect(limiter.check('users.info', undefined, 600)).toEqual({ allowed: true });
  });

  it('limits chat.postMessage per channel and across the workspace', () => {
    const limiter = new RateLimiter({ perChannelBurst: 1, workspacePostsPerMinute: 60, burst: 2, minBurst: 1 });
    expect(limiter.check('chat.postMessage', 'C1', 0).allowed).toBe(true);
    expect(limiter.check('chat.postMessage', 'C1', 0)).toEqual({ allowed: false, retryAfterS: 1 });
    expect(limiter.check('chat.postMessage', 'C2', 0).allowed).toBe(true);
    expect(limiter.check('chat.postMessage', 'C3', 0)).toEqual({ allowed: false, retryAfterS: 1 });
    expect(limiter.limitsFor('chat.postMessage').minimumMs(10, 10)).toBe(8000);
  });

  it('counts the 429s it answers, per method, until reset', () => {
    const limiter = new RateLimiter({ perChannelBurst: 1, minBurst: 1 });
    limiter.check('chat.postMessage', 'C1', 0);
    limiter.check('chat.postMessage', 'C1', 0);
    limiter.check('chat.postMessage', 'C1', 10);
    limiter.check('apps.connections.open', undefined, 0);
    limiter.check('apps.connections.open', undefined, 0);
    expect([limiter.refused('chat.postMessage'), limiter.refused('apps.connections.open'), limiter.refused()]).toEqual([2, 1, 3]);
    limiter.reset();
    expect(limiter.refused()).toBe(0);
  });

  it('scales allowances and can be disabled', () => {
    expect(new RateLimiter({ scale: 30 }).limitsFor('conversations.open').workspace).toMatchObject({ perMinute: 1500, burst: 150 });
    const off = new RateLimiter({ enabled: false });
    for (let i = 0; i < 100; i += 1) expect(off.check('apps.connections.open', undefined, 0).allowed).toBe(true);
  });
});
