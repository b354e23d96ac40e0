import ical, { formatDate, ICalCalendarMethod, ICalEventStatus, type ICalCalendar, type ICalEventData } from 'ical-generator';
import { DateTime } from 'luxon';
import { tzlib_get_ical_block, tzlib_get_timezones } from 'timezones-ical-library';
import type { Recurrence } from '../../scheduler/recurrence.types';
import type { EventKind, EventLevel, EventView } from './events.types';

/** A recurring event's rule and end, as stored on its series. */
export interface CalendarSeries {
  recurrence: Recurrence;
  untilDate: string | null;
  count: number | null;
}

/**
 * An event as a calendar shows it: the stored row, its series (for an occurrence of one), and
 * the names of its hosts when the caller knows them (hosts are Slack user ids).
 */
export interface CalendarEvent extends EventView {
  series?: CalendarSeries;
  hostNames?: string[];
}

/** Calendar clients poll a subscribed feed; this asks them to do it hourly. */
const FEED_REFRESH_SECONDS = 3600;

/**
 * A community's feed: one-off events as plain VEVENTs, each series as one master VEVENT with
 * its RRULE plus an override (RECURRENCE-ID) per occurrence that differs from it. Every
 * occurrence of a series must be among `events` (the rule's COUNT/UNTIL is read from them).
 */
export function eventsCalendar(input: { name: string; events: CalendarEvent[]; now: Date }): string {
  const calendar = newCalendar(input.name);
  const { oneOffs, series } = splitSeries(input.events);
  for (const event of oneOffs) calendar.createEvent(vevent(event, input.now));
  for (const occurrences of series) for (const entry of seriesEntries(occurrences, input.now)) calendar.createEvent(entry);
  return calendar.toString();
}

/** One event on its own (the `.ics` linked from its announcement): a plain VEVENT, never a rule. */
export function eventCalendar(event: CalendarEvent, now: Date): string {
  const calendar = newCalendar();
  calendar.createEvent(vevent(event, now));
  return calendar.toString();
}

function newCalendar(name?: string): ICalCalendar {
  return ical({
    prodId: { company: 'Guild', product: 'Guild events', language: 'EN' },
    method: ICalCalendarMethod.PUBLISH,
    // No calendar-wide zone: each event names its own, and gets a VTIMEZONE for it.
    timezone: { name: null, generator: vtimezone },
    ...(name === undefined ? {} : { name, ttl: FEED_REFRESH_SECONDS }),
  });
}

let libraryZones: Set<string> | undefined;
const blocks = new Map<string, string | null>();

/**
 * The VTIMEZONE of a zone from timezones-ical-library (under the TZID `icalZone` gives it), or
 * null for a zone it lacks: asked only about zones on its list, since it prints an error for others.
 */
function vtimezone(zone: string): string | null {
  libraryZones ??= new Set(tzlib_get_timezones() as string[]);
  if (!libraryZones.has(zone)) return null;
  let block = blocks.get(zone);
  if (block === undefined) {
    const found = tzlib_get_ical_block(zone);
    block = Array.isArray(found) ? (found[0] ?? null) : null;
    blocks.set(zone, block);
  }
  return block;
}

/**
 * The TZID to write for an IANA zone: the library's name for it (links such as US/Eastern come
 * back as America/New_York, whose VTIMEZONE it has); undefined for UTC and for zones the library
 * lacks, whose times are then written in UTC (the same instants, without a local rule).
 */
export function icalZone(zone: string): string | undefined {
  const block = vtimezone(zone);
  const tzid = block ? /^TZID:(.+)$/m.exec(block)?.[1]?.trim() : undefined;
  return tzid === undefined || tzid === 'Etc/UTC' ? undefined : tzid;
}

/** An instant as a Luxon DateTime in the zone the calendar writes it in. */
function zoned(at: Date, zone: string | undefined): DateTime {
  return DateTime.fromJSDate(at, { zone: zone ?? 'utc' });
}

