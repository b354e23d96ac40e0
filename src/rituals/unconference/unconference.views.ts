import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { DateTime } from 'luxon';
import { clip, mrkdwnText } from '../../slack/kit/text';
import { DOTS_BLOCK_PREFIX, DOTS_CALLBACK, INPUT, MOVE_CALLBACK, MOVE_FIELDS, PLAN_CALLBACK, PLAN_FIELDS, PROPOSAL_FIELDS, PROPOSE_CALLBACK, type MoveField, type PlanField, type ProposalField } from './unconference.ids';
import { DESCRIPTION_MAX, DOTS_DEFAULT, PROPOSAL_TITLE_MAX, TITLE_MAX } from './unconference.rules';
import type { StoredAgenda } from './unconference.stored';
import { LEVEL_NAMES, LEVELS, type ProposalView, type UnconferenceView } from './unconference.types';

/** The unconference's modals, pure: block ids from unconference.ids.ts, read back by unconference.rules.ts. */

const plain = (text: string) => ({ type: 'plain_text' as const, text });
const option = (value: string, text: string): PlainTextOption => ({ text: plain(clip(text, 75)), value });

function input(blockId: string, label: string, element: Record<string, unknown>, extra: { optional?: boolean; hint?: string } = {}): KnownBlock {
  return { type: 'input', block_id: blockId, label: plain(label), element: { action_id: INPUT, ...element }, ...(extra.optional ? { optional: true } : {}), ...(extra.hint ? { hint: plain(extra.hint) } : {}) } as KnownBlock;
}

function modal(callbackId: string, metadata: string, title: string, submit: string, blocks: KnownBlock[]): ModalView {
  return { type: 'modal', callback_id: callbackId, private_metadata: metadata, title: plain(title), submit: plain(submit), close: plain('Cancel'), blocks };
}

const planInput = (field: PlanField, label: string, element: Record<string, unknown>, extra?: { optional?: boolean; hint?: string }) => input(PLAN_FIELDS[field], label, element, extra);

/** `/guild unconference`: the day, its slots and rooms, the dots, the deadlines. */
export function planModal(metadata: string, timeZone: string, today: Date): ModalView {
  const date = DateTime.fromJSDate(today, { zone: timeZone }).plus({ weeks: 2 }).toISODate()!;
  return modal(PLAN_CALLBACK, metadata, 'New unconference', 'Create', [
    planInput('title', 'Title', { type: 'plain_text_input', max_length: TITLE_MAX, placeholder: plain('e.g. Design guild open space') }),
    planInput('date', 'Day', { type: 'datepicker', initial_date: date }),
    planInput('slots', 'Time slots: start times', { type: 'plain_text_input', placeholder: plain('10:00, 11:00, 13:30, 14:30') }, { hint: `24-hour times in ${timeZone}, the community's zone. Everyone sees them in their own.` }),
    planInput('length', 'Session length', { type: 'plain_text_input', initial_value: '45', max_length: 10 }, { hint: 'Minutes, or hours and minutes: 45, 1h. Under 24 hours.' }),
    planInput('rooms', 'Rooms and their capacities', { type: 'plain_text_input', multiline: true, placeholder: plain('Main hall: 30\nLibrary: 12') }, { hint: 'One per line as "Name: capacity", or a count and a capacity for all: "4 x 20".' }),
    planInput('dots', 'Dots per person', { type: 'plain_text_input', initial_value: String(DOTS_DEFAULT), max_length: 2 }, { hint: 'How many votes each person spreads over the proposals (1 to 10).' }),
    planInput('proposalsClose', 'Proposals close', { type: 'datetimepicker' }, { optional: true, hint: 'Then voting opens by itself. Empty: you open voting by hand.' }),
    planInput('votingCloses', 'Voting closes', { type: 'datetimepicker' }, { optional: true, hint: 'Then you get the draft agenda. Empty: you close voting by hand.' }),
  ]);
}

