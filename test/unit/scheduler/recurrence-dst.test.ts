import { DateTime } from 'luxon';
import { nextOccurrence, occurrencesBetween, type Recurrence } from '../../../src/scheduler/recurrence';

const local = (instant: Date, zone: string): string => DateTime.fromJSDate(instant, { zone }).toFormat("yyyy-MM-dd'T'HH:mmZZ");
const isoBetween = (rule: Recurrence, from: string, to: string): string[] =>
  occurrencesBetween(rule, new Date(from), new Date(to), 100).map((d) => d.toISOString());

const sunday = (time: string, timeZone: string): Recurrence => ({ kind: 'weekly', weekdays: ['su'], time, timeZone });

describe('the 2026 transitions these tests rely on (tzdata check)', () => {
  it.each([
    ['America/New_York', '2026-03-08T06:59Z', -300, '2026-03-08T07:00Z', -240],
    ['America/New_York', '2026-11-01T05:59Z', -240, '2026-11-01T06:00Z', -300],
    ['Europe/Berlin', '2026-03-29T00:59Z', 60, '2026-03-29T01:00Z', 120],
    ['Europe/Berlin', '2026-10-25T00:59Z', 120, '2026-10-25T01:00Z', 60],
    ['Australia/Lord_Howe', '2026-04-04T14:59Z', 660, '2026-04-04T15:00Z', 630],
    ['Australia/Lord_Howe', '2026-10-03T15:29Z', 630, '2026-10-03T15:30Z', 660],
  ])('%s changes offset at %s', (zone, before, offsetBefore, after, offsetAfter) => {
    expect(DateTime.fromISO(before, { zone }).offset).toBe(offsetBefore);
    expect(DateTime.fromISO(after, { zone }).offset).toBe(offsetAfter);
  });
});

describe('America/New_York (2026-03-08 02:00→03:00, 2026-11-01 02:00→01:00)', () => {
  const zone = 'America/New_York';

  it('keeps 09:00 local across both changes, moving the UTC instant', () => {
    const spring = isoBetween(sunday('09:00', zone), '2026-03-01T00:00Z', '2026-03-16T00:00Z');
    expect(spring).toEqual(['2026-03-01T14:00:00.000Z', '2026-03-08T13:00:00.000Z', '2026-03-15T13:00:00.000Z']);
    const fall = isoBetween(sunday('09:00', zone), '2026-10-25T00:00Z', '2026-11-09T00:00Z');
    expect(fall).toEqual(['2026-10-25T13:00:00.000Z', '2026-11-01T14:00:00.000Z', '2026-11-08T14:00:00.000Z']);
    expect(fall.map((d) => local(new Date(d), zone))).toEqual(['2026-10-25T09:00-04:00', '2026-11-01T09:00-05:00', '2026-11-08T09:00-05:00']);
  });

  it('moves 02:30 in the spring gap forward by the gap, to 03:30 EDT', () => {
    const runs = isoBetween(sunday('02:30', zone), '2026-03-01T00:00Z', '2026-03-16T00:00Z');
    expect(runs).toEqual(['2026-03-01T07:30:00.000Z', '2026-03-08T07:30:00.000Z', '2026-03-15T06:30:00.000Z']);
    expect(runs.map((d) => local(new Date(d), zone))).toEqual(['2026-03-01T02:30-05:00', '2026-03-08T03:30-04:00', '2026-03-15T02:30-04:00']);
  });

  it('fires 01:30 in the autumn overlap once, at the first (EDT) instant', () => {
    const runs = isoBetween(sunday('01:30', zone), '2026-10-25T00:00Z', '2026-11-09T00:00Z');
    expect(runs).toEqual(['2026-10-25T05:30:00.000Z', '2026-11-01T05:30:00.000Z', '2026-11-08T06:30:00.000Z']);
    expect(runs.map((d) => local(new Date(d), zone))).toEqual(['2026-10-25T01:30-04:00', '2026-11-01T01:30-04:00', '2026-11-08T01:30-05:00']);
    // Asked again just after the first 01:30, it must not offer the second 01:30 (EST).
    expect(nextOccurrence(sunday('01:30', zone), new Date('2026-11-01T05:30:00Z'))?.toISOString()).toBe('2026-11-08T06:30:00.000Z');
  });

  it('keeps 02:30 on the fall-back day, which exists once (EST)', () => {
    expect(isoBetween(sunday('02:30', zone), '2026-10-31T00:00Z', '2026-11-02T00:00Z')).toEqual(['2026-11-01T07:30:00.000Z']);
  });
});

