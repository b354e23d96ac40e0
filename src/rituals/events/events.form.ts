import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { DateTime } from 'luxon';
import { clip } from '../../slack/kit/text';
import { EVENT_FIELDS as F, EVENT_INPUT as I, type EventField, type RepeatChoice } from './events.form-ids';
import { DESCRIPTION_MAX, formatLeads, GUEST_HOST_MAX, HOSTS_MAX, PLACE_MAX, TITLE_MAX } from './events.rules';
import { DEFAULT_REMINDER_LEADS, EVENT_KINDS, EVENT_LEVELS, MAX_OCCURRENCES, type EventKind, type EventLevel, type EventView } from './events.types';

/** The event form (`/guild event`, and Edit on an event). Pure: it builds the modal. */

export const EVENT_KIND_NAMES: Record<EventKind, string> = {
  talk: 'Talk',
  workshop: 'Workshop',
  book_club: 'Book-club session',
  feedback: 'Feedback session',
  hack: 'Hack session',
  other: 'Other',
};

export const EVENT_LEVEL_NAMES: Record<EventLevel, string> = {
  everyone: 'Everyone',
  newcomers: 'Newcomers',
  experienced: 'Experienced members',
};

const REPEAT_NAMES: Record<RepeatChoice, string> = {
  none: 'Does not repeat',
  weekly: 'Every week, same weekday',
  every_n_weeks: 'Every few weeks, same weekday',
  monthly_nth: 'Monthly, same weekday (e.g. 2nd Tue)',
  monthly_last: 'Monthly, last such weekday',
};

/** Slack's limits: an option's text 75 characters and value 150, a static menu 100 options. */
const OPTION_TEXT_MAX = 75;
const OPTION_VALUE_MAX = 150;
const OPTIONS_MAX = 100;
const TIME_ZONE_INPUT_MAX = 64;

export interface EventFormInput {
  callbackId: string;
  privateMetadata: string;
  /** The zone the form starts with: the community's (an edit uses the event's own). */
  timeZone: string;
  topics: string[];
  /** The event being edited: every input starts with its values, date and time in its zone. */
  initial?: EventView;
  mode: 'create' | 'edit';
}

const option = (value: string, text: string): PlainTextOption => ({ text: { type: 'plain_text', text: clip(text, OPTION_TEXT_MAX) }, value });
const plain = (text: string) => ({ type: 'plain_text' as const, text });

interface InputOptions {
  optional?: boolean;
  hint?: string;
}

function inputBlock(field: EventField, label: string, element: Record<string, unknown>, options: InputOptions = {}): KnownBlock {
  return {
    type: 'input',
    block_id: F[field],
    label: plain(label),
    element: { action_id: I, ...element },
    ...(options.optional ? { optional: true } : {}),
    ...(options.hint ? { hint: plain(options.hint) } : {}),
  } as KnownBlock;
}

function textInput(field: EventField, label: string, initial: string | undefined, maxLength: number, options: InputOptions & { multiline?: boolean; placeholder?: string } = {}): KnownBlock {
  // Slack counts max_length in characters (code points): a stored value that fits is kept whole
  // (clip counts UTF-16 units, and would cut an emoji title that fits).
  const value = initial && [...initial].length > maxLength ? clip(initial, maxLength) : initial;
  return inputBlock(field, label, {
    type: 'plain_text_input',
    max_length: maxLength,
    ...(options.multiline ? { multiline: true } : {}),
    ...(options.placeholder ? { placeholder: plain(options.placeholder) } : {}),
    ...(value ? { initial_value: value } : {}),
  }, options);
}

function select(field: EventField, label: string, options: PlainTextOption[], initial: string | undefined, extra: InputOptions = {}): KnownBlock {
  const chosen = options.find((o) => o.value === initial);
  return inputBlock(field, label, { type: 'static_select', options, ...(chosen ? { initial_option: chosen } : {}) }, extra);
}

/** The community's topics as a multi-select (absent when it has none: a menu needs an option). */
function topicsInput(topics: string[], initial: string[]): KnownBlock[] {
  // A topic is its own option value (at most 150 characters; community topics are far shorter).
  const options = topics.filter((t) => t.length <= OPTION_VALUE_MAX).slice(0, OPTIONS_MAX).map((t) => option(t, t));
  if (options.length === 0) return [];
  const chosen = options.filter((o) => initial.includes(o.value ?? ''));
  return [inputBlock('topics', 'Topics', { type: 'multi_static_select', options, ...(chosen.length ? { initial_options: chosen } : {}) }, { optional: true, hint: 'Members interested in these topics hear about the event.' })];
}

