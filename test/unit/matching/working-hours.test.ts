import { groupOverlapMinutes, overlapMinutes } from '../../../src/matching/working-hours';
import { createRandom } from '../../../src/matching/random';
import type { WorkingDay } from '../../../src/matching/types';

const day = (start: number, end: number): WorkingDay => ({ start, end });
const hours = (from: number, to: number): WorkingDay => day(from * 60, to * 60);

/** The shared minutes counted one minute at a time on the circular day, to check against. */
function minuteByMinute(days: WorkingDay[]): number {
  let shared = 0;
  for (let minute = 0; minute < 1440; minute++) {
    if (days.every((d) => covers(d, minute))) shared++;
  }
  return shared;
}

function covers(d: WorkingDay, minute: number): boolean {
  if (d.end - d.start >= 1440) return true;
  for (let k = -2; k <= 2; k++) {
    const shifted = minute + 1440 * k;
    if (shifted >= d.start && shifted < d.end) return true;
  }
  return false;
}

describe('overlapMinutes', () => {
  it('counts the minutes two working days share within one UTC day', () => {
    expect(overlapMinutes(hours(9, 17), hours(13, 21))).toBe(240);
    expect(overlapMinutes(hours(9, 17), hours(9, 17))).toBe(480);
    expect(overlapMinutes(hours(9, 12), hours(12, 15))).toBe(0);
    expect(overlapMinutes(hours(9, 12), hours(14, 18))).toBe(0);
  });

  it('wraps a day that runs past UTC midnight to the start of the day', () => {
    // 23:00–01:00 UTC against 00:00–08:00 UTC.
    expect(overlapMinutes(hours(23, 25), hours(0, 8))).toBe(60);
    expect(overlapMinutes(hours(0, 8), hours(23, 25))).toBe(60);
    // Auckland (UTC+13) 9–17 is 20:00–04:00 UTC the day before: start is negative.
    const auckland = hours(-4, 4);
    const losAngeles = hours(17, 25); // UTC−8, 9–17
    expect(overlapMinutes(auckland, losAngeles)).toBe(300);
    expect(overlapMinutes(auckland, hours(9, 17))).toBe(0);
    expect(overlapMinutes(hours(-4, 4), hours(20, 28))).toBe(480);
  });

  it('follows daylight-saving offsets as the caller computes them for the date', () => {
    const berlinWinter = hours(8, 16);
    const newYorkWinter = hours(14, 22);
    const berlinSummer = hours(7, 15);
    const newYorkSummer = hours(13, 21);
    expect(overlapMinutes(berlinWinter, newYorkWinter)).toBe(120);
    expect(overlapMinutes(berlinSummer, newYorkSummer)).toBe(120);
    // The March weeks when New York has moved its clocks and Berlin not yet.
    expect(overlapMinutes(berlinWinter, newYorkSummer)).toBe(180);
    // Half-hour zones: Kolkata (UTC+5:30) 9–17 is 03:30–11:30 UTC.
    expect(overlapMinutes(day(210, 690), berlinWinter)).toBe(210);
  });

  it('treats a day of 24 hours or more as the whole day and an empty or inverted one as nothing', () => {
    expect(overlapMinutes(day(-100, 1340), hours(9, 17))).toBe(480);
    expect(overlapMinutes(day(0, 3000), day(1400, 1500))).toBe(100);
    expect(overlapMinutes(hours(9, 9), hours(0, 24))).toBe(0);
    expect(overlapMinutes(hours(17, 9), hours(0, 24))).toBe(0);
  });

  it('agrees with counting minute by minute on random days, including far shifts', () => {
    const random = createRandom(7);
    for (let round = 0; round < 300; round++) {
      const a = randomDay(() => random.next());
      const b = randomDay(() => random.next());
      expect(overlapMinutes(a, b)).toBe(minuteByMinute([a, b]));
      expect(overlapMinutes(b, a)).toBe(overlapMinutes(a, b));
    }
  });
});

describe('groupOverlapMinutes', () => {
  it('counts the minutes everyone shares', () => {
    expect(groupOverlapMinutes([hours(8, 16), hours(10, 18), hours(12, 20)])).toBe(240);
    expect(groupOverlapMinutes([hours(22, 30), hours(-1, 3), hours(1, 9)])).toBe(120);
    expect(groupOverlapMinutes([hours(8, 16), hours(10, 18), hours(16, 20)])).toBe(0);
  });

  it('is a single day’s length for one person and 0 for nobody', () => {
    expect(groupOverlapMinutes([hours(23, 31)])).toBe(480);
    expect(groupOverlapMinutes([])).toBe(0);
  });

  it('equals the pairwise overlap for two people and the minute count for groups', () => {
    const random = createRandom(11);
    for (let round = 0; round < 200; round++) {
      const size = 2 + random.int(4);
      const days = Array.from({ length: size }, () => randomDay(() => random.next()));
      expect(groupOverlapMinutes(days)).toBe(minuteByMinute(days));
      expect(groupOverlapMinutes(days.slice(0, 2))).toBe(overlapMinutes(days[0]!, days[1]!));
    }
  });
});

function randomDay(next: () => number): WorkingDay {
  const start = Math.floor(next() * 2880) - 1440;
  const length = Math.floor(next() * 1600) - 60;
  return { start, end: start + length };
}