describe('Europe/Berlin (2026-03-29 02:00→03:00, 2026-10-25 03:00→02:00)', () => {
  const zone = 'Europe/Berlin';

  it('keeps 09:00 local across both changes', () => {
    expect(isoBetween(sunday('09:00', zone), '2026-03-22T00:00Z', '2026-04-06T00:00Z')).toEqual([
      '2026-03-22T08:00:00.000Z',
      '2026-03-29T07:00:00.000Z',
      '2026-04-05T07:00:00.000Z',
    ]);
    expect(isoBetween(sunday('09:00', zone), '2026-10-18T00:00Z', '2026-11-02T00:00Z')).toEqual([
      '2026-10-18T07:00:00.000Z',
      '2026-10-25T08:00:00.000Z',
      '2026-11-01T08:00:00.000Z',
    ]);
  });

  it('moves 02:30 in the spring gap to 03:30 CEST', () => {
    const runs = isoBetween(sunday('02:30', zone), '2026-03-22T00:00Z', '2026-04-06T00:00Z');
    expect(runs).toEqual(['2026-03-22T01:30:00.000Z', '2026-03-29T01:30:00.000Z', '2026-04-05T00:30:00.000Z']);
    expect(runs.map((d) => local(new Date(d), zone))).toEqual(['2026-03-22T02:30+01:00', '2026-03-29T03:30+02:00', '2026-04-05T02:30+02:00']);
  });

  it('fires 02:30 in the autumn overlap once, at the first (CEST) instant', () => {
    const runs = isoBetween(sunday('02:30', zone), '2026-10-18T00:00Z', '2026-11-02T00:00Z');
    expect(runs).toEqual(['2026-10-18T00:30:00.000Z', '2026-10-25T00:30:00.000Z', '2026-11-01T01:30:00.000Z']);
    expect(runs.map((d) => local(new Date(d), zone))).toEqual(['2026-10-18T02:30+02:00', '2026-10-25T02:30+02:00', '2026-11-01T02:30+01:00']);
  });
});

describe('Australia/Lord_Howe (2026-04-05 02:00→01:30, 2026-10-04 02:00→02:30)', () => {
  const zone = 'Australia/Lord_Howe';

  it('keeps 09:00 local across both half-hour changes', () => {
    const autumn = isoBetween(sunday('09:00', zone), '2026-03-28T00:00Z', '2026-04-12T00:00Z');
    expect(autumn).toEqual(['2026-03-28T22:00:00.000Z', '2026-04-04T22:30:00.000Z', '2026-04-11T22:30:00.000Z']);
    const spring = isoBetween(sunday('09:00', zone), '2026-09-26T00:00Z', '2026-10-11T00:00Z');
    expect(spring).toEqual(['2026-09-26T22:30:00.000Z', '2026-10-03T22:00:00.000Z', '2026-10-10T22:00:00.000Z']);
    expect(spring.map((d) => local(new Date(d), zone))).toEqual(['2026-09-27T09:00+10:30', '2026-10-04T09:00+11:00', '2026-10-11T09:00+11:00']);
  });

  it('moves 02:15 in the 30-minute gap forward by 30 minutes, to 02:45', () => {
    const runs = isoBetween(sunday('02:15', zone), '2026-09-26T00:00Z', '2026-10-11T00:00Z');
    expect(runs).toEqual(['2026-09-26T15:45:00.000Z', '2026-10-03T15:45:00.000Z', '2026-10-10T15:15:00.000Z']);
    expect(runs.map((d) => local(new Date(d), zone))).toEqual(['2026-09-27T02:15+10:30', '2026-10-04T02:45+11:00', '2026-10-11T02:15+11:00']);
  });

  it('keeps 02:30, the first valid reading after the gap, as it is', () => {
    expect(isoBetween(sunday('02:30', zone), '2026-10-03T00:00Z', '2026-10-05T00:00Z')).toEqual(['2026-10-03T15:30:00.000Z']);
  });

  it('fires 01:45 in the 30-minute overlap once, at the first (+11:00) instant', () => {
    const runs = isoBetween(sunday('01:45', zone), '2026-03-28T00:00Z', '2026-04-12T00:00Z');
    expect(runs).toEqual(['2026-03-28T14:45:00.000Z', '2026-04-04T14:45:00.000Z', '2026-04-11T15:15:00.000Z']);
    expect(runs.map((d) => local(new Date(d), zone))).toEqual(['2026-03-29T01:45+11:00', '2026-04-05T01:45+11:00', '2026-04-12T01:45+10:30']);
  });
});

describe('once at a transition', () => {
  it('reads a gap time forward and an overlap time as its first instant', () => {
    const gap: Recurrence = { kind: 'once', at: '2026-03-08T02:30', timeZone: 'America/New_York' };
    const overlap: Recurrence = { kind: 'once', at: '2026-11-01T01:30', timeZone: 'America/New_York' };
    expect(nextOccurrence(gap, new Date('2026-01-01T00:00Z'))?.toISOString()).toBe('2026-03-08T07:30:00.000Z');
    expect(nextOccurrence(overlap, new Date('2026-01-01T00:00Z'))?.toISOString()).toBe('2026-11-01T05:30:00.000Z');
    expect(nextOccurrence(overlap, new Date('2026-11-01T05:30:00Z'))).toBeUndefined();
  });
});

describe('two readings landing on one instant', () => {
  it('counts as one occurrence: 02:30 pushed to 03:30 EDT and 03:30 EDT itself', () => {
    const rule: Recurrence = { kind: 'rrule', rrule: 'FREQ=DAILY;BYHOUR=2,3;BYMINUTE=30', dtstart: '2026-03-07T00:00', timeZone: 'America/New_York' };
    expect(isoBetween(rule, '2026-03-07T00:00Z', '2026-03-09T12:00Z')).toEqual([
      '2026-03-07T07:30:00.000Z',
      '2026-03-07T08:30:00.000Z',
      '2026-03-08T07:30:00.000Z',
      '2026-03-09T06:30:00.000Z',
      '2026-03-09T07:30:00.000Z',
    ]);
  });
});