const proposalInput = (field: ProposalField, label: string, element: Record<string, unknown>, extra?: { optional?: boolean; hint?: string }) => input(PROPOSAL_FIELDS[field], label, element, extra);

/** "Propose a session": a title, a short description and who it is for; the proposer hosts. */
export function proposalModal(metadata: string, u: Pick<UnconferenceView, 'title'>): ModalView {
  const levels = LEVELS.map((l) => option(l, LEVEL_NAMES[l]));
  return modal(PROPOSE_CALLBACK, metadata, 'Propose a session', 'Propose', [
    { type: 'context', elements: [{ type: 'mrkdwn', text: `For *${mrkdwnText(u.title, 100)}*. You host what you propose.` }] },
    proposalInput('title', 'Title', { type: 'plain_text_input', max_length: PROPOSAL_TITLE_MAX }),
    proposalInput('description', 'In a sentence or two', { type: 'plain_text_input', multiline: true, max_length: DESCRIPTION_MAX }, { optional: true }),
    proposalInput('level', 'For', { type: 'static_select', options: levels, initial_option: levels[0] }),
  ]);
}

/** "Spread my dots": a menu per proposal, 0 to the budget, starting from the voter's current dots. */
export function dotsModal(metadata: string, u: Pick<UnconferenceView, 'title' | 'dotsPerPerson'>, proposals: ProposalView[], mine: Map<number, number>): ModalView {
  const counts = Array.from({ length: u.dotsPerPerson + 1 }, (_, n) => option(String(n), n === 1 ? '1 dot' : `${n} dots`));
  const menus = proposals.map((p) =>
    input(`${DOTS_BLOCK_PREFIX}${p.id}`, clip(p.title, 150), { type: 'static_select', options: counts, initial_option: counts[Math.min(mine.get(p.id) ?? 0, u.dotsPerPerson)] }, { hint: clip(`${LEVEL_NAMES[p.level]}${p.description ? ` · ${p.description}` : ''}`, 150) }),
  );
  return modal(DOTS_CALLBACK, metadata, 'Spread your dots', 'Save my dots', [
    { type: 'section', text: { type: 'mrkdwn', text: `*${mrkdwnText(u.title, 100)}*: you have ${u.dotsPerPerson} dots. Put them on the sessions you most want to attend, several on one if you like. Saving replaces your earlier dots.` } },
    ...menus,
  ]);
}

const moveInput = (field: MoveField, label: string, options: PlainTextOption[]) => input(MOVE_FIELDS[field], label, { type: 'static_select', options });

/** "Move a session" from the draft: a session (placed or not), a slot and a room; the one there swaps places. */
export function moveModal(metadata: string, u: UnconferenceView, proposals: ProposalView[], draft: StoredAgenda): ModalView {
  const placed = new Map(draft.sessions.map((s) => [s.topicId, s]));
  const sessions = proposals.slice(0, 100).map((p) => {
    const at = placed.get(p.id);
    return option(String(p.id), `${p.title} (${at ? `slot ${at.slot + 1}, ${u.rooms[at.room]?.name ?? '?'}` : 'not placed'})`);
  });
  const zone = u.timeZone;
  const slots = u.slotStarts.map((start, i) => option(String(i), `Slot ${i + 1} · ${DateTime.fromJSDate(start, { zone }).toFormat('HH:mm')}`));
  const rooms = u.rooms.map((r, i) => option(String(i), `${r.name} (${r.capacity})`));
  return modal(MOVE_CALLBACK, metadata, 'Move a session', 'Move', [
    { type: 'context', elements: [{ type: 'mrkdwn', text: 'The session already there takes the moved one\'s place. People are then assigned again by their dots.' }] },
    moveInput('session', 'Session', sessions),
    moveInput('slot', 'To slot', slots),
    moveInput('room', 'In room', rooms),
  ]);
}
