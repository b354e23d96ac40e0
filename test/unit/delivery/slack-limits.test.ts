import { limitForKey, SLACK_LIMITS } from '../../../src/delivery/slack-limits';

describe('limitForKey', () => {
  it('keeps 2% under Slack\'s rates, and half a second\'s worth under its bursts for calls that arrive late', () => {
    const limit = limitForKey(SLACK_LIMITS);
    // 600 posts a minute: Slack's bucket holds 60; ours 9.8/s × 5.5 s.
    expect(limit('method:chat.postMessage')).toEqual({ perSecond: 9.8, burst: 53 });
    // One post a second per channel, bursts of 3: ours holds 2.
    expect(limit('channel:C1')).toEqual({ perSecond: 0.98, burst: 2 });
    // Tier 2 (20 a minute) would hold one call: it keeps the smallest burst, two.
    expect(limit('method:users.list').burst).toBe(2);
  });

  it('scales every allowance', () => {
    const limit = limitForKey({ ...SLACK_LIMITS, scale: 20 });
    expect(limit('method:chat.postMessage')).toEqual({ perSecond: 196, burst: 1078 });
    expect(limit('channel:C1')).toEqual({ perSecond: 19.6, burst: 50 });
  });
});
