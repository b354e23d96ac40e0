import { DateTime } from 'luxon';
import { expandSeries, localStart } from '../../../../src/rituals/events/events.occurrences';
import type { SeriesDraft, SeriesEnd } from '../../../../src/rituals/events/events.types';
import { RecurrenceError, type Recurrence } from '../../../../src/scheduler/recurrence';

const utc = (iso: string) => new Date(iso);
const iso = (dates: { startsAt: Date }[]) => dates.map((d) => d.startsAt.toISOString());
const local = (dates: { startsAt: Date }[], zone: string) => dates.map((d) => DateTime.fromJSDate(d.startsAt, { zone }).toFormat("ccc yyyy-MM-dd HH:mm"));
const weekly = (time: string, timeZone: string, weekday: 'mo' | 'tu' | 'we' | 'th' | 'fr' | 'sa' | 'su', extra: Partial<Recurrence> = {}): Recurrence =>
  ({ kind: 'weekly', weekdays: [weekday], time, timeZone, ...extra }) as Recurrence;
const series = (recurrence: Recurrence, end: SeriesEnd | null): SeriesDraft => ({ recurrence, end });

describe('a weekly series across daylight-saving changes', () => {
  it('keeps 18:00 in Berlin when the clocks go forward (17:00Z in winter, 16:00Z in summer)', () => {
    const first = { startsAt: utc('2026-03-17T17:00:00Z'), timeZone: 'Europe/Berlin' };
    const result = expandSeries(first, series(weekly('18:00', 'Europe/Berlin', 'tu'), { count: 4 }));
    expect(iso(result.occurrences)).toEqual(['2026-03-17T17:00:00.000Z', '2026-03-24T17:00:00.000Z', '2026-03-31T16:00:00.000Z', '2026-04-07T16:00:00.000Z']);
    expect(local(result.occurrences, 'Europe/Berlin').every((l) => l.endsWith('18:00'))).toBe(true);
    expect(result).toMatchObject({ capped: false, notes: [] });
  });

  it('keeps 18:00 in Berlin when the clocks go back in October', () => {
    const first = { startsAt: utc('2026-10-20T16:00:00Z'), timeZone: 'Europe/Berlin' };
    const result = expandSeries(first, series(weekly('18:00', 'Europe/Berlin', 'tu'), { count: 3 }));
    expect(iso(result.occurrences)).toEqual(['2026-10-20T16:00:00.000Z', '2026-10-27T17:00:00.000Z', '2026-11-03T17:00:00.000Z']);
  });

  it('keeps 18:00 in New York across both of its changes (which fall on other weeks than Europe\'s)', () => {
    const spring = expandSeries({ startsAt: utc('2026-03-03T23:00:00Z'), timeZone: 'America/New_York' }, series(weekly('18:00', 'America/New_York', 'tu'), { count: 3 }));
    expect(iso(spring.occurrences)).toEqual(['2026-03-03T23:00:00.000Z', '2026-03-10T22:00:00.000Z', '2026-03-17T22:00:00.000Z']);
    const autumn = expandSeries({ startsAt: utc('2026-10-27T22:00:00Z'), timeZone: 'America/New_York' }, series(weekly('18:00', 'America/New_York', 'tu'), { count: 2 }));
    expect(iso(autumn.occurrences)).toEqual(['2026-10-27T22:00:00.000Z', '2026-11-03T23:00:00.000Z']);
    expect(local(autumn.occurrences, 'America/New_York')).toEqual(['Tue 2026-10-27 18:00', 'Tue 2026-11-03 18:00']);
  });

  it('runs every N weeks from its anchor', () => {
    const first = { startsAt: utc('2026-01-06T17:00:00Z'), timeZone: 'Europe/Berlin' };
    const result = expandSeries(first, series(weekly('18:00', 'Europe/Berlin', 'tu', { interval: 3, anchor: '2026-01-06' }), { count: 3 }));
    expect(local(result.occurrences, 'Europe/Berlin')).toEqual(['Tue 2026-01-06 18:00', 'Tue 2026-01-27 18:00', 'Tue 2026-02-17 18:00']);
  });
});