function startInputs(initial: EventView | undefined): KnownBlock[] {
  const local = initial ? DateTime.fromJSDate(initial.startsAt, { zone: initial.timeZone }) : undefined;
  return [
    inputBlock('startDate', 'Date', { type: 'datepicker', ...(local ? { initial_date: local.toFormat('yyyy-MM-dd') } : {}) }),
    inputBlock('startTime', 'Starts at', { type: 'timepicker', ...(local ? { initial_time: local.toFormat('HH:mm') } : {}) }, { hint: 'In the time zone below. Everyone sees it in their own zone.' }),
  ];
}

/** How it repeats and until when: only when creating (an edit changes one event). */
function seriesInputs(): KnownBlock[] {
  const choices = (Object.entries(REPEAT_NAMES) as [RepeatChoice, string][]).map(([value, name]) => option(value, name));
  return [
    { type: 'divider' },
    select('recurrence', 'Repeats', choices, 'none', { hint: 'On the weekday of the first date, at the same local time.' }),
    textInput('everyWeeks', 'Every how many weeks', undefined, 2, { optional: true, hint: 'For "every few weeks": 2 to 52.' }),
    inputBlock('untilDate', 'Until (last date)', { type: 'datepicker' }, { optional: true, hint: 'The last date it may happen on, included.' }),
    textInput('count', 'Or this many times', undefined, 4, { optional: true, hint: `With neither, it stops after ${MAX_OCCURRENCES} times.` }),
  ];
}

/**
 * The event modal: a new event (with its repeat) or an edit of one event, pre-filled from
 * `initial`. Block ids are EVENT_FIELDS; parseEventForm reads the submission.
 */
export function eventFormView(input: EventFormInput): ModalView {
  const e = input.initial;
  const kinds = EVENT_KINDS.map((k) => option(k, EVENT_KIND_NAMES[k]));
  const levels = EVENT_LEVELS.map((l) => option(l, EVENT_LEVEL_NAMES[l]));
  const blocks: KnownBlock[] = [
    select('kind', 'Kind of event', kinds, e?.kind),
    textInput('title', 'Title', e?.title, TITLE_MAX, { placeholder: 'e.g. Intro to accessibility testing' }),
    textInput('description', 'Description', e?.description, DESCRIPTION_MAX, { optional: true, multiline: true }),
    select('level', 'For', levels, e?.level ?? 'everyone'),
    ...topicsInput(input.topics, e?.topics ?? []),
    inputBlock('hosts', 'Hosts or speakers', { type: 'multi_users_select', max_selected_items: HOSTS_MAX, ...(e?.hosts.length ? { initial_users: e.hosts.slice(0, HOSTS_MAX) } : {}) }, { optional: true }),
    textInput('guestHost', 'Guest host from outside', e?.guestHost ?? undefined, GUEST_HOST_MAX, { optional: true, hint: 'A speaker who is not in this Slack: their name.' }),
    ...startInputs(e),
    textInput('duration', 'Duration', e ? String(e.durationMinutes) : '60', 10, { hint: 'Minutes, or hours and minutes: 60, 1h 30m. Under 24 hours.' }),
    textInput('timeZone', 'Time zone', e?.timeZone ?? input.timeZone, TIME_ZONE_INPUT_MAX, { hint: 'An IANA name such as Europe/Berlin, America/New_York or UTC.' }),
    textInput('place', 'Place or link', e?.place, PLACE_MAX, { optional: true, placeholder: 'A room, an address or a call link' }),
    textInput('capacity', 'Capacity', e?.capacity === null || e?.capacity === undefined ? undefined : String(e.capacity), 5, { optional: true, hint: 'Empty for no limit. When full, people join a waitlist.' }),
    textInput('reminders', 'Reminders before it starts', formatLeads(e?.reminderLeads ?? DEFAULT_REMINDER_LEADS), 60, { optional: true, hint: 'Up to 4, separated by commas: 1d, 2h, 15m. Empty for none.' }),
    ...(input.mode === 'create' ? seriesInputs() : []),
  ];
  return {
    type: 'modal',
    callback_id: input.callbackId,
    private_metadata: input.privateMetadata,
    title: plain(input.mode === 'create' ? 'New event' : 'Edit event'),
    submit: plain(input.mode === 'create' ? 'Create' : 'Save'),
    close: plain('Cancel'),
    blocks,
  };
}
