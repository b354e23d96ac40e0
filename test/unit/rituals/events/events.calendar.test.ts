/**
 * @jest-environment ./test/support/far-time-zone-environment.ts
 */
import { DateTime } from 'luxon';
import { eventCalendar, eventsCalendar, icalZone, type CalendarEvent, type CalendarSeries } from '../../../../src/rituals/events/events.calendar';
import { parseCalendar } from '../../../support/ical';

// The process runs in Pacific/Kiritimati (UTC+14): a time written in the process's zone shows.
const NOW = new Date('2026-02-01T12:00:00Z');

let nextId = 1;
function event(overrides: Partial<CalendarEvent> & Pick<CalendarEvent, 'startsAt' | 'timeZone'>): CalendarEvent {
  const id = nextId++;
  return {
    id,
    communityId: 1,
    seriesId: null,
    originalStart: null,
    kind: 'talk',
    title: 'Design systems',
    description: '',
    level: 'everyone',
    topics: [],
    hosts: [],
    guestHost: null,
    durationMinutes: 60,
    place: '',
    capacity: null,
    reminderLeads: [1440, 15],
    status: 'scheduled',
    sequence: 0,
    uid: `event-${id}@guild.test`,
    createdBy: 'U1',
    updatedAt: NOW,
    ...overrides,
  };
}

const at = (local: string, zone: string) => DateTime.fromISO(local, { zone }).toJSDate();

/** The rows of a series as the events module stores them: one per occurrence, each at its original start. */
function seriesRows(seriesId: number, series: CalendarSeries, locals: string[], extra: Partial<CalendarEvent> = {}): CalendarEvent[] {
  const zone = series.recurrence.timeZone;
  return locals.map((local) => {
    const start = at(local, zone);
    return event({ seriesId, series, originalStart: start, startsAt: start, timeZone: zone, ...extra });
  });
}

const berlinWeekly: CalendarSeries = { recurrence: { kind: 'weekly', weekdays: ['tu'], time: '18:00', timeZone: 'Europe/Berlin' }, untilDate: null, count: 6 };
// Europe moves its clocks on 29 March 2026; New York on 8 March.
const BERLIN_TUESDAYS = ['2026-03-10T18:00', '2026-03-17T18:00', '2026-03-24T18:00', '2026-03-31T18:00', '2026-04-07T18:00', '2026-04-14T18:00'];
const newYorkWeekly: CalendarSeries = { recurrence: { kind: 'weekly', weekdays: ['th'], time: '12:30', timeZone: 'America/New_York', interval: 2, anchor: '2026-02-26' }, untilDate: '2026-04-09', count: null };
const NEW_YORK_THURSDAYS = ['2026-02-26T12:30', '2026-03-12T12:30', '2026-03-26T12:30', '2026-04-09T12:30'];

describe('eventsCalendar: a weekly series in two zones across their DST changes', () => {
  const berlin = seriesRows(1, berlinWeekly, BERLIN_TUESDAYS, { title: 'Berlin crit' });
  const newYork = seriesRows(2, newYorkWeekly, NEW_YORK_THURSDAYS, { title: 'NY hack', durationMinutes: 90 });
  const text = eventsCalendar({ name: 'Design guild', events: [...berlin, ...newYork], now: NOW });
  const parsed = parseCalendar(text);

  it('writes one VTIMEZONE per zone used, and TZID starts', () => {
    expect(parsed.timezones.sort()).toEqual(['America/New_York', 'Europe/Berlin']);
    expect(text).toContain('DTSTART;TZID=Europe/Berlin:20260310T180000');
    expect(text).toContain('DTSTART;TZID=America/New_York:20260226T123000');
  });

  it('expresses each series as one master VEVENT with its RRULE, not one VEVENT per row', () => {
    expect(parsed.vevents).toHaveLength(2);
    expect(text).toContain('RRULE:FREQ=WEEKLY;BYDAY=TU;WKST=MO;COUNT=6');
    // UNTIL beside a TZID start is in UTC: the last Thursday, 12:30 EDT.
    expect(text).toContain('RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TH;WKST=MO;UNTIL=20260409T163000Z');
  });

  it('keeps the local time on both sides of the change, so the UTC instant moves by an hour', () => {
    const tuesdays = parsed.occurrences(`series-${berlin[0]!.uid}`);
    expect(tuesdays.map((o) => o.local)).toEqual(BERLIN_TUESDAYS.map((l) => `${l}:00`));
    expect(tuesdays.map((o) => o.start)).toEqual(berlin.map((e) => e.startsAt));
    expect(tuesdays[2]!.start.toISOString()).toBe('2026-03-24T17:00:00.000Z');
    expect(tuesdays[3]!.start.toISOString()).toBe('2026-03-31T16:00:00.000Z');
    expect(tuesdays.every((o) => o.tzid === 'Europe/Berlin')).toBe(true);

    const thursdays = parsed.occurrences(`series-${newYork[0]!.uid}`);
    expect(thursdays.map((o) => o.local)).toEqual(NEW_YORK_THURSDAYS.map((l) => `${l}:00`));
    expect(thursdays[0]!.start.toISOString()).toBe('2026-02-26T17:30:00.000Z');
    expect(thursdays[1]!.start.toISOString()).toBe('2026-03-12T16:30:00.000Z');
    expect(thursdays.map((o) => o.end.getTime() - o.start.getTime())).toEqual([90, 90, 90, 90].map((m) => m * 60_000));
  });
});