describe('a monthly series on the nth weekday', () => {
  it('takes the second Tuesday of each month', () => {
    const rule: Recurrence = { kind: 'monthly-nth-weekday', nth: 2, weekday: 'tu', time: '19:00', timeZone: 'Europe/Berlin' };
    const result = expandSeries({ startsAt: utc('2026-01-13T18:00:00Z'), timeZone: 'Europe/Berlin' }, series(rule, { count: 4 }));
    expect(local(result.occurrences, 'Europe/Berlin')).toEqual(['Tue 2026-01-13 19:00', 'Tue 2026-02-10 19:00', 'Tue 2026-03-10 19:00', 'Tue 2026-04-14 19:00']);
  });

  it('takes the last Friday (-1), whether the month has four Fridays or five', () => {
    const rule: Recurrence = { kind: 'monthly-nth-weekday', nth: -1, weekday: 'fr', time: '16:00', timeZone: 'America/New_York' };
    const result = expandSeries({ startsAt: utc('2026-01-30T21:00:00Z'), timeZone: 'America/New_York' }, series(rule, { count: 4 }));
    // January and May 2026 have five Fridays; February and March four.
    expect(local(result.occurrences, 'America/New_York')).toEqual(['Fri 2026-01-30 16:00', 'Fri 2026-02-27 16:00', 'Fri 2026-03-27 16:00', 'Fri 2026-04-24 16:00']);
    // March's is after New York's change: 20:00Z, not 21:00Z.
    expect(result.occurrences[2]?.startsAt.toISOString()).toBe('2026-03-27T20:00:00.000Z');
  });
});

describe('the end of a series', () => {
  const first = { startsAt: utc('2026-01-06T17:00:00Z'), timeZone: 'Europe/Berlin' };
  const tuesdays = weekly('18:00', 'Europe/Berlin', 'tu');

  it('includes the until date itself, as a local date in the event\'s zone', () => {
    expect(expandSeries(first, series(tuesdays, { untilDate: '2026-01-27' })).occurrences).toHaveLength(4);
    expect(expandSeries(first, series(tuesdays, { untilDate: '2026-01-26' })).occurrences).toHaveLength(3);
    // 00:30 on a Wednesday in Berlin is Tuesday 23:30Z: the until date is Berlin's date, not UTC's.
    const late = { startsAt: utc('2026-01-06T23:30:00Z'), timeZone: 'Europe/Berlin' };
    const wednesdays = weekly('00:30', 'Europe/Berlin', 'we');
    expect(iso(expandSeries(late, series(wednesdays, { untilDate: '2026-01-13' })).occurrences)).toEqual(['2026-01-06T23:30:00.000Z']);
    const result = expandSeries(late, series(wednesdays, { untilDate: '2026-01-14' }));
    expect(iso(result.occurrences)).toEqual(['2026-01-06T23:30:00.000Z', '2026-01-13T23:30:00.000Z']);
    expect(result).toMatchObject({ capped: false, notes: [] });
  });

  it('counts the first event among the N times', () => {
    const result = expandSeries(first, series(tuesdays, { count: 1 }));
    expect(iso(result.occurrences)).toEqual(['2026-01-06T17:00:00.000Z']);
  });

  it('stops a series with no end at 52 events and says so', () => {
    const result = expandSeries(first, series(tuesdays, null));
    expect(result.occurrences).toHaveLength(52);
    expect(result.capped).toBe(true);
    expect(result.notes).toEqual(['No end was given, so the series stops after 52 events (the last on 29 Dec 2026). Give an end date or a number of times to end it sooner.']);
  });

  it('caps a count or an until date beyond 52 events, saying what it asked and what it gets', () => {
    const counted = expandSeries(first, series(tuesdays, { count: 60 }));
    expect(counted.occurrences).toHaveLength(52);
    expect(counted.capped).toBe(true);
    expect(counted.notes).toEqual(['A series has at most 52 events, so this one stops after 52 (the last on 29 Dec 2026) instead of running 60 times.']);
    const until = expandSeries(first, series(tuesdays, { untilDate: '2028-01-01' }));
    expect(until.occurrences).toHaveLength(52);
    expect(until.notes[0]).toBe('A series has at most 52 events, so this one stops after 52 (the last on 29 Dec 2026) instead of running until 1 Jan 2028.');
    // Exactly 52 is not capped.
    expect(expandSeries(first, series(tuesdays, { count: 52 }))).toMatchObject({ capped: false, notes: [] });
  });

  it('refuses an end before the first event, a bad until date, and a recurrence in another zone', () => {
    expect(() => expandSeries(first, series(tuesdays, { untilDate: '2026-01-05' }))).toThrow(RecurrenceError);
    expect(() => expandSeries(first, series(tuesdays, { untilDate: '2026-02-30' }))).toThrow('is not a date');
    expect(() => expandSeries(first, series(weekly('18:00', 'America/New_York', 'tu'), null))).toThrow('a series has one time zone');
  });

  it('keeps a first event off the pattern as the first, and says so', () => {
    const wednesday = { startsAt: utc('2026-01-07T17:00:00Z'), timeZone: 'Europe/Berlin' };
    const result = expandSeries(wednesday, series(tuesdays, { count: 3 }));
    expect(local(result.occurrences, 'Europe/Berlin')).toEqual(['Wed 2026-01-07 18:00', 'Tue 2026-01-13 18:00', 'Tue 2026-01-20 18:00']);
    expect(result.notes).toEqual(['The first event (7 Jan 2026) is not on the repeat pattern; the others follow the pattern.']);
  });
});

