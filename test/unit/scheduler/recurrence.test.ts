import {
  describeRecurrence,
  nextOccurrence,
  occurrencesBetween,
  RecurrenceError,
  validateRecurrence,
  type Recurrence,
} from '../../../src/scheduler/recurrence';

const isoBetween = (rule: Recurrence, from: string, to: string, limit = 1000): string[] =>
  occurrencesBetween(rule, new Date(from), new Date(to), limit).map((d) => d.toISOString());
const next = (rule: Recurrence, after: string): string | undefined => nextOccurrence(rule, new Date(after))?.toISOString();

describe('every N weeks with an anchor', () => {
  const fortnightly = (anchor: string): Recurrence => ({ kind: 'weekly', weekdays: ['tu'], time: '09:30', timeZone: 'Europe/Berlin', interval: 2, anchor });

  it('runs in the anchor week and every second week from it, in both directions', () => {
    expect(isoBetween(fortnightly('2026-01-05'), '2025-12-15T00:00Z', '2026-02-04T00:00Z')).toEqual([
      '2025-12-23T08:30:00.000Z',
      '2026-01-06T08:30:00.000Z',
      '2026-01-20T08:30:00.000Z',
      '2026-02-03T08:30:00.000Z',
    ]);
  });

  it('takes the whole week (Monday to Sunday) of the anchor as week 0', () => {
    const fromMonday = isoBetween(fortnightly('2026-01-05'), '2026-01-01T00:00Z', '2026-03-01T00:00Z');
    expect(isoBetween(fortnightly('2026-01-11'), '2026-01-01T00:00Z', '2026-03-01T00:00Z')).toEqual(fromMonday);
    expect(next(fortnightly('2026-01-12'), '2026-01-01T00:00Z')).toBe('2026-01-13T08:30:00.000Z');
  });

  it('handles several weekdays, every 3 weeks', () => {
    const rule: Recurrence = { kind: 'weekly', weekdays: ['th', 'mo'], time: '18:00', timeZone: 'America/New_York', interval: 3, anchor: '2026-02-02' };
    expect(isoBetween(rule, '2026-02-01T00:00Z', '2026-03-01T00:00Z')).toEqual([
      '2026-02-02T23:00:00.000Z',
      '2026-02-05T23:00:00.000Z',
      '2026-02-23T23:00:00.000Z',
      '2026-02-26T23:00:00.000Z',
    ]);
  });
});

describe('monthly nth weekday', () => {
  const monthly = (nth: 1 | 2 | 3 | 4 | -1, weekday: 'tu' | 'fr', extra: Partial<Recurrence> = {}): Recurrence =>
    ({ kind: 'monthly-nth-weekday', nth, weekday, time: '16:00', timeZone: 'America/New_York', ...extra }) as Recurrence;

  it('finds the last Friday, across the March DST change', () => {
    expect(isoBetween(monthly(-1, 'fr'), '2026-01-01T00:00Z', '2026-05-01T00:00Z')).toEqual([
      '2026-01-30T21:00:00.000Z',
      '2026-02-27T21:00:00.000Z',
      '2026-03-27T20:00:00.000Z',
      '2026-04-24T20:00:00.000Z',
    ]);
  });

  it('tells the 4th from the last in months with five Fridays (January and May 2026)', () => {
    expect(next(monthly(4, 'fr'), '2026-01-01T00:00Z')).toBe('2026-01-23T21:00:00.000Z');
    expect(next(monthly(-1, 'fr'), '2026-01-01T00:00Z')).toBe('2026-01-30T21:00:00.000Z');
    expect(next(monthly(4, 'fr'), '2026-05-01T00:00Z')).toBe('2026-05-22T20:00:00.000Z');
    expect(next(monthly(-1, 'fr'), '2026-05-01T00:00Z')).toBe('2026-05-29T20:00:00.000Z');
    // February 2026 has exactly four Fridays: the 4th is the last.
    expect(next(monthly(4, 'fr'), '2026-02-01T00:00Z')).toBe(next(monthly(-1, 'fr'), '2026-02-01T00:00Z'));
  });

  it('counts the first from day 1, including a month starting on that weekday', () => {
    // 2026-09-01 is a Tuesday.
    expect(next(monthly(1, 'tu'), '2026-08-05T00:00Z')).toBe('2026-09-01T20:00:00.000Z');
  });

  it('runs every 3 months from the anchor month', () => {
    const rule = monthly(2, 'tu', { interval: 3, anchor: '2026-01-20' });
    expect(isoBetween(rule, '2026-01-01T00:00Z', '2027-01-01T00:00Z')).toEqual([
      '2026-01-13T21:00:00.000Z',
      '2026-04-14T20:00:00.000Z',
      '2026-07-14T20:00:00.000Z',
      '2026-10-13T20:00:00.000Z',
    ]);
  });
});

