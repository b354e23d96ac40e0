import { DateTime } from 'luxon';
import { z } from 'zod';
import { validateRecurrence, WEEKDAYS, type Recurrence, type Weekday } from '../../scheduler/recurrence';
import { clip } from '../../slack/kit/text';
import { ViewValues } from '../../slack/kit/view-values';
import { canonicalZone } from '../../time/zones';
import { EVENT_FIELDS as F, EVENT_INPUT as I, REPEAT_CHOICES, type EventField, type RepeatChoice } from './events.form-ids';
import { dateInWords, expandSeries, localStart } from './events.occurrences';
import { EVENT_KINDS, EVENT_LEVELS, type EventDraft, type SeriesDraft, type SeriesEnd } from './events.types';

/*
 * The event form, read and checked. Pure: the listener passes the submitted values and the
 * clock; every problem comes back keyed by its field, so the form shows it beside that input
 * (block ids in events.form-ids.ts), and says what was wrong and how to put it right.
 */

export const TITLE_MAX = 150;
export const DESCRIPTION_MAX = 2000;
export const GUEST_HOST_MAX = 100;
export const PLACE_MAX = 500;
export const HOSTS_MAX = 10;
export const CAPACITY_MAX = 10_000;
/** Durations are 1 minute to 23 h 59 min: a longer gathering is one event per day. */
export const DURATION_MAX = 1439;
export const REMINDERS_MAX = 4;
export const LEAD_MAX = 14 * 1440;
export const EVERY_WEEKS_MAX = 52;

export interface EventFormContext {
  now: Date;
  communityTimeZone: string;
  /** The community's topic names, as the form offered them. */
  topics: string[];
  /** An edit changes one event: the form has no recurrence fields. */
  mode: 'create' | 'edit';
}

export type EventFormErrors = Partial<Record<EventField, string>>;
export type EventFormResult = { ok: true; draft: EventDraft; notes: string[] } | { ok: false; errors: EventFormErrors };

type Parse<T> = { ok: true; value: T } | { ok: false; problem: string };
const ok = <T>(value: T): Parse<T> => ({ ok: true, value });
const fail = (problem: string): Parse<never> => ({ ok: false, problem });

/** Characters as Slack counts them (code points). */
const characters = (text: string) => [...text].length;
const shown = (text: string) => `"${clip(text, 30)}"`;

// ── Durations and lead times ─────────────────────────────────────────────────────────────

const UNIT_MINUTES: Record<string, number> = {
  d: 1440, day: 1440, days: 1440,
  h: 60, hr: 60, hrs: 60, hour: 60, hours: 60,
  m: 1, min: 1, mins: 1, minute: 1, minutes: 1,
};

/** "90", "1h 30m", "2 hours", "1d" → minutes; undefined when it is not such a text. */
export function parseMinutes(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  if (/^\d{1,6}$/.test(t)) return Number(t);
  const part = /(\d{1,5})\s*([a-z]+)\s*/y;
  let total = 0;
  for (let at = 0; at < t.length; at = part.lastIndex) {
    part.lastIndex = at;
    const match = part.exec(t);
    const unit = match ? UNIT_MINUTES[match[2] as string] : undefined;
    if (!match || unit === undefined) return undefined;
    total += Number(match[1]) * unit;
  }
  return t.length > 0 ? total : undefined;
}

