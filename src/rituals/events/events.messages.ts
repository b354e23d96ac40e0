import type { KnownBlock, Overflow, PlainTextOption } from '@slack/types';
import { DateTime } from 'luxon';
import { clipMrkdwn, mrkdwnText } from '../../slack/kit/text';
import { EVENT_MANAGE_ACTION, EVENT_RSVP_ACTION, EVENT_SCORE_ACTION, EVENT_COMMENT_ACTION, EVENT_SUGGESTIONS_OFF_ACTION, communityValue, eventValue, manageValue, rsvpValue, scoreValue, type RsvpAnswer } from './events.ids';
import type { EventKind, EventLevel, EventView } from './events.types';

/** Who answered what, as the announcement shows it. */
export interface RsvpCounts {
  going: string[];
  maybe: string[];
  notGoing: number;
  waitlisted: string[];
}

export const KIND_NAMES: Record<EventKind, string> = {
  talk: 'Talk',
  workshop: 'Workshop',
  book_club: 'Book club',
  feedback: 'Feedback session',
  hack: 'Hack session',
  other: 'Event',
};

export const LEVEL_NAMES: Record<EventLevel, string> = { everyone: 'for everyone', newcomers: 'for newcomers', experienced: 'for the experienced' };

const ANSWER_WORDS: Record<RsvpAnswer, string> = { going: 'Going', maybe: 'Maybe', not_going: 'Not going' };
/** Names listed in full on the announcement; beyond it, a count (a message holds 3,000 characters per section). */
const NAMES_SHOWN = 30;

/** The start in the event's own zone, for notifications and for readers whose app cannot format dates. */
export function localStart(event: Pick<EventView, 'startsAt' | 'timeZone'>): string {
  return DateTime.fromJSDate(event.startsAt, { zone: event.timeZone }).toFormat("ccc d LLL yyyy, HH:mm '('z')'");
}

/** The start as Slack shows it: in each reader's own zone, with the event's zone as the fallback. */
export function readerTime(event: Pick<EventView, 'startsAt' | 'timeZone'>): string {
  const seconds = Math.floor(event.startsAt.getTime() / 1000);
  return `<!date^${seconds}^{date_short_pretty} at {time}|${localStart(event)}>`;
}

function durationWords(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return [hours ? `${hours} h` : '', rest ? `${rest} min` : ''].filter(Boolean).join(' ');
}

/** A place: a web link is shown as a link (only when it is a plain http(s) URL), anything else as text. */
export function placeText(place: string): string {
  if (!place) return 'Place to be announced';
  if (/^https?:\/\/[^\s<>|]+$/.test(place) && URL.canParse(place)) return `<${place}|${mrkdwnText(new URL(place).host, 80)}>`;
  return mrkdwnText(place, 300);
}

function hostsText(event: Pick<EventView, 'hosts' | 'guestHost'>): string {
  const names = [...event.hosts.map((id) => `<@${id}>`), ...(event.guestHost ? [`${mrkdwnText(event.guestHost, 100)} (guest)`] : [])];
  return names.length ? `Hosted by ${names.join(', ')}` : '';
}

function people(ids: string[]): string {
  if (ids.length === 0) return '';
  const shown = ids.slice(0, NAMES_SHOWN).map((id) => `<@${id}>`).join(' ');
  return ids.length > NAMES_SHOWN ? `${shown} and ${ids.length - NAMES_SHOWN} more` : shown;
}

/** The headline line: kind, title (escaped), level. */
export function titleLine(event: Pick<EventView, 'kind' | 'title' | 'level'>): string {
  const level = event.level === 'everyone' ? '' : ` · ${LEVEL_NAMES[event.level]}`;
  return `*${KIND_NAMES[event.kind]}: ${mrkdwnText(event.title, 200)}*${level}`;
}

function detailsLine(event: EventView): string {
  return [`:calendar: ${readerTime(event)} · ${durationWords(event.durationMinutes)}`, `:round_pushpin: ${placeText(event.place)}`, hostsText(event)].filter(Boolean).join('\n');
}