describe('eventsCalendar: a monthly nth weekday', () => {
  const second: CalendarSeries = { recurrence: { kind: 'monthly-nth-weekday', nth: 2, weekday: 'tu', time: '19:00', timeZone: 'Europe/Berlin' }, untilDate: null, count: 3 };
  const last: CalendarSeries = { recurrence: { kind: 'monthly-nth-weekday', nth: -1, weekday: 'fr', time: '16:00', timeZone: 'America/New_York' }, untilDate: '2026-05-31', count: null };
  const secondTuesdays = seriesRows(3, second, ['2026-02-10T19:00', '2026-03-10T19:00', '2026-04-14T19:00']);
  const lastFridays = seriesRows(4, last, ['2026-02-27T16:00', '2026-03-27T16:00', '2026-04-24T16:00', '2026-05-29T16:00']);
  const text = eventsCalendar({ name: 'Book club', events: [...secondTuesdays, ...lastFridays], now: NOW });
  const parsed = parseCalendar(text);

  it('writes BYDAY=2TU and BYDAY=-1FR, and ical.js lands on the same days', () => {
    expect(text).toContain('RRULE:FREQ=MONTHLY;BYDAY=2TU;COUNT=3\r\n');
    expect(text).toContain('RRULE:FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20260529T200000Z\r\n');
    expect(parsed.occurrences(`series-${secondTuesdays[0]!.uid}`).map((o) => o.start)).toEqual(secondTuesdays.map((e) => e.startsAt));
    expect(parsed.occurrences(`series-${lastFridays[0]!.uid}`).map((o) => o.start)).toEqual(lastFridays.map((e) => e.startsAt));
  });
});

