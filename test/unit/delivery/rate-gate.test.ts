import { bookedWaitMs } from '../../../src/delivery/rate-gate';

describe('bookedWaitMs', () => {
  const now = new Date('2026-12-01T12:00:00.000Z');
  const at = (ms: number) => new Date(now.getTime() + ms);

  it('lets a call go at once while every bucket it took from is at zero or above', () => {
    expect(bookedWaitMs([{ tokens: 0, perMs: 0.01, updatedAt: now }, { tokens: 4.5, perMs: 1, updatedAt: at(-500) }], now)).toBe(0);
  });

  it('waits for the bucket furthest in debt to refill to zero', () => {
    // 2.5 tokens owed at 0.01 per ms: 250 ms; the other bucket owes one token at 0.1 per ms: 10 ms.
    expect(bookedWaitMs([{ tokens: -2.5, perMs: 0.01, updatedAt: now }, { tokens: -1, perMs: 0.1, updatedAt: now }], now)).toBeCloseTo(250);
  });

  it('counts from the bucket\'s own moment when that is ahead (a pause, or calls booked ahead)', () => {
    expect(bookedWaitMs([{ tokens: -1, perMs: 0.002, updatedAt: at(1000) }], now)).toBeCloseTo(1500);
    expect(bookedWaitMs([{ tokens: 0, perMs: 0.002, updatedAt: at(300) }], now)).toBe(300);
  });
});
