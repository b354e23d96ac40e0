import { DateTime } from 'luxon';
import { nextOccurrence, occurrencesBetween, WEEKDAYS, type Recurrence } from '../../../src/scheduler/recurrence';

/*
 * For whole years of weekly runs at every awkward time of night, in three zones with different
 * DST rules: runs strictly increase, never fire twice on one local date, always fall on the
 * rule's weekday, and keep the rule's wall-clock time except when it does not exist that day.
 */

const zones = ['America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe'];
const times = ['00:30', '01:00', '01:30', '01:45', '02:00', '02:15', '02:30', '02:59', '03:00', '09:00', '23:30'];
const from = new Date('2026-01-01T00:00Z');
const to = new Date('2027-01-01T00:00Z');

describe.each(zones)('a year of weekly runs in %s', (timeZone) => {
  it.each(times.flatMap((time) => WEEKDAYS.map((weekday) => [time, weekday] as const)))('at %s on %s', (time, weekday) => {
    const rule: Recurrence = { kind: 'weekly', weekdays: [weekday], time, timeZone };
    const runs = occurrencesBetween(rule, from, to, 100);
    expect(runs.length === 52 || runs.length === 53).toBe(true);

    const localDates = new Set<string>();
    for (const [i, run] of runs.entries()) {
      const previous = runs[i - 1];
      if (previous) expect(run.getTime()).toBeGreaterThan(previous.getTime());
      const wall = DateTime.fromJSDate(run, { zone: timeZone });
      localDates.add(wall.toISODate() ?? '');
      expect(wall.weekday).toBe(WEEKDAYS.indexOf(weekday) + 1);
      const wanted = DateTime.fromISO(`${wall.toISODate()}T${time}`, { zone: 'UTC' });
      const shift = wall.toFormat('HH:mm') === time ? 0 : wall.offset - wall.minus({ days: 1 }).offset;
      // A shifted run is the gap case: the reading moved forward by exactly the gap.
      expect(wall.toFormat('HH:mm')).toBe(wanted.plus({ minutes: shift }).toFormat('HH:mm'));
      if (shift !== 0) expect(wall.isInDST).toBe(true);
    }
    expect(localDates.size).toBe(runs.length);

    // Walking with nextOccurrence gives the same runs as listing them.
    const walked: number[] = [];
    for (let at = nextOccurrence(rule, new Date(from.getTime() - 1)); at && at < to; at = nextOccurrence(rule, at)) walked.push(at.getTime());
    expect(walked).toEqual(runs.map((d) => d.getTime()));
  });
});
