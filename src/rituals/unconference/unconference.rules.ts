import { DateTime } from 'luxon';
import { clip } from '../../slack/kit/text';
import { ViewValues } from '../../slack/kit/view-values';
import { formatMinutes, parseMinutes } from '../events/events.rules';
import { DOTS_BLOCK_PREFIX, INPUT, MOVE_FIELDS, PLAN_FIELDS, PROPOSAL_FIELDS, type MoveField, type PlanField, type ProposalField } from './unconference.ids';
import type { Placement, Room } from './unconference.stored';
import { LEVELS, type Level, type PlanDraft, type ProposalDraft, type UnconferenceView } from './unconference.types';

/*
 * The unconference's rules, pure: the forms read and checked (every problem keyed by its field,
 * saying what was wrong and how to put it right), and the checks the service makes under its
 * locks (who may propose and vote when, the dot budget, an organiser's move of a session).
 */

export const TITLE_MAX = 100;
export const PROPOSAL_TITLE_MAX = 80;
export const DESCRIPTION_MAX = 300;
/** Slot × room grids are shown as one section per slot with a field per room: Slack allows 10 fields. */
export const ROOMS_MAX = 10;
export const SLOTS_MAX = 12;
export const CAPACITY_MAX = 1000;
export const DOTS_DEFAULT = 3;
export const DOTS_MAX = 10;
/** The dots form has a menu per proposal; a modal holds 100 blocks. */
export const PROPOSALS_MAX = 60;
const ROOM_NAME_MAX = 40;

type Parse<T> = { ok: true; value: T } | { ok: false; problem: string };
const ok = <T>(value: T): Parse<T> => ({ ok: true, value });
const fail = (problem: string): Parse<never> => ({ ok: false, problem });
const shown = (text: string) => `"${clip(text, 30)}"`;
const characters = (text: string) => [...text].length;

export type FormResult<F extends string, T> = { ok: true; value: T } | { ok: false; errors: Partial<Record<F, string>> };

/** Reads each field with its parser; any problem is kept beside its field. */
function collect<F extends string>(parsers: { [K in F]: () => Parse<unknown> }): { values: Partial<Record<F, unknown>>; errors: Partial<Record<F, string>> } {
  const values: Partial<Record<F, unknown>> = {};
  const errors: Partial<Record<F, string>> = {};
  for (const field of Object.keys(parsers) as F[]) {
    const parsed = parsers[field]();
    if (parsed.ok) values[field] = parsed.value;
    else errors[field] = parsed.problem;
  }
  return { values, errors };
}

// ── The plan form ──────────────────────────────────────────────────────────────────────

function parseTitle(text: string, max: number, what: string): Parse<string> {
  if (!text) return fail(`Give the ${what} a title.`);
  if (characters(text) > max) return fail(`At most ${max} characters; this title has ${characters(text)}.`);
  return ok(text);
}

/** "10:00, 11:30 13:00" → minutes after midnight, in order; at least one, no repeats. */
export function parseSlotTimes(text: string): Parse<number[]> {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  if (parts.length === 0) return fail('Give at least one start time, e.g. "10:00, 11:00, 13:30": each is a time slot.');
  const minutes: number[] = [];
  for (const part of parts) {
    const match = /^([01]?\d|2[0-3])[:.h]([0-5]\d)$/.exec(part);
    if (!match) return fail(`${shown(part)} is not a time: write each start as HH:MM (24-hour), separated by commas, e.g. "10:00, 11:00".`);
    minutes.push(Number(match[1]) * 60 + Number(match[2]));
  }
  const unique = [...new Set(minutes)].sort((a, b) => a - b);
  if (unique.length !== minutes.length) return fail('A start time is given twice: each slot starts at its own time.');
  if (unique.length > SLOTS_MAX) return fail(`At most ${SLOTS_MAX} time slots; this has ${unique.length}.`);
  return ok(unique);
}

/** Session length: 1 minute to under 24 hours. */
export function parseSessionLength(text: string): Parse<number> {
  if (!text) return fail('Say how long each session lasts, e.g. 45 or 1h.');
  const minutes = parseMinutes(text);
  if (minutes === undefined) return fail(`${shown(text)} is not a length: write minutes, or hours and minutes, e.g. 45 or 1h 15m.`);
  if (minutes === 0) return fail('A session lasts at least 1 minute, e.g. 45.');
  if (minutes >= 1440) return fail(`A session lasts less than 24 hours; this is ${formatMinutes(minutes)}.`);
  return ok(minutes);
}