/** 1440 → "24h", 90 → "1h 30m", 2880 → "2d": the way the form writes lead times back. */
export function formatMinutes(minutes: number): string {
  if (minutes > 1440 && minutes % 1440 === 0) return `${minutes / 1440}d`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest}m`;
  return rest === 0 ? `${hours}h` : `${hours}h ${rest}m`;
}

export function formatLeads(leads: readonly number[]): string {
  return leads.map(formatMinutes).join(', ');
}

const LEADS_EXAMPLE = 'e.g. "1d, 2h, 15m"';

/** "1d, 2h, 15m" → [1440, 120, 15]: each 1 minute to 14 days, at most four, longest first. */
export function parseLeads(text: string): Parse<number[]> {
  const parts = text.split(/[,;]/).map((p) => p.trim()).filter(Boolean);
  const leads = new Set<number>();
  for (const part of parts) {
    const minutes = parseMinutes(part);
    if (minutes === undefined) return fail(`${shown(part)} is not a lead time: write each as a number with d, h or m, separated by commas, ${LEADS_EXAMPLE}.`);
    if (minutes < 1 || minutes > LEAD_MAX) return fail(`${shown(part)} is outside 1 minute to 14 days: a reminder goes out 1m to 14d before the start, ${LEADS_EXAMPLE}.`);
    leads.add(minutes);
  }
  if (leads.size > REMINDERS_MAX) return fail(`At most ${REMINDERS_MAX} reminders per event; this list has ${leads.size}. Remove ${leads.size - REMINDERS_MAX}.`);
  return ok([...leads].sort((a, b) => b - a));
}

function parseDuration(text: string): Parse<number> {
  if (!text) return fail('Say how long it lasts: minutes, or hours and minutes, e.g. 60 or 1h 30m.');
  const minutes = parseMinutes(text);
  if (minutes === undefined) return fail(`${shown(text)} is not a duration: write minutes, or hours and minutes, e.g. 60 or 1h 30m.`);
  if (minutes === 0) return fail('An event lasts at least 1 minute: give its length, e.g. 60 or 1h 30m.');
  if (minutes > DURATION_MAX) return fail(`An event lasts less than 24 hours (at most 23h 59m); this is ${formatMinutes(minutes)}. For longer, make one event per day.`);
  return ok(minutes);
}

function parseCapacity(text: string): Parse<number | null> {
  if (!text) return ok(null);
  if (!/^[-+]?\d+$/.test(text)) return fail(`${shown(text)} is not a number of places: give a whole number such as 20, or leave it empty for no limit.`);
  const places = Number(text);
  if (places === 0) return fail('A capacity of 0 lets nobody in: give 1 or more places, or leave it empty for no limit.');
  if (places < 0) return fail(`A capacity counts places, so it cannot be ${places}: give 1 or more, or leave it empty for no limit.`);
  if (places > CAPACITY_MAX) return fail(`At most ${CAPACITY_MAX.toLocaleString('en')} places; leave it empty for no limit.`);
  return ok(places);
}

function parseZone(text: string, communityZone: string): Parse<string> {
  const name = text || communityZone;
  const zone = canonicalZone(name);
  if (!zone) return fail(`${shown(name)} is not a time zone Guild knows: use an IANA name such as Europe/Berlin, America/New_York or UTC.`);
  return ok(zone);
}

// ── Fields ───────────────────────────────────────────────────────────────────────────────

/** A text input's value, trimmed; empty when the input was left empty. */
const text = z.string().nullish().transform((v) => v?.trim() ?? '');

/** A text field read through one of the parsers above: its problem becomes the field's error. */
function parsed<T>(parse: (value: string) => Parse<T>) {
  return text.transform((value, ctx): T => {
    const result = parse(value);
    if (result.ok) return result.value;
    ctx.addIssue({ code: 'custom', message: result.problem });
    return z.NEVER;
  });
}

function limited(what: string, max: number, missing?: string) {
  return parsed((value) => {
    if (!value && missing) return fail(missing);
    const length = characters(value);
    return length > max ? fail(`${what} can be at most ${max.toLocaleString('en')} characters; this one has ${length.toLocaleString('en')}. Shorten it.`) : ok(value);
  });
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const USER_ID = /^[UW][A-Z0-9]+$/;
const isDate = (value: string) => DATE.test(value) && DateTime.fromISO(value).isValid;
const date = (missing: string) => parsed((value) => (!value ? fail(missing) : isDate(value) ? ok(value) : fail(`${shown(value)} is not a date: pick one from the calendar.`)));
const optionalDate = parsed((value) => (!value || isDate(value) ? ok(value || undefined) : fail(`${shown(value)} is not a date: pick one from the calendar, or clear it.`)));

function wholeNumber(what: string, min: number, max: number) {
  return parsed((value) => {
    if (!value) return ok(undefined);
    const n = /^[-+]?\d+$/.test(value) ? Number(value) : NaN;
    return Number.isInteger(n) && n >= min && n <= max ? ok(n) : fail(`${what} is a whole number from ${min} to ${max}; ${shown(value)} is not.`);
  });
}

function fieldSchemas(context: EventFormContext) {
  const offered = new Set(context.topics);
  return {
    kind: z.enum(EVENT_KINDS, { error: 'Choose what kind of event this is: a talk, a workshop, a book-club, feedback or hack session, or other.' }),
    title: limited('A title', TITLE_MAX, 'Give the event a title, e.g. "Intro to accessibility testing".'),
    description: limited('A description', DESCRIPTION_MAX),
    level: z.enum(EVENT_LEVELS, { error: 'Choose who it is for: everyone, newcomers or experienced members.' }).default('everyone'),
    topics: z.array(z.string()).superRefine((picked, ctx) => {
      const gone = picked.find((t) => !offered.has(t));
      if (gone !== undefined) ctx.addIssue({ code: 'custom', message: `${shown(gone)} is no longer one of the community's topics: pick from the list again.` });
    }),
    hosts: z
      .array(z.string().regex(USER_ID, { error: 'Pick the hosts from the member list.' }))
      .max(HOSTS_MAX, { error: `At most ${HOSTS_MAX} hosts: name the rest in the description.` })
      .transform((ids) => [...new Set(ids)]),
    guestHost: limited("A guest host's name", GUEST_HOST_MAX).transform((v) => v || null),
    startDate: date('Pick the day the event starts.'),
    startTime: parsed((value) => (!value ? fail('Pick the time the event starts.') : TIME.test(value) ? ok(value) : fail(`${shown(value)} is not a time: pick one, e.g. 18:00.`))),
    duration: parsed(parseDuration),
    timeZone: parsed((value) => parseZone(value, context.communityTimeZone)),
    place: limited('A place or link', PLACE_MAX),
    capacity: parsed(parseCapacity),
    reminders: parsed(parseLeads),
    recurrence: z.enum(REPEAT_CHOICES, { error: 'Choose how the event repeats, or "Does not repeat".' }).default('none'),
    everyWeeks: wholeNumber('Every how many weeks', 1, EVERY_WEEKS_MAX),
    untilDate: optionalDate,
    count: wholeNumber('The number of times', 1, 9999),
  } satisfies Record<EventField, z.ZodType>;
}