interface Split {
  oneOffs: CalendarEvent[];
  series: CalendarEvent[][];
}

/** One-off events, and the occurrences of each series whose rule a calendar can express. */
function splitSeries(events: CalendarEvent[]): Split {
  const bySeries = new Map<number, CalendarEvent[]>();
  const oneOffs: CalendarEvent[] = [];
  for (const event of events) {
    if (event.seriesId === null || !event.series || !ruleOf(event.series.recurrence)) oneOffs.push(event);
    else bySeries.set(event.seriesId, [...(bySeries.get(event.seriesId) ?? []), event]);
  }
  return { oneOffs, series: [...bySeries.values()].map((occurrences) => occurrences.sort((a, b) => originalStart(a) - originalStart(b))) };
}

function originalStart(event: EventView): number {
  return (event.originalStart ?? event.startsAt).getTime();
}

/** What a series' occurrences share unless one was changed on its own. */
function templateKey(event: EventView): string {
  const { title, description, place, durationMinutes, hosts, guestHost, kind, level, topics, timeZone } = event;
  return JSON.stringify([title, description, place, durationMinutes, hosts, guestHost, kind, level, topics, timeZone]);
}

/**
 * The master VEVENT and its overrides. The master carries what most live occurrences share and
 * starts at the first occurrence's original start; an occurrence that moved or was changed on
 * its own becomes an override. A cancelled occurrence becomes an EXDATE of the master: every
 * client honours an EXDATE, while an override with STATUS:CANCELLED is shown by some clients as
 * a normal event. When every occurrence is cancelled, the master itself is STATUS:CANCELLED.
 */
function seriesEntries(occurrences: CalendarEvent[], now: Date): ICalEventData[] {
  const first = occurrences[0]!;
  const live = occurrences.filter((o) => o.status !== 'cancelled');
  const template = mostCommon(live.length > 0 ? live : occurrences);
  const key = templateKey(template);
  const overrides = live.filter((o) => templateKey(o) !== key || o.startsAt.getTime() !== originalStart(o));
  const zone = icalZone(first.series!.recurrence.timeZone);
  const masterStart = zoned(new Date(originalStart(first)), zone);
  const master: ICalEventData = {
    ...vevent({ ...template, startsAt: new Date(originalStart(first)), status: live.length > 0 ? 'scheduled' : 'cancelled' }, now),
    id: seriesUid(first),
    sequence: Math.max(...occurrences.map((o) => o.sequence)),
    lastModified: zoned(new Date(Math.max(...occurrences.map((o) => o.updatedAt.getTime()))), 'utc'),
    start: masterStart,
    end: masterStart.plus({ minutes: template.durationMinutes }),
    timezone: zone ?? null,
    repeating: recurrenceLines(first.series!, occurrences, zone),
  };
  return [master, ...overrides.map((o) => ({ ...vevent(o, now), id: seriesUid(first), recurrenceId: zoned(new Date(originalStart(o)), zone) }))];
}

/** The series' UID: stable, since a series' rows are made up front and its first stays first. */
function seriesUid(first: EventView): string {
  return `series-${first.uid}`;
}

function mostCommon(events: CalendarEvent[]): CalendarEvent {
  const counts = new Map<string, number>();
  for (const event of events) counts.set(templateKey(event), (counts.get(templateKey(event)) ?? 0) + 1);
  // Ties go to the earliest occurrence (events are in order).
  return events.reduce((best, event) => (counts.get(templateKey(event))! > counts.get(templateKey(best))! ? event : best));
}

const ICAL_DAYS = { mo: 'MO', tu: 'TU', we: 'WE', th: 'TH', fr: 'FR', sa: 'SA', su: 'SU' } as const;