/**
 * Rooms, one per line as "Name: capacity" (or "Name (capacity)"), or a count and a capacity
 * for all of them: "4 x 20" (rooms 1–4 of 20 places each).
 */
export function parseRooms(text: string): Parse<Room[]> {
  const trimmed = text.trim();
  if (!trimmed) return fail('List the rooms, one per line as "Name: capacity", or give a count and a capacity, e.g. "4 x 20".');
  const many = /^(\d+)\s*(?:x|×|\*|rooms? of)\s*(-?\d+)$/i.exec(trimmed);
  if (many) {
    const count = Number(many[1]);
    if (count < 1 || count > ROOMS_MAX) return fail(`Give 1 to ${ROOMS_MAX} rooms; "${count}" is outside that.`);
    const capacity = parseCapacity(many[2]!, 'Each room');
    return capacity.ok ? ok(Array.from({ length: count }, (_, i) => ({ name: `Room ${i + 1}`, capacity: capacity.value }))) : capacity;
  }
  const rooms: Room[] = [];
  for (const line of trimmed.split(/\n+/).map((l) => l.trim()).filter(Boolean)) {
    const match = /^(.+?)\s*(?::|\(|-|–)\s*(-?\d+)\s*\)?$/.exec(line);
    if (!match) return fail(`${shown(line)} is not a room: write "Name: capacity", e.g. "Main hall: 30".`);
    const name = match[1]!.trim();
    if (characters(name) > ROOM_NAME_MAX) return fail(`A room's name has at most ${ROOM_NAME_MAX} characters: ${shown(name)} is longer.`);
    const capacity = parseCapacity(match[2]!, name);
    if (!capacity.ok) return capacity;
    if (rooms.some((r) => r.name.toLowerCase() === name.toLowerCase())) return fail(`${shown(name)} is listed twice: give each room once.`);
    rooms.push({ name, capacity: capacity.value });
  }
  if (rooms.length > ROOMS_MAX) return fail(`At most ${ROOMS_MAX} rooms; this lists ${rooms.length}.`);
  return ok(rooms);
}

function parseCapacity(text: string, room: string): Parse<number> {
  const places = Number(text);
  if (places <= 0) return fail(`${clip(room, 30)} has a capacity of ${places}: nobody could attend. Give it 1 or more places.`);
  if (places > CAPACITY_MAX) return fail(`${clip(room, 30)} has ${places} places; at most ${CAPACITY_MAX}.`);
  return ok(places);
}

function parseDots(text: string): Parse<number> {
  if (!text) return ok(DOTS_DEFAULT);
  if (!/^\d+$/.test(text)) return fail(`${shown(text)} is not a number of dots: give a whole number from 1 to ${DOTS_MAX} (default ${DOTS_DEFAULT}).`);
  const dots = Number(text);
  if (dots < 1 || dots > DOTS_MAX) return fail(`Each person has 1 to ${DOTS_MAX} dots; ${dots} is outside that.`);
  return ok(dots);
}

/** Local start times on a date in a zone, as instants; a time the clocks skip that day is refused. */
export function slotInstants(date: string, minutes: number[], zone: string): Parse<Date[]> {
  const out: Date[] = [];
  for (const m of minutes) {
    const local = DateTime.fromISO(date, { zone }).set({ hour: Math.floor(m / 60), minute: m % 60 });
    if (!local.isValid || local.hour * 60 + local.minute !== m) return fail(`${hhmm(m)} does not exist on ${date} in ${zone} (the clocks change): pick another time.`);
    out.push(local.toJSDate());
  }
  return ok(out);
}

export const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

export interface PlanContext {
  now: Date;
  timeZone: string;
}