type Schemas = ReturnType<typeof fieldSchemas>;
type Fields = { [K in EventField]: z.output<Schemas[K]> };
type SeriesFields = Pick<Fields, 'startDate' | 'startTime' | 'timeZone' | (typeof SERIES_FIELDS)[number]>;

/** Each input's raw value by field; multi-selects as lists. */
function readForm(values: ViewValues): Record<EventField, unknown> {
  const raw = Object.fromEntries(Object.entries(F).map(([field, blockId]) => [field, values.text(blockId, I)])) as Record<EventField, unknown>;
  raw.topics = values.choices(F.topics, I);
  raw.hosts = values.users(F.hosts, I);
  return raw;
}

/** Every field's value, or its problem; all fields are read so the form shows every problem at once. */
function readFields(raw: Record<EventField, unknown>, context: EventFormContext): { fields: Partial<Fields>; errors: EventFormErrors } {
  const schemas = fieldSchemas(context);
  const fields: Partial<Record<EventField, unknown>> = {};
  const errors: EventFormErrors = {};
  for (const field of Object.keys(schemas) as EventField[]) {
    const result = schemas[field].safeParse(raw[field]);
    if (result.success) fields[field] = result.data;
    else errors[field] = result.error.issues[0]?.message ?? 'Check this field.';
  }
  return { fields: fields as Partial<Fields>, errors };
}

