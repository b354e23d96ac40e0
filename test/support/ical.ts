import ICAL from 'ical.js';

/** One occurrence as an independent parser (ical.js) reads it from Guild's iCalendar text. */
export interface ParsedOccurrence {
  /** The instant it starts. */
  start: Date;
  end: Date;
  /** The start's local wall-clock time in its TZID, e.g. "2026-03-10T18:00:00". */
  local: string;
  tzid: string;
  summary: string;
  status: string | null;
  /** Whether an override VEVENT (RECURRENCE-ID) gave this occurrence. */
  overridden: boolean;
}

export interface ParsedCalendar {
  root: ICAL.Component;
  vevents: ICAL.Component[];
  /** TZIDs of the VTIMEZONE components. */
  timezones: string[];
  /** Every property value of the first VEVENT with that UID and no RECURRENCE-ID. */
  master(uid: string): ICAL.Component;
  /** The event with that UID expanded by ical.js (RRULE, EXDATE, overrides), at most `limit`. */
  occurrences(uid: string, limit?: number): ParsedOccurrence[];
}

/** Parses iCalendar text with ical.js, its VTIMEZONEs registered so TZID times resolve. */
export function parseCalendar(text: string): ParsedCalendar {
  const root = new ICAL.Component(ICAL.parse(text));
  const zones = root.getAllSubcomponents('vtimezone');
  for (const zone of zones) ICAL.TimezoneService.register(zone);
  const vevents = root.getAllSubcomponents('vevent');
  const withUid = (uid: string) => vevents.filter((v) => v.getFirstPropertyValue('uid') === uid);
  const master = (uid: string) => {
    const found = withUid(uid).find((v) => !v.hasProperty('recurrence-id'));
    if (!found) throw new Error(`no VEVENT with UID ${uid}`);
    return found;
  };
  return {
    root,
    vevents,
    timezones: zones.map((z) => String(z.getFirstPropertyValue('tzid'))),
    master,
    occurrences(uid, limit = 200) {
      const event = new ICAL.Event(master(uid));
      for (const exception of withUid(uid).filter((v) => v.hasProperty('recurrence-id'))) event.relateException(exception);
      if (!event.isRecurring()) return [occurrenceOf(event.startDate, event.endDate, event, false)];
      const iterator = event.iterator();
      const out: ParsedOccurrence[] = [];
      for (let next = iterator.next(); next && out.length < limit; next = iterator.next()) {
        const details = event.getOccurrenceDetails(next);
        out.push(occurrenceOf(details.startDate, details.endDate, details.item, details.item !== event));
      }
      return out;
    },
  };
}

function occurrenceOf(start: ICAL.Time, end: ICAL.Time, item: ICAL.Event, overridden: boolean): ParsedOccurrence {
  const status = item.component.getFirstPropertyValue('status');
  return {
    start: start.toJSDate(),
    end: end.toJSDate(),
    local: start.toString(),
    tzid: start.zone?.tzid ?? '',
    summary: item.summary,
    status: status === null ? null : String(status),
    overridden,
  };
}
