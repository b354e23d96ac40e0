import type { Button, KnownBlock } from '@slack/types';
import { DateTime } from 'luxon';
import { clip, clipMrkdwn, mrkdwnText } from '../../slack/kit/text';
import { DOTS_ACTION, PROPOSE_ACTION, stepActionId, stepValue, unconferenceValue, type Step } from './unconference.ids';
import type { Placement, StoredAgenda } from './unconference.stored';
import { LEVEL_NAMES, type ProposalView, type UnconferenceView } from './unconference.types';

/** The unconference's messages (Block Kit), pure: everything a person typed escaped and clipped. */

type Content = { text: string; blocks: KnownBlock[] };
const MINUTE = 60_000;
const SECTION_MAX = 3000;
const FIELD_MAX = 2000;
/** A message holds 50 blocks: the proposals list keeps a few for the header and buttons. */
const PROPOSAL_SECTIONS_MAX = 40;

const seconds = (d: Date) => Math.floor(d.getTime() / 1000);
const local = (d: Date, zone: string) => DateTime.fromJSDate(d, { zone });
const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text: clipMrkdwn(text, SECTION_MAX) } });
const context = (text: string): KnownBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text: clipMrkdwn(text, SECTION_MAX) }] });
const header = (text: string): KnownBlock => ({ type: 'header', text: { type: 'plain_text', text: clip(text, 150) } });
const button = (text: string, actionId: string, value: string, style?: 'primary'): Button => ({ type: 'button', text: { type: 'plain_text', text }, action_id: actionId, value, ...(style ? { style } : {}) });
const stepButton = (id: number, step: Step, text: string, style?: 'primary') => button(text, stepActionId(step), stepValue.encode({ unconferenceId: id, step }), style);

/** The day of the unconference, in each reader's zone (fallback: the community's). */
export function dayText(u: Pick<UnconferenceView, 'slotStarts' | 'timeZone'>): string {
  const first = u.slotStarts[0]!;
  return `<!date^${seconds(first)}^{date_long_pretty}|${local(first, u.timeZone).toFormat('cccc d LLLL yyyy')}>`;
}

/** A slot's times, each reader's own (fallback: the community's zone). */
export function slotTimes(u: Pick<UnconferenceView, 'slotStarts' | 'sessionMinutes' | 'timeZone'>, slot: number): string {
  const start = u.slotStarts[slot]!;
  const end = new Date(start.getTime() + u.sessionMinutes * MINUTE);
  const fallback = (d: Date) => local(d, u.timeZone).toFormat('HH:mm');
  return `<!date^${seconds(start)}^{time}|${fallback(start)}>–<!date^${seconds(end)}^{time}|${fallback(end)} ${u.timeZone}>`;
}

/** When something closes, in each reader's zone. */
function until(at: Date | null): string {
  return at ? ` until <!date^${seconds(at)}^{date_short_pretty} at {time}|${at.toISOString().slice(0, 16).replace('T', ' ')} UTC>` : '';
}

function phaseLine(u: UnconferenceView, proposals: number): string {
  switch (u.phase) {
    case 'proposing':
      return `*Proposals are open${until(u.proposalsCloseAt)}.* Propose a session you would host: it goes to the vote.`;
    case 'voting':
      return `*Voting is open${until(u.votingClosesAt)}.* Spread your ${u.dotsPerPerson} dots over the ${proposals} proposals you most want to attend; change them as often as you like.`;
    case 'scheduling':
      return '*Voting is closed.* The organisers are preparing the agenda.';
    case 'published':
      return '*The agenda is out* (below). Everyone who voted or hosts got their own schedule by DM.';
  }
}

function proposalLine(p: ProposalView, showDots: boolean): string {
  const dots = showDots ? ` · ${p.dots} ${p.dots === 1 ? 'dot' : 'dots'}` : '';
  const description = p.description ? `\n${mrkdwnText(p.description, 300)}` : '';
  return `• *${mrkdwnText(p.title, 100)}* · for ${LEVEL_NAMES[p.level].toLowerCase()} · hosted by <@${p.hostId}>${dots}${description}`;
}

/** Lines packed into as few sections as fit (3,000 characters each), at most `max` sections. */
export function packedSections(lines: string[], max: number): KnownBlock[] {
  const texts: string[] = [];
  for (const line of lines) {
    const last = texts.at(-1);
    if (last !== undefined && last.length + 1 + line.length <= SECTION_MAX) texts[texts.length - 1] = `${last}\n${line}`;
    else texts.push(line);
  }
  const shown = texts.slice(0, max).map(section);
  return texts.length > max ? [...shown, context(`…and more: ${texts.length - max} more sections not shown.`)] : shown;
}