/** The plan form (`/guild unconference`), read and checked. */
export function parsePlanForm(values: unknown, context: PlanContext): FormResult<PlanField, PlanDraft> {
  const v = ViewValues.parse(values);
  const text = (field: PlanField) => v.text(PLAN_FIELDS[field], INPUT)?.trim() ?? '';
  const { values: got, errors } = collect<PlanField>({
    title: () => parseTitle(text('title'), TITLE_MAX, 'unconference'),
    date: () => (text('date') ? ok(text('date')) : fail('Pick the day of the unconference.')),
    slots: () => parseSlotTimes(text('slots')),
    length: () => parseSessionLength(text('length')),
    rooms: () => parseRooms(v.text(PLAN_FIELDS.rooms, INPUT) ?? ''),
    dots: () => parseDots(text('dots')),
    proposalsClose: () => ok(v.dateTime(PLAN_FIELDS.proposalsClose, INPUT) ?? null),
    votingCloses: () => ok(v.dateTime(PLAN_FIELDS.votingCloses, INPUT) ?? null),
  });
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const minutes = got.slots as number[];
  const length = got.length as number;
  const overlap = minutes.findIndex((m, i) => i > 0 && m - minutes[i - 1]! < length);
  if (overlap > 0) return { ok: false, errors: { slots: `The slots at ${hhmm(minutes[overlap - 1]!)} and ${hhmm(minutes[overlap]!)} overlap with ${formatMinutes(length)} sessions: start them at least ${formatMinutes(length)} apart, or shorten the sessions.` } };
  const starts = slotInstants(got.date as string, minutes, context.timeZone);
  if (!starts.ok) return { ok: false, errors: { slots: starts.problem } };
  const draft: PlanDraft = {
    title: got.title as string,
    timeZone: context.timeZone,
    slotStarts: starts.value,
    sessionMinutes: length,
    rooms: got.rooms as Room[],
    dotsPerPerson: got.dots as number,
    proposalsCloseAt: got.proposalsClose as Date | null,
    votingClosesAt: got.votingCloses as Date | null,
  };
  const timing = timingErrors(draft, context.now);
  return Object.keys(timing).length > 0 ? { ok: false, errors: timing } : { ok: true, value: draft };
}

/** The first slot is ahead; the deadlines are ahead, in order, and before the first slot. */
function timingErrors(draft: PlanDraft, now: Date): Partial<Record<PlanField, string>> {
  const first = draft.slotStarts[0]!;
  const errors: Partial<Record<PlanField, string>> = {};
  if (first.getTime() <= now.getTime()) errors.date = 'The first slot would already have started: pick a later day or time.';
  const { proposalsCloseAt: proposals, votingClosesAt: voting } = draft;
  if (proposals && proposals.getTime() <= now.getTime()) errors.proposalsClose = 'This is in the past: pick a later time, or leave it empty and open voting by hand.';
  else if (proposals && proposals.getTime() >= first.getTime()) errors.proposalsClose = 'Proposals must close before the first slot starts.';
  if (voting && voting.getTime() <= now.getTime()) errors.votingCloses = 'This is in the past: pick a later time, or leave it empty and close voting by hand.';
  else if (voting && voting.getTime() > first.getTime()) errors.votingCloses = 'Voting must close by the time the first slot starts.';
  else if (voting && proposals && voting.getTime() <= proposals.getTime()) errors.votingCloses = 'Voting closes after proposals close: pick a later time.';
  return errors;
}

// ── Proposals ──────────────────────────────────────────────────────────────────────────

/** Two titles that differ only in case, spacing or punctuation around them are the same proposal. */
export function titleKey(title: string): string {
  return title.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ');
}

export function checkProposal(input: { title: string; description: string; level: string }): FormResult<ProposalField, ProposalDraft> {
  const title = input.title.trim();
  const description = input.description.trim();
  const { errors } = collect<ProposalField>({
    title: () => parseTitle(title, PROPOSAL_TITLE_MAX, 'session'),
    description: () => (characters(description) > DESCRIPTION_MAX ? fail(`Keep it short: at most ${DESCRIPTION_MAX} characters; this has ${characters(description)}.`) : ok(description)),
    level: () => ((LEVELS as readonly string[]).includes(input.level) ? ok(input.level) : fail('Say who it is for: everyone, newcomers or experienced members.')),
  });
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { title, description, level: input.level as Level } };
}

export function parseProposalForm(values: unknown): FormResult<ProposalField, ProposalDraft> {
  const v = ViewValues.parse(values);
  return checkProposal({
    title: v.text(PROPOSAL_FIELDS.title, INPUT) ?? '',
    description: v.text(PROPOSAL_FIELDS.description, INPUT) ?? '',
    level: v.text(PROPOSAL_FIELDS.level, INPUT) ?? 'everyone',
  });
}

/** Why a proposal cannot be made now, or undefined. */
export function proposalsClosed(u: Pick<UnconferenceView, 'phase' | 'proposalsCloseAt'>, now: Date, count: number): string | undefined {
  if (u.phase !== 'proposing' || (u.proposalsCloseAt && now.getTime() >= u.proposalsCloseAt.getTime())) return 'Proposals are closed for this unconference.';
  if (count >= PROPOSALS_MAX) return `This unconference has ${PROPOSALS_MAX} proposals, the most it takes. Vote for one close to yours instead.`;
  return undefined;
}

