import { LocalRateGate } from '../../../src/delivery/local-rate-gate';

describe('LocalRateGate', () => {
  let now = 0;
  // Every key: a burst of 2, then 10 a second (one token per 100 ms).
  const gate = () => new LocalRateGate(() => ({ burst: 2, perSecond: 10 }), () => now);
  beforeEach(() => (now = 0));

  it('lets the burst go at once, then books calls a token apart', async () => {
    const g = gate();
    const waits = [];
    for (let i = 0; i < 4; i += 1) waits.push(await g.reserve(['method:a'], 1000));
    expect(waits).toEqual([0, 0, 100, 200]);
  });

  it('books nothing when the wait is beyond what the caller takes', async () => {
    const g = gate();
    await g.reserve(['method:a'], 0);
    await g.reserve(['method:a'], 0);
    expect(await g.reserve(['method:a'], 50)).toBe(100);
    expect(await g.reserve(['method:a'], 100)).toBe(100);
  });

  it('waits for the busiest of a call\'s keys, and takes from each', async () => {
    const g = gate();
    await g.reserve(['channel:c', 'method:a'], 0);
    await g.reserve(['channel:c'], 0);
    expect(await g.reserve(['method:a', 'channel:c'], 1000)).toBe(100);
    expect(await g.reserve(['method:a'], 1000)).toBe(100); // its burst spent by the two calls that took from it
  });

  it('holds a paused key until the pause ends, from empty', async () => {
    const g = gate();
    await g.pause('channel:c', 500);
    expect(await g.reserve(['channel:c'], 0)).toBe(500);
    now = 500;
    expect(await g.reserve(['channel:c'], 0)).toBe(100);
  });
});