function buttonsFor(u: UnconferenceView): KnownBlock[] {
  const value = unconferenceValue.encode({ unconferenceId: u.id });
  const member = u.phase === 'proposing' ? [button('Propose a session', PROPOSE_ACTION, value, 'primary')] : u.phase === 'voting' ? [button('Spread my dots', DOTS_ACTION, value, 'primary')] : [];
  const organiser = ORGANISER_STEP[u.phase];
  const elements = [...member, ...(organiser ? [stepButton(u.id, organiser.step, organiser.text)] : [])];
  if (elements.length === 0) return [];
  return [{ type: 'actions', block_id: `unconf_${u.id}`, elements }, context(`${organiser?.text ?? ''}: organisers only.`)];
}

/** The organisers' next step from each phase, on the unconference message. */
const ORGANISER_STEP: Record<UnconferenceView['phase'], { step: Step; text: string } | undefined> = {
  proposing: { step: 'open_voting', text: 'Open voting' },
  voting: { step: 'close_voting', text: 'Close voting' },
  scheduling: { step: 'draft', text: 'Draft agenda' },
  published: undefined,
};

/** The one unconference message in the channel: its phase and proposals, edited in place. */
export function unconferenceMessage(u: UnconferenceView, proposals: ProposalView[]): Content {
  const slots = u.slotStarts.map((_, i) => slotTimes(u, i)).join(', ');
  const rooms = u.rooms.map((r) => `${mrkdwnText(r.name, 40)} (${r.capacity})`).join(', ');
  const showDots = u.phase === 'scheduling' || u.phase === 'published';
  const list = proposals.length === 0 ? [section('_No proposals yet._')] : packedSections(proposals.map((p) => proposalLine(p, showDots)), PROPOSAL_SECTIONS_MAX);
  return {
    text: `Unconference: ${mrkdwnText(u.title, 100)} — ${u.phase === 'proposing' ? 'proposals open' : u.phase === 'voting' ? 'voting open' : u.phase === 'scheduling' ? 'voting closed' : 'agenda published'}`,
    blocks: [
      header(`Unconference: ${u.title}`),
      context(`${dayText(u)} · slots ${slots} · rooms ${rooms} · ${u.dotsPerPerson} dots each`),
      section(phaseLine(u, proposals.length)),
      { type: 'divider' },
      ...list,
      ...buttonsFor(u),
    ],
  };
}

/** How many people attend each session: topic → count, over everyone's slots. */
export function attendanceCounts(agenda: StoredAgenda): Map<number, number> {
  const counts = new Map<number, number>();
  for (const slots of Object.values(agenda.attendance)) for (const topic of slots) if (topic !== null) counts.set(topic, (counts.get(topic) ?? 0) + 1);
  return counts;
}

/** The slots × rooms grid: a section per slot, a field per room (Slack: at most 10 fields). */
export function gridBlocks(u: UnconferenceView, proposals: ProposalView[], agenda: StoredAgenda): KnownBlock[] {
  const byId = new Map(proposals.map((p) => [p.id, p]));
  const counts = attendanceCounts(agenda);
  return u.slotStarts.flatMap((_, slot) => {
    const fields = u.rooms.map((room, r) => {
      const placed = agenda.sessions.find((s) => s.slot === slot && s.room === r);
      const topic = placed ? byId.get(placed.topicId) : undefined;
      const body = topic ? `${mrkdwnText(topic.title, 100)}\n<@${topic.hostId}> · ${counts.get(topic.id) ?? 0} of ${room.capacity}` : '_free_';
      return { type: 'mrkdwn' as const, text: clipMrkdwn(`*${mrkdwnText(room.name, 40)}*\n${body}`, FIELD_MAX) };
    });
    return [{ type: 'section', text: { type: 'mrkdwn', text: `*Slot ${slot + 1} · ${slotTimes(u, slot)}*` }, fields } as KnownBlock];
  });
}

function unscheduledLine(proposals: ProposalView[], agenda: StoredAgenda): KnownBlock[] {
  if (agenda.unscheduled.length === 0) return [];
  const byId = new Map(proposals.map((p) => [p.id, p]));
  const names = agenda.unscheduled.flatMap((id) => (byId.has(id) ? [mrkdwnText(byId.get(id)!.title, 60)] : []));
  return [context(`Not in the agenda (no room left): ${names.join(', ')}`)];
}