describe('RRULE parity', () => {
  const year = (rule: Recurrence): string[] => isoBetween(rule, '2026-01-06T00:00Z', '2027-01-06T00:00Z');

  it('gives the same instants as the weekly rule over a year, across DST', () => {
    const weekly: Recurrence = { kind: 'weekly', weekdays: ['tu', 'th'], time: '09:30', timeZone: 'Europe/Berlin', interval: 2, anchor: '2026-01-05' };
    const rrule: Recurrence = { kind: 'rrule', rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;BYHOUR=9;BYMINUTE=30', dtstart: '2026-01-06T09:30', timeZone: 'Europe/Berlin' };
    // 27 fortnights start in the window: 26 with two runs, then Tuesday 2027-01-05 alone.
    expect(year(weekly)).toHaveLength(53);
    expect(year(rrule)).toEqual(year(weekly));
  });

  it('gives the same instants as the monthly rule, with a -1FR ordinal', () => {
    const monthly: Recurrence = { kind: 'monthly-nth-weekday', nth: -1, weekday: 'fr', time: '16:00', timeZone: 'America/New_York' };
    const rrule: Recurrence = { kind: 'rrule', rrule: 'RRULE:FREQ=MONTHLY;BYDAY=-1FR', dtstart: '2026-01-01T16:00', timeZone: 'America/New_York' };
    expect(year(monthly)).toHaveLength(12);
    expect(year(rrule)).toEqual(year(monthly));
  });

  it('takes the weekday and time from dtstart when BYDAY, BYHOUR and BYMINUTE are absent', () => {
    const rrule: Recurrence = { kind: 'rrule', rrule: 'FREQ=WEEKLY', dtstart: '2026-03-01T02:30', timeZone: 'America/New_York' };
    const weekly: Recurrence = { kind: 'weekly', weekdays: ['su'], time: '02:30', timeZone: 'America/New_York' };
    expect(isoBetween(rrule, '2026-03-01T00:00Z', '2026-12-01T00:00Z')).toEqual(isoBetween(weekly, '2026-03-01T00:00Z', '2026-12-01T00:00Z'));
  });
});

describe('RRULE parts', () => {
  const rrule = (text: string, dtstart = '2026-01-01T10:00', timeZone = 'UTC'): Recurrence => ({ kind: 'rrule', rrule: text, dtstart, timeZone });

  it('BYMONTHDAY expands (negative from the end) and skips days a month lacks', () => {
    expect(isoBetween(rrule('FREQ=MONTHLY;BYMONTHDAY=31,-1'), '2026-01-01T00:00Z', '2026-05-01T00:00Z')).toEqual([
      '2026-01-31T10:00:00.000Z',
      '2026-02-28T10:00:00.000Z',
      '2026-03-31T10:00:00.000Z',
      '2026-04-30T10:00:00.000Z',
    ]);
  });

  it('YEARLY with BYMONTH and an ordinal BYDAY (US Thanksgiving)', () => {
    expect(isoBetween(rrule('FREQ=YEARLY;BYMONTH=11;BYDAY=4TH'), '2026-01-01T00:00Z', '2029-01-01T00:00Z')).toEqual([
      '2026-11-26T10:00:00.000Z',
      '2027-11-25T10:00:00.000Z',
      '2028-11-23T10:00:00.000Z',
    ]);
  });

  it('YEARLY on 29 February skips the years without one', () => {
    expect(isoBetween(rrule('FREQ=YEARLY', '2024-02-29T10:00'), '2024-01-01T00:00Z', '2033-01-01T00:00Z')).toEqual([
      '2024-02-29T10:00:00.000Z',
      '2028-02-29T10:00:00.000Z',
      '2032-02-29T10:00:00.000Z',
    ]);
  });

  it('DAILY with BYDAY filters and several BYHOUR values', () => {
    expect(isoBetween(rrule('FREQ=DAILY;BYDAY=MO,FR;BYHOUR=9,17;BYMINUTE=0', '2026-01-01T00:00'), '2026-01-01T00:00Z', '2026-01-06T00:00Z')).toEqual([
      '2026-01-02T09:00:00.000Z',
      '2026-01-02T17:00:00.000Z',
      '2026-01-05T09:00:00.000Z',
      '2026-01-05T17:00:00.000Z',
    ]);
  });

  it('never starts before dtstart', () => {
    expect(next(rrule('FREQ=DAILY', '2026-06-01T10:00'), '2026-01-01T00:00Z')).toBe('2026-06-01T10:00:00.000Z');
  });
});

describe('ending', () => {
  const daily = (end: string): Recurrence => ({ kind: 'rrule', rrule: `FREQ=DAILY;${end}`, dtstart: '2026-03-07T02:30', timeZone: 'America/New_York' });
  const expected = ['2026-03-07T07:30:00.000Z', '2026-03-08T07:30:00.000Z', '2026-03-09T06:30:00.000Z'];

  it.each(['COUNT=3', 'UNTIL=20260309T063000Z', 'UNTIL=20260309T023000', 'UNTIL=20260309'])('%s ends after the third run, the gap day included', (end) => {
    expect(isoBetween(daily(end), '2026-01-01T00:00Z', '2027-01-01T00:00Z')).toEqual(expected);
    expect(next(daily(end), '2026-03-09T06:30:00Z')).toBeUndefined();
    expect(next(daily(end), '2026-03-08T07:30:00Z')).toBe('2026-03-09T06:30:00.000Z');
  });

  it('COUNT counts from dtstart, however late the question is asked', () => {
    const weekly: Recurrence = { kind: 'rrule', rrule: 'FREQ=WEEKLY;COUNT=10', dtstart: '2026-01-05T09:00', timeZone: 'Europe/Berlin' };
    expect(next(weekly, '2026-03-02T08:00Z')).toBe('2026-03-09T08:00:00.000Z');
    expect(next(weekly, '2026-03-09T08:00Z')).toBeUndefined();
  });

  it('a once in the past is over; in the future it is the next occurrence, strictly after', () => {
    const once: Recurrence = { kind: 'once', at: '2026-05-01T12:00', timeZone: 'Europe/Berlin' };
    expect(next(once, '2026-04-01T00:00Z')).toBe('2026-05-01T10:00:00.000Z');
    expect(next(once, '2026-05-01T10:00:00Z')).toBeUndefined();
    expect(next(once, '2027-01-01T00:00Z')).toBeUndefined();
  });
});

describe('nextOccurrence', () => {
  const weekly: Recurrence = { kind: 'weekly', weekdays: ['mo', 'we'], time: '09:00', timeZone: 'Europe/Berlin' };

  it('is strictly after the instant given', () => {
    expect(next(weekly, '2026-01-05T08:00:00Z')).toBe('2026-01-07T08:00:00.000Z');
    expect(next(weekly, '2026-01-05T07:59:59.999Z')).toBe('2026-01-05T08:00:00.000Z');
  });

  it('jumps straight to the right week of an old series (well under a millisecond per call)', () => {
    nextOccurrence(weekly, new Date('2030-01-01T00:00Z'));
    const started = performance.now();
    for (let i = 0; i < 200; i++) nextOccurrence(weekly, new Date(Date.UTC(2030, 0, 1 + i)));
    expect((performance.now() - started) / 200).toBeLessThan(1);
  });

  it('throws RecurrenceError for an invalid rule', () => {
    const bad = { kind: 'weekly', weekdays: [], time: '09:00', timeZone: 'Europe/Berlin' } as unknown as Recurrence;
    expect(() => nextOccurrence(bad, new Date())).toThrow(RecurrenceError);
  });
});

describe('occurrencesBetween', () => {
  it('is [from, to) and stops at the limit', () => {
    const rule: Recurrence = { kind: 'weekly', weekdays: ['mo'], time: '09:00', timeZone: 'UTC' };
    expect(isoBetween(rule, '2026-01-05T09:00Z', '2026-01-19T09:00Z')).toEqual(['2026-01-05T09:00:00.000Z', '2026-01-12T09:00:00.000Z']);
    expect(isoBetween(rule, '2026-01-01T00:00Z', '2027-01-01T00:00Z', 5)).toHaveLength(5);
  });
});

describe('validateRecurrence', () => {
  const problem = (input: unknown): string => {
    const result = validateRecurrence(input);
    if (result.ok) throw new Error('expected a problem');
    return result.problem;
  };
  const weekly = { kind: 'weekly', weekdays: ['mo'], time: '09:00', timeZone: 'Europe/Berlin' };

  it('accepts a good rule and returns a clean copy', () => {
    expect(validateRecurrence({ ...weekly, weekdays: ['we', 'mo', 'we'], note: 'x' })).toEqual({
      ok: true,
      value: { kind: 'weekly', weekdays: ['mo', 'we'], time: '09:00', timeZone: 'Europe/Berlin' },
    });
  });

  it('names an unknown time zone and gives an example', () => {
    expect(problem({ ...weekly, timeZone: 'Europe/Berln' })).toBe(
      'Unknown time zone "Europe/Berln": use an IANA time zone name such as "Europe/Berlin" or "America/New_York".',
    );
  });

  it.each(['9:00', '24:00', '09:60', 9])('refuses the time %p', (time) => {
    expect(problem({ ...weekly, time })).toMatch(/^Time .* is not valid: use HH:MM on a 24-hour clock, e\.g\. "09:30"\.$/);
  });

  it.each([0, 53, 1.5, '2'])('refuses the interval %p', (interval) => {
    expect(problem({ ...weekly, interval, anchor: '2026-01-05' })).toMatch(/^Interval must be a whole number of weeks from 1 to 52/);
  });

  it('refuses empty and unknown weekdays', () => {
    expect(problem({ ...weekly, weekdays: [] })).toBe('Pick at least one weekday (mo, tu, we, th, fr, sa, su).');
    expect(problem({ ...weekly, weekdays: ['mon'] })).toBe('Unknown weekday "mon": use mo, tu, we, th, fr, sa or su.');
  });

  it('asks for an anchor when repeating every N > 1 weeks', () => {
    expect(problem({ ...weekly, interval: 2 })).toBe('Every 2 weeks needs an anchor: a date in the first week it runs, e.g. "2026-01-05".');
  });

  it('refuses local date-times with an offset, and bad nth', () => {
    expect(problem({ kind: 'once', at: '2026-03-08T02:30Z', timeZone: 'UTC' })).toMatch(/^at "2026-03-08T02:30Z" is not a local date-time/);
    expect(problem({ kind: 'monthly-nth-weekday', nth: 5, weekday: 'fr', time: '16:00', timeZone: 'UTC' })).toBe(
      'nth must be 1, 2, 3, 4 or -1 (the last one), got 5.',
    );
  });

  it('refuses non-objects and unknown kinds', () => {
    expect(problem('weekly')).toMatch(/^A recurrence must be an object with a kind/);
    expect(problem({ kind: 'hourly' })).toBe('Unknown recurrence kind "hourly": use once, weekly, monthly-nth-weekday or rrule.');
  });

  const rrule = (text: string, dtstart = '2026-01-01T09:00'): unknown => ({ kind: 'rrule', rrule: text, dtstart, timeZone: 'Europe/Berlin' });

  it.each([
    ['FREQ=MONTHLY;BYSETPOS=-1;BYDAY=MO,TU', /^RRULE part BYSETPOS is not supported; Guild supports FREQ, INTERVAL/],
    ['FREQ=YEARLY;BYWEEKNO=20', /^RRULE part BYWEEKNO is not supported/],
    ['FREQ=YEARLY;BYYEARDAY=100', /^RRULE part BYYEARDAY is not supported/],
    ['FREQ=HOURLY', /^RRULE FREQ=HOURLY is not supported; use DAILY, WEEKLY, MONTHLY or YEARLY\.$/],
    ['BYDAY=MO', /^The RRULE needs FREQ/],
    ['FREQ=WEEKLY;BYDAY=2TU', /^RRULE BYDAY ordinal "2TU" only makes sense with FREQ=MONTHLY or FREQ=YEARLY\.$/],
    ['FREQ=MONTHLY;BYDAY=6TU', /^RRULE BYDAY ordinal in "6TU" must be 1\.\.5/],
    ['FREQ=WEEKLY;BYMONTHDAY=1', /^BYMONTHDAY cannot be used with FREQ=WEEKLY/],
    ['FREQ=DAILY;COUNT=3;UNTIL=20260101', /^An RRULE may have COUNT or UNTIL, not both\.$/],
    ['FREQ=DAILY;INTERVAL=0', /^RRULE INTERVAL value 0 is out of range 1\.\.1000\.$/],
    ['FREQ=DAILY;BYHOUR=24', /^RRULE BYHOUR value 24 is out of range 0\.\.23\.$/],
    ['FREQ=DAILY;UNTIL=2026-01-01', /^RRULE UNTIL "2026-01-01" is not a date/],
    ['FREQ=DAILY;FREQ=WEEKLY', /^RRULE part FREQ is given twice\.$/],
    ['FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30', /^This RRULE never produces an occurrence/],
    ['FREQ=DAILY;UNTIL=20251231T000000Z', /^This RRULE never produces an occurrence/],
  ])('names what is wrong in %s', (text, message) => {
    expect(problem(rrule(text))).toMatch(message);
  });
});

describe('describeRecurrence', () => {
  it.each<[Recurrence, string]>([
    [{ kind: 'weekly', weekdays: ['tu', 'th'], time: '09:30', timeZone: 'Europe/Berlin', interval: 2, anchor: '2026-01-05' }, 'every 2 weeks on Tuesday and Thursday at 09:30 (Europe/Berlin)'],
    [{ kind: 'weekly', weekdays: ['mo'], time: '09:00', timeZone: 'UTC' }, 'every week on Monday at 09:00 (UTC)'],
    [{ kind: 'monthly-nth-weekday', nth: -1, weekday: 'fr', time: '16:00', timeZone: 'America/New_York' }, 'on the last Friday of every month at 16:00 (America/New_York)'],
    [{ kind: 'monthly-nth-weekday', nth: 2, weekday: 'tu', time: '12:00', timeZone: 'UTC', interval: 3, anchor: '2026-01-01' }, 'on the second Tuesday of every 3 months at 12:00 (UTC)'],
    [{ kind: 'once', at: '2026-03-08T02:30', timeZone: 'America/New_York' }, 'once on Sunday 8 March 2026 at 02:30 (America/New_York)'],
    [
      { kind: 'rrule', rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;BYHOUR=9;BYMINUTE=30', dtstart: '2026-01-06T09:30', timeZone: 'Europe/Berlin' },
      'every 2 weeks on Tuesday and Thursday at 09:30 (Europe/Berlin), starting 2026-01-06',
    ],
    [
      { kind: 'rrule', rrule: 'FREQ=MONTHLY;BYDAY=-1FR;COUNT=6', dtstart: '2026-01-01T16:00', timeZone: 'America/New_York' },
      'on the last Friday of every month at 16:00 (America/New_York), 6 times, starting 2026-01-01',
    ],
    [
      { kind: 'rrule', rrule: 'FREQ=MONTHLY;BYMONTHDAY=1,-1;UNTIL=20261231T230000Z', dtstart: '2026-01-01T08:00', timeZone: 'Europe/Berlin' },
      'every month on day 1 and the last day at 08:00 (Europe/Berlin), until 2026-12-31 23:00 UTC, starting 2026-01-01',
    ],
    [{ kind: 'rrule', rrule: 'FREQ=YEARLY', dtstart: '2024-02-29T10:00', timeZone: 'UTC' }, 'every year on 29 February at 10:00 (UTC), starting 2024-02-29'],
  ])('%j reads "%s"', (rule, text) => {
    expect(describeRecurrence(rule)).toBe(text);
  });
});