/** The RRULE body (without COUNT/UNTIL) of the recurrences events use; undefined for others. */
function ruleOf(recurrence: Recurrence): string | undefined {
  const interval = Math.max(1, recurrence.kind === 'weekly' || recurrence.kind === 'monthly-nth-weekday' ? (recurrence.interval ?? 1) : 1);
  const every = interval > 1 ? `;INTERVAL=${interval}` : '';
  if (recurrence.kind === 'weekly') return `FREQ=WEEKLY${every};BYDAY=${recurrence.weekdays.map((d) => ICAL_DAYS[d]).join(',')};WKST=MO`;
  if (recurrence.kind === 'monthly-nth-weekday') return `FREQ=MONTHLY${every};BYDAY=${recurrence.nth}${ICAL_DAYS[recurrence.weekday]}`;
  return undefined;
}

/**
 * RRULE and EXDATE lines. The rule lists exactly the stored occurrences: COUNT when the
 * organiser gave one (or gave no end, and Guild capped the series), UNTIL the last stored
 * original start (in UTC, as RFC 5545 asks beside a TZID start) when they gave a last date.
 * ical-generator writes a BYDAY of "2TU" only through its text form, hence the lines here.
 */
function recurrenceLines(series: CalendarSeries, occurrences: CalendarEvent[], zone: string | undefined): string {
  const last = new Date(originalStart(occurrences.at(-1)!));
  const end = series.untilDate !== null ? `;UNTIL=${formatDate(null, zoned(last, 'utc'))}` : `;COUNT=${Math.min(series.count ?? occurrences.length, occurrences.length)}`;
  const lines = [`RRULE:${ruleOf(series.recurrence)}${end}`];
  const cancelled = occurrences.filter((o) => o.status === 'cancelled').map((o) => zoned(new Date(originalStart(o)), zone));
  if (cancelled.length > 0 && cancelled.length < occurrences.length) {
    const values = cancelled.map((at) => formatDate(zone ?? null, at, false, zone !== undefined)).join(',');
    lines.push(zone ? `EXDATE;TZID=${zone}:${values}` : `EXDATE:${values}`);
  }
  return lines.join('\r\n');
}

/** A plain VEVENT of one event, in its own zone. */
function vevent(event: CalendarEvent, now: Date): ICalEventData {
  const zone = icalZone(event.timeZone);
  const start = zoned(event.startsAt, zone);
  const url = linkIn(event.place);
  return {
    id: event.uid,
    sequence: event.sequence,
    stamp: zoned(now, 'utc'),
    lastModified: zoned(event.updatedAt, 'utc'),
    start,
    end: start.plus({ minutes: event.durationMinutes }),
    timezone: zone ?? null,
    summary: event.title,
    description: descriptionOf(event),
    location: event.place.trim() === '' ? null : event.place.trim(),
    url: url ?? null,
    status: event.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  };
}

/** The place, when it is a web link (a call or a stream). */
function linkIn(place: string): string | undefined {
  const text = place.trim();
  if (!/^https?:\/\/\S+$/i.test(text)) return undefined;
  try {
    return new URL(text).toString();
  } catch {
    return undefined;
  }
}

const KIND_LABELS: Record<EventKind, string> = { talk: 'Talk', workshop: 'Workshop', book_club: 'Book-club session', feedback: 'Feedback session', hack: 'Hack session', other: 'Event' };
const LEVEL_LABELS: Record<EventLevel, string> = { everyone: 'for everyone', newcomers: 'for newcomers', experienced: 'for experienced members' };

/** The description, then who hosts, the kind, level and topics: what a calendar has no field for. */
export function descriptionOf(event: CalendarEvent): string {
  const hosts = [...(event.hostNames ?? []), ...(event.guestHost ? [`${event.guestHost} (guest)`] : [])];
  const facts = [
    `${KIND_LABELS[event.kind]}, ${LEVEL_LABELS[event.level]}`,
    ...(hosts.length > 0 ? [`Hosted by ${hosts.join(', ')}`] : []),
    ...(event.topics.length > 0 ? [`Topics: ${event.topics.join(', ')}`] : []),
    ...(event.status === 'cancelled' ? ['Cancelled.'] : []),
  ];
  return [event.description.trim(), facts.join('\n')].filter((part) => part !== '').join('\n\n');
}