/** The organiser's draft (their DM, edited in place): the grid, how well it fits the votes, and what to do next. */
export function draftMessage(u: UnconferenceView, proposals: ProposalView[], draft: StoredAgenda): Content {
  const share = draft.bound > 0 ? Math.round((100 * draft.satisfaction) / draft.bound) : 100;
  return {
    text: `Draft agenda: ${mrkdwnText(u.title, 100)}`,
    blocks: [
      header(`Draft agenda: ${u.title}`),
      context(`Only you see this. ${draft.satisfaction} of at most ${draft.bound} dots honoured (${share}%)${draft.pinned.length > 0 ? `; ${draft.pinned.length} sessions placed by hand` : ''}. Nothing is sent until you publish.`),
      ...gridBlocks(u, proposals, draft),
      ...unscheduledLine(proposals, draft),
      { type: 'actions', block_id: `unconf_draft_${u.id}`, elements: [stepButton(u.id, 'move', 'Move a session'), stepButton(u.id, 'publish', 'Publish the agenda', 'primary')] },
    ],
  };
}

/** The agenda in the channel. */
export function agendaMessage(u: UnconferenceView, proposals: ProposalView[], agenda: StoredAgenda): Content {
  return {
    text: `Agenda: ${mrkdwnText(u.title, 100)}`,
    blocks: [
      header(`Agenda: ${u.title}`),
      context(`${dayText(u)} · times in your own zone · each session has a thread for notes below · your own schedule is in your DMs`),
      ...gridBlocks(u, proposals, agenda),
      ...unscheduledLine(proposals, agenda),
    ],
  };
}

/** One message per session in the channel: its thread holds the session's notes. */
export function sessionMessage(u: UnconferenceView, proposal: ProposalView, placed: Placement): Content {
  const where = `Slot ${placed.slot + 1} (${slotTimes(u, placed.slot)}), ${mrkdwnText(u.rooms[placed.room]!.name, 40)}`;
  return {
    text: `Session: ${mrkdwnText(proposal.title, 100)}`,
    blocks: [section(`*Session: ${mrkdwnText(proposal.title, 100)}* · ${where} · hosted by <@${proposal.hostId}>\nNotes for this session go in this thread.`)],
  };
}

/** One person's slots: what they attend (or host), or nothing. */
export interface PersonalSlot {
  slot: number;
  topic: ProposalView | undefined;
  room: string | undefined;
  hosting: boolean;
}

/** A person's schedule from the agenda: per slot, the session they attend and whether they host it. */
export function personalSchedule(u: UnconferenceView, proposals: ProposalView[], agenda: StoredAgenda, personId: string): PersonalSlot[] {
  const byId = new Map(proposals.map((p) => [p.id, p]));
  const mine = agenda.attendance[personId] ?? [];
  return u.slotStarts.map((_, slot) => {
    const hosted = agenda.sessions.find((s) => s.slot === slot && byId.get(s.topicId)?.hostId === personId);
    const topicId = hosted?.topicId ?? mine[slot] ?? null;
    const placed = topicId === null ? undefined : agenda.sessions.find((s) => s.topicId === topicId);
    return { slot, topic: topicId === null ? undefined : byId.get(topicId), room: placed ? u.rooms[placed.room]?.name : undefined, hosting: !!hosted };
  });
}

/** A person's own agenda, by DM: their session per slot, rooms, times in their zone, a calendar link. */
export function personalAgendaMessage(u: UnconferenceView, schedule: PersonalSlot[], calendarUrl: string): Content {
  const lines = schedule.map(({ slot, topic, room, hosting }) => {
    const what = topic ? `*${mrkdwnText(topic.title, 100)}* in ${mrkdwnText(room ?? '?', 40)}${hosting ? ' (you host it)' : ''}` : '_free: drop in on any session_';
    return `• ${slotTimes(u, slot)}: ${what}`;
  });
  return {
    text: `Your agenda for ${mrkdwnText(u.title, 100)}`,
    blocks: [
      section(`*Your agenda for ${mrkdwnText(u.title, 100)}* · ${dayText(u)}`),
      section(lines.join('\n')),
      section(`<${calendarUrl}|Add your sessions to your calendar (.ics)> · a reminder comes here before each of your sessions.`),
    ],
  };
}

/** Before a slot: where the person is expected. */
export function slotReminderMessage(u: UnconferenceView, item: PersonalSlot, leadMinutes: number): Content {
  const topic = item.topic!;
  const text = `In ${leadMinutes} minutes (${slotTimes(u, item.slot)}): *${mrkdwnText(topic.title, 100)}* in ${mrkdwnText(item.room ?? '?', 40)}${item.hosting ? ' — you host it' : ''}.`;
  return { text: `Unconference session in ${leadMinutes} minutes: ${mrkdwnText(topic.title, 100)}`, blocks: [section(text)] };
}