function countsLine(event: EventView, counts: RsvpCounts): string {
  const capacity = event.capacity === null ? '' : ` of ${event.capacity} places`;
  const lines = [`*Going (${counts.going.length}${capacity})* ${people(counts.going)}`];
  if (counts.maybe.length) lines.push(`*Maybe (${counts.maybe.length})* ${people(counts.maybe)}`);
  if (counts.waitlisted.length) lines.push(`*Waitlist (${counts.waitlisted.length}, in order)* ${people(counts.waitlisted)}`);
  return lines.join('\n');
}

/** The three RSVP buttons for one event. */
export function rsvpButtons(eventId: number): KnownBlock {
  return {
    type: 'actions',
    block_id: `event_rsvp_${eventId}`,
    elements: (['going', 'maybe', 'not_going'] as const).map((answer) => ({
      type: 'button' as const,
      action_id: `${EVENT_RSVP_ACTION}_${answer}`,
      text: { type: 'plain_text' as const, text: ANSWER_WORDS[answer] },
      value: rsvpValue.encode({ eventId, answer }),
      ...(answer === 'going' ? { style: 'primary' as const } : {}),
    })),
  };
}

function manageMenu(event: EventView): Overflow {
  const options: PlainTextOption[] = [
    { text: { type: 'plain_text', text: 'Edit this event' }, value: manageValue.encode({ eventId: event.id, choice: 'edit' }) },
    { text: { type: 'plain_text', text: 'Cancel this event' }, value: manageValue.encode({ eventId: event.id, choice: 'cancel' }) },
    ...(event.seriesId ? [{ text: { type: 'plain_text' as const, text: 'Cancel this and later ones' }, value: manageValue.encode({ eventId: event.id, choice: 'cancel_later' }) }] : []),
  ];
  return { type: 'overflow', action_id: EVENT_MANAGE_ACTION, options };
}

/** The announcement in the community channel: one message per event, edited as answers come in. */
export function announcementMessage(event: EventView, counts: RsvpCounts, calendarUrl: string | undefined): { text: string; blocks: KnownBlock[] } {
  const text = `${KIND_NAMES[event.kind]}: ${mrkdwnText(event.title, 200)}, ${localStart(event)}`;
  if (event.status === 'cancelled') {
    return { text: `Cancelled: ${text}`, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `~${titleLine(event)}~\n:no_entry: *Cancelled.* It was planned for ${readerTime(event)}.` } }] };
  }
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `${titleLine(event)}\n${detailsLine(event)}` }, accessory: manageMenu(event) },
  ];
  if (event.description) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: mrkdwnText(event.description, 2900) } });
  const context = [event.topics.length ? `Topics: ${mrkdwnText(event.topics.join(', '), 300)}` : '', calendarUrl ? `<${calendarUrl}|Add to your calendar (.ics)>` : ''].filter(Boolean);
  if (context.length) blocks.push({ type: 'context', elements: context.map((t) => ({ type: 'mrkdwn' as const, text: t })) });
  blocks.push({ type: 'section', text: { type: 'mrkdwn', text: clipMrkdwn(countsLine(event, counts), 3000) } });
  blocks.push(rsvpButtons(event.id));
  return { text, blocks };
}

/** A reminder, in the announcement's thread and by DM to those going or maybe. */
export function reminderMessage(event: EventView, leadMinutes: number, calendarUrl: string | undefined): { text: string; blocks: KnownBlock[] } {
  const when = leadMinutes >= 1440 && leadMinutes % 1440 === 0 ? `in ${leadMinutes / 1440 === 1 ? 'a day' : `${leadMinutes / 1440} days`}` : leadMinutes >= 60 && leadMinutes % 60 === 0 ? `in ${leadMinutes / 60} h` : `in ${leadMinutes} min`;
  const text = `Reminder: ${KIND_NAMES[event.kind]} "${mrkdwnText(event.title, 200)}" starts ${when} (${localStart(event)}).`;
  const calendar = calendarUrl ? `\n<${calendarUrl}|Add to your calendar (.ics)>` : '';
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `:alarm_clock: *Starts ${when}*: ${titleLine(event)}\n${detailsLine(event)}${calendar}` } }] };
}