describe('a local time the clocks skip', () => {
  it('moves a series event forward by the gap and says what it becomes; the other weeks keep 02:30', () => {
    const first = localStart('2026-03-22', '02:30', 'Europe/Berlin');
    expect(first.note).toBeUndefined();
    const result = expandSeries({ startsAt: first.startsAt, timeZone: 'Europe/Berlin' }, series(weekly('02:30', 'Europe/Berlin', 'su'), { count: 3 }));
    expect(local(result.occurrences, 'Europe/Berlin')).toEqual(['Sun 2026-03-22 02:30', 'Sun 2026-03-29 03:30', 'Sun 2026-04-05 02:30']);
    expect(result.notes).toEqual(['02:30 on 29 Mar 2026 does not exist in Europe/Berlin (the clocks go forward); the event starts at 03:30.']);
  });

  it('reads a single start the way the scheduler does: 02:30 New York on 8 Mar 2026 is 03:30 EDT', () => {
    expect(localStart('2026-03-08', '02:30', 'America/New_York')).toEqual({
      startsAt: utc('2026-03-08T07:30:00Z'),
      note: '02:30 on 8 Mar 2026 does not exist in America/New_York (the clocks go forward); the event starts at 03:30.',
    });
    // Lord Howe moves its clocks by half an hour.
    expect(localStart('2026-10-04', '02:15', 'Australia/Lord_Howe').note).toBe('02:15 on 4 Oct 2026 does not exist in Australia/Lord_Howe (the clocks go forward); the event starts at 02:45.');
    // A time that happens twice (New York falls back on 1 Nov 2026) is its first instant, and no note.
    expect(localStart('2026-11-01', '01:30', 'America/New_York')).toEqual({ startsAt: utc('2026-11-01T05:30:00Z') });
  });

  it('refuses a date that is not one', () => {
    expect(() => localStart('2026-02-30', '10:00', 'Europe/Berlin')).toThrow(RecurrenceError);
  });
});
