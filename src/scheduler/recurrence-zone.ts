import { IANAZone } from 'luxon';

/*
 * Turning a wall-clock reading into an instant, following RFC 5545 §3.3.5 (the iCalendar rule,
 * so that our RRULEs mean what calendar apps think they mean):
 *  - gap (spring forward): the reading is read with the offset in force *before* the gap, i.e. it
 *    moves forward by the length of the gap: 02:30 in New York on 2026-03-08 → 03:30 EDT;
 *    02:15 on Lord Howe on 2026-10-04 → 02:45 (+11:00).
 *  - overlap (fall back): the *first* of the two instants, i.e. the earlier (pre-change) offset.
 * Luxon's own guess is not used because it is inconsistent in overlaps: it picks the later
 * instant in New York and Berlin but the earlier one on Lord Howe.
 *
 * Assumption, true of every zone in the tz database for the years we accept: a zone never
 * changes its offset twice within 48 hours.
 */

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;

/** A zone's offsets over one UTC year: offset `offsets[i]` (minutes) holds from `starts[i]`. */
interface YearOffsets {
  starts: number[];
  offsets: number[];
}

/**
 * A zone whose offsets are looked up in per-year transition tables. Asking Intl for an offset
 * costs ~25 µs; a table costs ~10 ms to build once per zone and year, after which a lookup is a
 * scan of three or so entries, which keeps nextOccurrence in the microseconds.
 */
export class RecurrenceZone {
  private readonly years = new Map<number, YearOffsets>();

  constructor(private readonly zone: IANAZone) {}

  /** Offset from UTC in minutes at an instant. */
  offset(instant: number): number {
    const year = new Date(instant).getUTCFullYear();
    let table = this.years.get(year);
    if (!table) {
      table = this.buildYear(year);
      this.years.set(year, table);
    }
    let i = table.starts.length - 1;
    while (i > 0 && (table.starts[i] as number) > instant) i--;
    return table.offsets[i] as number;
  }

  // Samples daily (the 48-hour assumption means no change hides between samples), then
  // bisects each change to the millisecond.
  private buildYear(year: number): YearOffsets {
    const start = Date.UTC(year, 0, 1);
    const end = Date.UTC(year + 1, 0, 1) - 1;
    const table: YearOffsets = { starts: [start], offsets: [this.zone.offset(start)] };
    let previous = start;
    let previousOffset = table.offsets[0] as number;
    for (let t = Math.min(start + MS_PER_DAY, end); ; t = Math.min(t + MS_PER_DAY, end)) {
      const offset = this.zone.offset(t);
      if (offset !== previousOffset) {
        let lo = previous;
        let hi = t;
        while (hi - lo > 1) {
          const mid = Math.floor((lo + hi) / 2);
          if (this.zone.offset(mid) === previousOffset) lo = mid;
          else hi = mid;
        }
        table.starts.push(hi);
        table.offsets.push(offset);
      }
      previous = t;
      previousOffset = offset;
      if (t === end) return table;
    }
  }
}

const zones = new Map<string, RecurrenceZone | undefined>();

/** The zone for an IANA name, or undefined when the runtime does not know it. Cached per name. */
export function knownZone(name: string): RecurrenceZone | undefined {
  if (zones.has(name)) return zones.get(name);
  const zone = IANAZone.isValidZone(name) ? new RecurrenceZone(IANAZone.create(name)) : undefined;
  zones.set(name, zone);
  return zone;
}

/** The instant (UTC ms) of a naive wall-clock reading in `zone`, per the rules above. */
export function instantOf(naive: number, zone: RecurrenceZone): number {
  // Offsets are tried from a day either side: one of them is in force at the reading.
  const before = zone.offset(naive - MS_PER_DAY);
  const after = zone.offset(naive + MS_PER_DAY);
  let first: number | undefined;
  for (const offset of before === after ? [before] : [before, after]) {
    const instant = naive - offset * MS_PER_MINUTE;
    if (zone.offset(instant) === offset && (first === undefined || instant < first)) first = instant;
  }
  return first ?? naive - before * MS_PER_MINUTE;
}

/** The naive wall-clock reading of an instant in `zone`. */
export function wallClockOf(instant: number, zone: RecurrenceZone): number {
  return instant + zone.offset(instant) * MS_PER_MINUTE;
}