/** Told to everyone who answered when the time or place changed. */
export function changedMessage(event: EventView, before: Pick<EventView, 'startsAt' | 'timeZone' | 'place'>, askAgain: boolean): { text: string; blocks: KnownBlock[] } {
  const changes: string[] = [];
  if (before.startsAt.getTime() !== event.startsAt.getTime()) changes.push(`now starts ${readerTime(event)} (was ${readerTime(before)})`);
  if (before.place !== event.place) changes.push(`is now at ${placeText(event.place)}`);
  const what = changes.length ? changes.join(' and ') : 'has new details';
  const ask = askAgain ? '\nIt moved to another day, so your answer was cleared: can you still come?' : '';
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: `:pencil2: ${titleLine(event)} ${what}.${ask}` } }];
  if (askAgain) blocks.push(rsvpButtons(event.id));
  return { text: `Changed: ${KIND_NAMES[event.kind]} "${mrkdwnText(event.title, 200)}" ${askAgain ? 'moved to another day' : 'changed'} (${localStart(event)}).`, blocks };
}

export function cancelledMessage(event: EventView, reason: string | undefined): { text: string } {
  const why = reason ? ` Reason: ${mrkdwnText(reason, 500)}` : '';
  return { text: `:no_entry: ${KIND_NAMES[event.kind]} "${mrkdwnText(event.title, 200)}" on ${localStart(event)} is cancelled.${why}` };
}

export function promotedMessage(event: EventView): { text: string } {
  return { text: `:tada: A place freed up: you are now going to ${KIND_NAMES[event.kind]} "${mrkdwnText(event.title, 200)}" (${localStart(event)}).` };
}

/** A new event that matches the person's interests, with a way to stop these. */
export function suggestionMessage(event: EventView, communityName: string, why: string): { text: string; blocks: KnownBlock[] } {
  return {
    text: `New in ${mrkdwnText(communityName, 80)}: ${KIND_NAMES[event.kind]} "${mrkdwnText(event.title, 200)}", ${localStart(event)}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `New in *${mrkdwnText(communityName, 80)}*, matching ${mrkdwnText(why, 200)}:\n${titleLine(event)}\n${detailsLine(event)}` } },
      rsvpButtons(event.id),
      { type: 'actions', elements: [{ type: 'button', action_id: EVENT_SUGGESTIONS_OFF_ACTION, text: { type: 'plain_text', text: 'Stop telling me of new events' }, value: communityValue.encode({ communityId: event.communityId }) }] },
    ],
  };
}

/** After the event: how was it, 1 to 5, and an optional comment. */
export function feedbackPrompt(event: EventView): { text: string; blocks: KnownBlock[] } {
  return {
    text: `How was ${KIND_NAMES[event.kind]} "${mrkdwnText(event.title, 200)}"?`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `How was ${titleLine(event)}? 1 is poor, 5 is great. Organisers see only totals, and only once 5 people answered.` } },
      {
        type: 'actions',
        block_id: `event_score_${event.id}`,
        elements: [
          ...[1, 2, 3, 4, 5].map((score) => ({ type: 'button' as const, action_id: `${EVENT_SCORE_ACTION}_${score}`, text: { type: 'plain_text' as const, text: String(score) }, value: scoreValue.encode({ eventId: event.id, score }) })),
          { type: 'button' as const, action_id: EVENT_COMMENT_ACTION, text: { type: 'plain_text' as const, text: 'Add a comment' }, value: eventValue.encode({ eventId: event.id }) },
        ],
      },
    ],
  };
}