describe('eventsCalendar: occurrences changed on their own', () => {
  const rows = seriesRows(5, berlinWeekly, BERLIN_TUESDAYS, { title: 'Crit' });
  const moved = rows[2]!;
  Object.assign(moved, { startsAt: at('2026-03-24T19:30', 'Europe/Berlin'), title: 'Crit (late)', sequence: 2 });
  Object.assign(rows[4]!, { status: 'cancelled', sequence: 1 });
  const text = eventsCalendar({ name: 'Design guild', events: rows, now: NOW });
  const parsed = parseCalendar(text);
  const uid = `series-${rows[0]!.uid}`;

  it('gives a moved, retitled occurrence an override whose RECURRENCE-ID is its original start in the TZID', () => {
    expect(text).toContain('RECURRENCE-ID;TZID=Europe/Berlin:20260324T180000');
    const override = parsed.vevents.find((v) => v.hasProperty('recurrence-id'))!;
    expect(override.getFirstPropertyValue('uid')).toBe(uid);
    expect(override.getFirstPropertyValue('sequence')).toBe(2);
    const third = parsed.occurrences(uid)[2]!;
    expect(third).toMatchObject({ local: '2026-03-24T19:30:00', summary: 'Crit (late)', overridden: true });
  });

  it('drops a cancelled occurrence with an EXDATE, and keeps the others as the rule has them', () => {
    expect(text).toContain('EXDATE;TZID=Europe/Berlin:20260407T180000');
    const occurrences = parsed.occurrences(uid);
    expect(occurrences.map((o) => o.local.slice(0, 10))).toEqual(['2026-03-10', '2026-03-17', '2026-03-24', '2026-03-31', '2026-04-14']);
    expect(occurrences.filter((o) => !o.overridden).every((o) => o.summary === 'Crit' && o.local.endsWith('T18:00:00'))).toBe(true);
    // The master changed (an EXDATE), so its SEQUENCE is the highest of its occurrences'.
    expect(parsed.master(uid).getFirstPropertyValue('sequence')).toBe(2);
  });

  it('marks a series whose every occurrence is cancelled as CANCELLED', () => {
    const all = seriesRows(6, { ...berlinWeekly, count: 2 }, BERLIN_TUESDAYS.slice(0, 2), { status: 'cancelled', sequence: 1 });
    const master = parseCalendar(eventsCalendar({ name: 'x', events: all, now: NOW })).master(`series-${all[0]!.uid}`);
    expect(master.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(master.hasProperty('exdate')).toBe(false);
  });
});

describe('eventsCalendar: one-off events', () => {
  const title = 'Tea, cake; and\nmore \\ things';
  const talk = event({ title, description: 'Bring questions; and cups, please.\nSecond line', startsAt: at('2026-05-05T09:30', 'Europe/Berlin'), timeZone: 'Europe/Berlin', place: 'https://meet.example.com/abc?x=1', hostNames: ['Ada Lovelace'], guestHost: 'Dr. Who' });
  const gone = event({ startsAt: at('2026-05-06T10:00', 'America/New_York'), timeZone: 'America/New_York', status: 'cancelled', sequence: 3, place: 'Room 4, 2nd floor' });
  const text = eventsCalendar({ name: 'Guild; design, research', events: [talk, gone], now: NOW });
  const parsed = parseCalendar(text);

  it('escapes commas, semicolons, backslashes and newlines, and ical.js reads them back', () => {
    expect(text).toContain('SUMMARY:Tea\\, cake\\; and\\nmore \\\\ things');
    const vevent = parsed.master(talk.uid);
    expect(vevent.getFirstPropertyValue('summary')).toBe(title);
    expect(String(vevent.getFirstPropertyValue('description'))).toBe('Bring questions; and cups, please.\nSecond line\n\nTalk, for everyone\nHosted by Ada Lovelace, Dr. Who (guest)');
    expect(parsed.root.getFirstPropertyValue('x-wr-calname')).toBe('Guild; design, research');
  });

  it('writes the place as LOCATION, and a link also as URL', () => {
    expect(parsed.master(talk.uid).getFirstPropertyValue('location')).toBe('https://meet.example.com/abc?x=1');
    expect(parsed.master(talk.uid).getFirstPropertyValue('url')).toBe('https://meet.example.com/abc?x=1');
    expect(parsed.master(gone.uid).getFirstPropertyValue('location')).toBe('Room 4, 2nd floor');
    expect(parsed.master(gone.uid).hasProperty('url')).toBe(false);
  });

  it('gives UID, SEQUENCE and STATUS from the row, and the start in its own zone', () => {
    expect(parsed.occurrences(talk.uid)).toEqual([expect.objectContaining({ local: '2026-05-05T09:30:00', tzid: 'Europe/Berlin', status: 'CONFIRMED', start: talk.startsAt })]);
    expect(parsed.master(talk.uid).getFirstPropertyValue('sequence')).toBe(0);
    expect(parsed.occurrences(gone.uid)).toEqual([expect.objectContaining({ local: '2026-05-06T10:00:00', tzid: 'America/New_York', status: 'CANCELLED' })]);
    expect(parsed.master(gone.uid).getFirstPropertyValue('sequence')).toBe(3);
    expect(text).toContain(`DTSTAMP:20260201T120000Z`);
  });

  it('writes a UTC event in UTC, with no VTIMEZONE', () => {
    const utc = parseCalendar(eventsCalendar({ name: 'x', events: [event({ startsAt: new Date('2026-05-05T09:30:00Z'), timeZone: 'UTC' })], now: NOW }));
    expect(utc.timezones).toEqual([]);
    expect(utc.occurrences(utc.vevents[0]!.getFirstPropertyValue('uid') as string)[0]!.start.toISOString()).toBe('2026-05-05T09:30:00.000Z');
  });
});

describe('eventCalendar', () => {
  it('writes one occurrence of a series on its own: its UID, no rule, its own TZID and VTIMEZONE', () => {
    const [, second] = seriesRows(7, berlinWeekly, BERLIN_TUESDAYS.slice(0, 2));
    const text = eventCalendar(second!, NOW);
    const parsed = parseCalendar(text);
    expect(parsed.vevents).toHaveLength(1);
    expect(parsed.timezones).toEqual(['Europe/Berlin']);
    expect(parsed.vevents[0]!.hasProperty('rrule')).toBe(false);
    expect(parsed.vevents[0]!.hasProperty('recurrence-id')).toBe(false);
    expect(parsed.occurrences(second!.uid)).toEqual([expect.objectContaining({ local: '2026-03-17T18:00:00', start: second!.startsAt })]);
  });
});

describe('icalZone', () => {
  it('names a zone as the VTIMEZONE library does, and leaves UTC and unknown zones to UTC times', () => {
    expect(icalZone('Europe/Berlin')).toBe('Europe/Berlin');
    expect(icalZone('US/Eastern')).toBe('America/New_York');
    expect(icalZone('UTC')).toBeUndefined();
    expect(icalZone('Mars/Olympus')).toBeUndefined();
  });
});
