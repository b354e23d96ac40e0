import type { WorkingDay } from './types';

/** Minutes in a day: working days are read on a circular clock of this length. */
export const DAY_MINUTES = 1440;

/** A half-open stretch [from, to) of the circular day, with 0 ≤ from < to ≤ 1440. */
export type Segment = readonly [from: number, to: number];

/**
 * Minutes of the day both working days share.
 *
 * The day is circular: a `start` below 0 or an `end` past 1440 wraps to the other side of UTC
 * midnight, so 23:00–01:00 (1380..1500) shares an hour with 00:00–08:00 (0..480). A working day
 * longer than 24 h counts as the whole day; an empty or inverted one shares nothing.
 */
export function overlapMinutes(a: WorkingDay, b: WorkingDay): number {
  return sharedMinutes(daySegments(a), daySegments(b));
}

/** `overlapMinutes` of two days already turned into segments (index loops: it runs per candidate pair). */
export function sharedMinutes(a: readonly Segment[], b: readonly Segment[]): number {
  let shared = 0;
  for (let i = 0; i < a.length; i++) {
    const sa = a[i]!;
    for (let j = 0; j < b.length; j++) {
      const sb = b[j]!;
      const from = sa[0] > sb[0] ? sa[0] : sb[0];
      const to = sa[1] < sb[1] ? sa[1] : sb[1];
      if (to > from) shared += to - from;
    }
  }
  return shared;
}

/** Minutes of the day everyone in `days` shares; 0 for nobody. */
export function groupOverlapMinutes(days: readonly WorkingDay[]): number {
  const [first, ...rest] = days;
  if (first === undefined) return 0;
  let shared = daySegments(first);
  for (const day of rest) {
    if (shared.length === 0) break;
    shared = intersect(shared, daySegments(day));
  }
  return totalLength(shared);
}

/**
 * The working day as at most two sorted, disjoint segments of [0, 1440): worth computing once
 * per person when comparing them with many others (`sharedMinutes`).
 */
export function daySegments(day: WorkingDay): Segment[] {
  const length = Math.min(day.end - day.start, DAY_MINUTES);
  if (!(length > 0)) return [];
  if (length === DAY_MINUTES) return [[0, DAY_MINUTES]];
  const from = positiveModulo(day.start, DAY_MINUTES);
  const to = from + length;
  if (to <= DAY_MINUTES) return [[from, to]];
  return [
    [0, to - DAY_MINUTES],
    [from, DAY_MINUTES],
  ];
}

/** The intersection of two sorted lists of disjoint segments, sorted and disjoint itself. */
function intersect(a: readonly Segment[], b: readonly Segment[]): Segment[] {
  const shared: Segment[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const [aFrom, aTo] = a[i]!;
    const [bFrom, bTo] = b[j]!;
    const from = Math.max(aFrom, bFrom);
    const to = Math.min(aTo, bTo);
    if (from < to) shared.push([from, to]);
    if (aTo < bTo) i++;
    else j++;
  }
  return shared;
}

function totalLength(segments: readonly Segment[]): number {
  return segments.reduce((sum, [from, to]) => sum + (to - from), 0);
}

function positiveModulo(value: number, modulus: number): number {
  return ((value % modulus) + modulus) % modulus;
}