// ── Dots ───────────────────────────────────────────────────────────────────────────────

/** Why dots cannot be changed now, or undefined. */
export function votingClosed(u: Pick<UnconferenceView, 'phase' | 'votingClosesAt'>, now: Date): string | undefined {
  if (u.phase === 'proposing') return 'Voting has not opened yet: proposals come first.';
  if (u.phase !== 'voting' || (u.votingClosesAt && now.getTime() >= u.votingClosesAt.getTime())) return 'Voting is closed for this unconference.';
  return undefined;
}

/** A voter's dots: whole numbers, on proposals of this unconference, within the budget. */
export function checkDots(dots: Map<number, number>, proposalIds: Set<number>, budget: number): string | undefined {
  let total = 0;
  for (const [proposal, count] of dots) {
    if (!proposalIds.has(proposal)) return 'That proposal is not in this unconference (any more).';
    if (!Number.isInteger(count) || count < 0) return 'Dots are whole numbers, 0 or more.';
    total += count;
  }
  if (total > budget) return `That is ${total} dots; you have ${budget}. Take ${total - budget} off.`;
  return undefined;
}

/** The dots form: one menu per proposal (`dots_<id>`); the whole spread replaces the last one. */
export function parseDotsForm(values: unknown, budget: number): { ok: true; value: Map<number, number> } | { ok: false; errors: Record<string, string> } {
  const v = ViewValues.parse(values);
  const dots = new Map<number, number>();
  for (const block of v.blockIds(DOTS_BLOCK_PREFIX)) {
    const id = Number(block.slice(DOTS_BLOCK_PREFIX.length));
    const count = Number(v.text(block, INPUT) ?? '0');
    if (Number.isInteger(id) && Number.isInteger(count) && count > 0) dots.set(id, count);
  }
  const total = [...dots.values()].reduce((a, b) => a + b, 0);
  if (total <= budget) return { ok: true, value: dots };
  const first = [...dots.keys()][0]!;
  return { ok: false, errors: { [`${DOTS_BLOCK_PREFIX}${first}`]: `That is ${total} dots; you have ${budget}. Take ${total - budget} off.` } };
}

// ── Moving a session ───────────────────────────────────────────────────────────────────

export function parseMoveForm(values: unknown): FormResult<MoveField, Placement> {
  const v = ViewValues.parse(values);
  const number = (field: MoveField, problem: string): Parse<number> => {
    const text = v.text(MOVE_FIELDS[field], INPUT);
    return text !== undefined && /^\d+$/.test(text) ? ok(Number(text)) : fail(problem);
  };
  const { values: got, errors } = collect<MoveField>({
    session: () => number('session', 'Pick the session to move.'),
    slot: () => number('slot', 'Pick the slot to move it to.'),
    room: () => number('room', 'Pick the room to move it to.'),
  });
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { topicId: got.session as number, slot: got.slot as number, room: got.room as number } };
}

/**
 * Every session where it was, with one moved to a slot and room: the session there (if any)
 * swaps to the moved one's old place, or is left out when the moved one was not scheduled.
 * Refused when a host would be in two sessions at once.
 */
export function moveSession(sessions: Placement[], move: Placement, hostOf: (topicId: number) => string, grid: { slots: number; rooms: number }): Parse<Placement[]> {
  if (move.slot >= grid.slots || move.room >= grid.rooms) return fail('That slot or room is not in this unconference.');
  const from = sessions.find((s) => s.topicId === move.topicId);
  const occupant = sessions.find((s) => s.slot === move.slot && s.room === move.room && s.topicId !== move.topicId);
  const moved = sessions.filter((s) => s.topicId !== move.topicId && s !== occupant);
  moved.push({ ...move });
  if (occupant && from) moved.push({ topicId: occupant.topicId, slot: from.slot, room: from.room });
  const seen = new Map<string, number>();
  for (const s of moved) {
    const key = `${s.slot}:${hostOf(s.topicId)}`;
    const other = seen.get(key);
    if (other !== undefined) return fail(`That puts one host in two sessions at once (slot ${s.slot + 1}): move the other session first, or pick another slot.`);
    seen.set(key, s.topicId);
  }
  return ok(moved.sort((a, b) => a.slot - b.slot || a.room - b.room));
}
