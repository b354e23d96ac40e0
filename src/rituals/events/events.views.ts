import type { KnownBlock, ModalView } from '@slack/types';
import { clipMrkdwn, mrkdwnText } from '../../slack/kit/text';
import type { FeedbackSummary } from './events.feedback';
import { COMMENT_MAX } from './events.feedback';
import { CANCEL_FIELDS, EVENT_CANCEL_CALLBACK, EVENT_FEEDBACK_CALLBACK, EVENT_HOME_BLOCK, EVENT_HOME_RSVP_ACTION, EVENT_INPUT, FEEDBACK_FIELDS, RSVP_ANSWERS, rsvpValue } from './events.ids';
import { KIND_NAMES, readerTime, titleLine } from './events.messages';
import type { UpcomingEvent } from './events.service';
import type { EventView } from './events.types';

const MINE: Record<NonNullable<UpcomingEvent['mine']>, string> = { going: ':white_check_mark: going', maybe: ':grey_question: maybe', not_going: 'not going', waitlisted: ':hourglass: waitlisted', host: ':microphone: hosting' };

function eventLine({ event, mine, going }: UpcomingEvent): string {
  const places = event.capacity === null ? `${going} going` : `${going}/${event.capacity} going`;
  const yours = mine ? ` · *you: ${MINE[mine]}*` : '';
  return `*#${event.id}* ${titleLine(event)}\n${readerTime(event)} · ${places}${yours}`;
}

/** `/guild events`: what is coming, soonest first, the person's own answers marked. */
export function upcomingMessage(list: { communityName: string; events: UpcomingEvent[]; more: number }): { text: string; blocks: KnownBlock[] } {
  const name = mrkdwnText(list.communityName, 80);
  if (list.events.length === 0) return { text: `Nothing is planned in *${name}* yet. \`/guild event\` plans something.`, blocks: [] };
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: `*Coming up in ${name}*` } }];
  for (const item of list.events) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: eventLine(item) } });
  const more = list.more ? ` ${list.more} more after these.` : '';
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `Answer on each event's announcement in the channel.${more} \`/guild calendar\` puts them all in your calendar.` }] });
  return { text: `Coming up in ${name}: ${list.events.length + list.more} events.`, blocks };
}

/** Confirms a cancel and takes an optional reason, told to everyone who answered. */
export function cancelModal(event: EventView, privateMetadata: string, later: boolean): ModalView {
  const what = later ? 'this event and the later ones of its series' : 'this event';
  return {
    type: 'modal',
    callback_id: EVENT_CANCEL_CALLBACK,
    private_metadata: privateMetadata,
    title: { type: 'plain_text', text: 'Cancel event' },
    submit: { type: 'plain_text', text: 'Cancel it' },
    close: { type: 'plain_text', text: 'Keep it' },
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `Cancel ${what}? ${titleLine(event)}, ${readerTime(event)}.\nEveryone who answered is told, and its reminders stop.` } },
      { type: 'input', block_id: CANCEL_FIELDS.reason, optional: true, label: { type: 'plain_text', text: 'Reason (told to them)' }, element: { type: 'plain_text_input', action_id: EVENT_INPUT, max_length: 500 } },
    ],
  };
}

/** The comment form under a feedback prompt. */
export function commentModal(event: EventView, privateMetadata: string): ModalView {
  return {
    type: 'modal',
    callback_id: EVENT_FEEDBACK_CALLBACK,
    private_metadata: privateMetadata,
    title: { type: 'plain_text', text: 'Your feedback' },
    submit: { type: 'plain_text', text: 'Send' },
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `What would you tell the hosts of ${titleLine(event)}? Organisers see comments without names, once 5 people answered.` } },
      { type: 'input', block_id: FEEDBACK_FIELDS.comment, label: { type: 'plain_text', text: 'Comment' }, element: { type: 'plain_text_input', action_id: EVENT_INPUT, multiline: true, max_length: COMMENT_MAX } },
    ],
  };
}

/** Feedback for organisers: totals only, and nothing before five answers. */
export function feedbackSummaryMessage(summary: FeedbackSummary): { text: string } {
  const head = `Feedback on ${KIND_NAMES[summary.event.kind]} "${mrkdwnText(summary.event.title, 200)}"`;
  if (!summary.shown) return { text: `${head}: ${summary.answers} ${summary.answers === 1 ? 'answer' : 'answers'} so far. Results show from 5 answers, so that nobody's can be told apart.` };
  const bars = summary.counts.map((n, i) => `${i + 1}: ${'█'.repeat(n)} ${n}`).join('\n');
  const comments = summary.comments.length ? `\n*Comments*\n${summary.comments.map((c) => `> ${mrkdwnText(c.replace(/\s+/g, ' '), 300)}`).join('\n')}` : '';
  return { text: clipMrkdwn(`${head}: ${summary.answers} answers, average ${summary.average.toFixed(1)} of 5.\n\`\`\`${bars}\`\`\`${comments}`, 3900) };
}

/** The App Home's events section: the next events of the person's communities, or nothing when there are none. */
export function homeBlocks(next: UpcomingEvent[]): KnownBlock[] {
  if (next.length === 0) return [];
  return [{ type: 'header', block_id: `${EVENT_HOME_BLOCK}.header`, text: { type: 'plain_text', text: 'Next events in your communities' } }, ...next.map(homeEventBlock)];
}

const HOME_ANSWERS = { going: 'Going', maybe: 'Maybe', not_going: 'Not going' } as const;

/** One next event with the person's answer if any; unless they host it, a menu of the answers other than theirs. */
function homeEventBlock(item: UpcomingEvent): KnownBlock {
  const section: KnownBlock = { type: 'section', block_id: `${EVENT_HOME_BLOCK}.${item.event.id}`, text: { type: 'mrkdwn', text: eventLine(item) } };
  if (item.mine === 'host') return section;
  const options = RSVP_ANSWERS.filter((answer) => answer !== item.mine).map((answer) => ({ text: { type: 'plain_text' as const, text: HOME_ANSWERS[answer] }, value: rsvpValue.encode({ eventId: item.event.id, answer }) }));
  return { ...section, accessory: { type: 'overflow', action_id: EVENT_HOME_RSVP_ACTION, options } };
}