// ── The start, the series, the reminders ─────────────────────────────────────────────────

/** The start as an instant in the chosen zone; in the past is refused. */
function checkStart(fields: Pick<Fields, 'startDate' | 'startTime' | 'timeZone'>, now: Date): { startsAt: Date; note?: string } | { field: EventField; problem: string } {
  const start = localStart(fields.startDate, fields.startTime, fields.timeZone);
  if (start.startsAt <= now) {
    const today = DateTime.fromJSDate(now, { zone: fields.timeZone }).toFormat('yyyy-MM-dd');
    const when = `${fields.startTime} on ${dateInWords(fields.startDate)} (${fields.timeZone})`;
    return { field: fields.startDate === today ? 'startTime' : 'startDate', problem: `${when} has already passed: pick a start from now on.` };
  }
  return start;
}

const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** How the event repeats, read from the start's own weekday (and its place in the month). */
function recurrenceOf(choice: Exclude<RepeatChoice, 'none'>, fields: SeriesFields): Recurrence | { field: EventField; problem: string } {
  const weekday = WEEKDAYS[DateTime.fromISO(fields.startDate, { zone: 'UTC' }).weekday - 1] as Weekday;
  const base = { time: fields.startTime, timeZone: fields.timeZone };
  if (choice === 'weekly') return { kind: 'weekly', weekdays: [weekday], ...base };
  if (choice === 'every_n_weeks') {
    if (fields.everyWeeks === undefined) return { field: 'everyWeeks', problem: `Say every how many weeks it repeats: 2 to ${EVERY_WEEKS_MAX}.` };
    return { kind: 'weekly', weekdays: [weekday], ...base, interval: fields.everyWeeks, anchor: fields.startDate };
  }
  const nth = nthInMonth(fields.startDate, choice === 'monthly_last');
  if (typeof nth === 'string') return { field: 'recurrence', problem: nth };
  return { kind: 'monthly-nth-weekday', nth, weekday, ...base };
}

/** Which of its weekday in the month a local date is (-1: the last), or why it cannot repeat so. */
function nthInMonth(date: string, last: boolean): 1 | 2 | 3 | 4 | -1 | string {
  const day = DateTime.fromISO(date, { zone: 'UTC' });
  const name = WEEKDAY_NAMES[day.weekday - 1] as string;
  const daysInMonth = day.daysInMonth ?? 28;
  if (last) {
    if (day.day + 7 > daysInMonth) return -1;
    const lastOne = day.plus({ days: 7 * Math.floor((daysInMonth - day.day) / 7) }).toFormat('yyyy-MM-dd');
    return `${dateInWords(date)} is not the last ${name} of its month (${dateInWords(lastOne)} is): start on the last one, or repeat on "the same weekday of the month".`;
  }
  const nth = Math.ceil(day.day / 7);
  if (nth > 4) return `${dateInWords(date)} is the fifth ${name} of its month, which most months lack: repeat on "the last ${name}" instead.`;
  return nth as 1 | 2 | 3 | 4;
}

function endOf(fields: SeriesFields): SeriesEnd | null | { field: EventField; problem: string } {
  if (fields.untilDate !== undefined && fields.count !== undefined) return { field: 'count', problem: 'Give either a last date or a number of times, not both: clear one of them.' };
  if (fields.untilDate !== undefined) {
    if (fields.untilDate < fields.startDate) return { field: 'untilDate', problem: `The last date is before the first event (${dateInWords(fields.startDate)}): pick a later one, or clear it.` };
    return { untilDate: fields.untilDate };
  }
  return fields.count !== undefined ? { count: fields.count } : null;
}

/** The series the form describes, or null for a one-off; with the expansion's notes. */
function checkSeries(fields: SeriesFields, startsAt: Date): { series: SeriesDraft | null; notes: string[] } | { field: EventField; problem: string } {
  if (fields.recurrence === 'none') {
    if (fields.untilDate !== undefined) return { field: 'untilDate', problem: 'A last date is for a repeating event: choose how it repeats, or clear the date.' };
    if (fields.count !== undefined) return { field: 'count', problem: 'A number of times is for a repeating event: choose how it repeats, or clear it.' };
    return { series: null, notes: [] };
  }
  const rule = recurrenceOf(fields.recurrence, fields);
  if ('field' in rule) return rule;
  const end = endOf(fields);
  if (end !== null && 'field' in end) return end;
  const checked = validateRecurrence(rule);
  if (!checked.ok) return { field: 'recurrence', problem: checked.problem };
  const series: SeriesDraft = { recurrence: checked.value, end };
  return { series, notes: expandSeries({ startsAt, timeZone: fields.timeZone }, series).notes };
}

function reminderNotes(leads: number[], startsAt: Date, now: Date): string[] {
  if (leads.length === 0) return ['With no reminder lead times, Guild sends no reminders for this event.'];
  const minutesAhead = (startsAt.getTime() - now.getTime()) / 60_000;
  const late = leads.filter((lead) => lead > minutesAhead);
  if (late.length === 0) return [];
  return [`The event starts in less than ${formatMinutes(Math.min(...late))}, so the ${formatLeads(late)} reminder${late.length === 1 ? ' is' : 's are'} not sent for it.`];
}

/**
 * The submitted event form (a view's `state.values`) as an EventDraft, with notes for the
 * organiser (a start moved by a daylight-saving gap, a series capped at MAX_OCCURRENCES,
 * reminders too early to send); or every problem, by field.
 * @throws MalformedViewState when `values` is not a view state, or an input is malformed (see ViewValues).
 */
export function parseEventForm(values: unknown, context: EventFormContext): EventFormResult {
  const raw = readForm(ViewValues.parse(values));
  if (context.mode === 'edit') for (const field of SERIES_FIELDS) raw[field] = undefined;
  const { fields, errors } = readFields(raw, context);
  const timing = checkTiming(fields, context.now);
  if (timing && 'field' in timing) errors[timing.field] ??= timing.problem;
  if (Object.keys(errors).length > 0 || !timing || 'field' in timing) return { ok: false, errors };
  // No field has a problem, so every one was read.
  const all = fields as Fields;
  const notes = [...timing.notes, ...reminderNotes(all.reminders, timing.startsAt, context.now)];
  return { ok: true, draft: draftOf(all, timing.startsAt, timing.series), notes: [...new Set(notes)] };
}

type Timing = { startsAt: Date; series: SeriesDraft | null; notes: string[] };

/** The start and the series, once the fields they are made of were read; undefined until then. */
function checkTiming(fields: Partial<Fields>, now: Date): Timing | { field: EventField; problem: string } | undefined {
  const { startDate, startTime, timeZone, recurrence, everyWeeks, untilDate, count } = fields;
  if (startDate === undefined || startTime === undefined || timeZone === undefined) return undefined;
  const start = checkStart({ startDate, startTime, timeZone }, now);
  if ('field' in start) return start;
  if (recurrence === undefined || SERIES_FIELDS.some((field) => !(field in fields))) return undefined;
  const series = checkSeries({ startDate, startTime, timeZone, recurrence, everyWeeks, untilDate, count }, start.startsAt);
  if ('field' in series) return series;
  return { startsAt: start.startsAt, series: series.series, notes: [...(start.note ? [start.note] : []), ...series.notes] };
}

const SERIES_FIELDS = ['recurrence', 'everyWeeks', 'untilDate', 'count'] as const satisfies readonly EventField[];

function draftOf(fields: Fields, startsAt: Date, series: SeriesDraft | null): EventDraft {
  return {
    kind: fields.kind,
    title: fields.title,
    description: fields.description,
    level: fields.level,
    topics: fields.topics,
    hosts: fields.hosts,
    guestHost: fields.guestHost,
    startsAt,
    durationMinutes: fields.duration,
    timeZone: fields.timeZone,
    place: fields.place,
    capacity: fields.capacity,
    reminderLeads: fields.reminders,
    series,
  };
}

