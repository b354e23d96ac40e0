import type { KnownBlock } from '@slack/types';
import type { ScheduleSummary } from '../scheduler/schedules';
import { clipMrkdwn, escapeMrkdwn, MESSAGE_TEXT_MAX, mrkdwnText } from '../slack/kit/text';
import { JOIN_ACTION, joinValue } from './onboarding.views';

export interface Message {
  text: string;
  blocks?: KnownBlock[];
}

/**
 * How much of a person-typed name a message shows, counted escaped. A community is named at
 * `/guild setup` (up to a command's length) and a topic or schedule by its organisers.
 */
const NAME_SHOWN = 150;
/** A name as it goes into mrkdwn: escaped (so `<!channel>` in it pings nobody) and cut. */
const shownName = (typed: string) => mrkdwnText(typed, NAME_SHOWN);

/** A problem quotes at most a few words of the command (at most 1,000 characters), with room to spare in a section. */
const PROBLEM_SHOWN = 2000;

export const HELP_ENTRIES: { usage: string; example: string; what: string }[] = [
  { usage: '/guild help', example: '/guild help', what: 'Show this list.' },
  { usage: '/guild setup [name]', example: '/guild setup Design guild', what: 'Make this channel a community; you become its organiser.' },
  { usage: '/guild join', example: '/guild join', what: 'Join the community of this channel.' },
  { usage: '/guild leave', example: '/guild leave', what: 'Leave it (your history stays).' },
  { usage: '/guild profile', example: '/guild profile', what: 'Your time zone, working hours, interests, topics to mentor and learn, snooze.' },
  { usage: '/guild organisers', example: '/guild organisers', what: 'Who organises this community.' },
  { usage: '/guild organisers add|remove @person', example: '/guild organisers add @ada', what: 'Organisers only: share or hand back the organiser role.' },
  { usage: '/guild topics', example: '/guild topics', what: 'The topics members can mentor and learn.' },
  { usage: '/guild topics add|remove <names>', example: '/guild topics add accessibility, design systems', what: 'Organisers only: define the topics.' },
  { usage: '/guild schedules', example: '/guild schedules', what: 'The community\'s scheduled rituals and when each runs next.' },
  { usage: '/guild schedules pause|resume|cancel <number>', example: '/guild schedules pause 3', what: 'Organisers only: pause, resume or cancel one.' },
];

const helpLines = (entries: { usage: string; example: string; what: string }[]) =>
  entries.map((e) => `• \`${escapeMrkdwn(e.usage)}\` — ${e.what}  _e.g._ \`${e.example}\``).join('\n');

/**
 * The help card: Guild's commands, then each ritual's (from its help entries). `problem` leads
 * it when the user typed something Guild did not understand. `problem` is plain text that may
 * quote what they typed, and usages name placeholders such as `<names>`: both are escaped here,
 * so callers must not escape them again.
 */
export function helpMessage(problem?: string, rituals: { title: string; entries: { usage: string; example: string; what: string }[] }[] = []): Message {
  const lines = helpLines(HELP_ENTRIES);
  const shown = problem === undefined ? undefined : mrkdwnText(problem, PROBLEM_SHOWN);
  // The blocks carry the card; the fallback text (notifications, screen readers' summary) names
  // the commands only, so every ack of `/guild help` sends the card once, not twice.
  const usages = [...HELP_ENTRIES, ...rituals.flatMap((r) => r.entries)].map((e) => `\`${escapeMrkdwn(e.usage)}\``).join(', ');
  const text = `${shown ? `${shown}\n\n` : ''}*Guild commands:* ${usages}`;
  const blocks: KnownBlock[] = [];
  if (shown) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `:warning: ${shown}` } });
  blocks.push(
    { type: 'header', text: { type: 'plain_text', text: 'Guild commands' } },
    { type: 'section', text: { type: 'mrkdwn', text: lines } },
    ...rituals.flatMap((r): KnownBlock[] => [
      { type: 'header', text: { type: 'plain_text', text: r.title } },
      { type: 'section', text: { type: 'mrkdwn', text: helpLines(r.entries) } },
    ]),
    { type: 'context', elements: [{ type: 'mrkdwn', text: 'Guild runs your community of practice: retros, coffee pairs, mentoring, events and polls.' }] },
  );
  return { text, blocks };
}

/** The one line that points to the rest, under every problem. */
export const HELP_POINTER = '`/guild help` lists every command.';

/**
 * A command Guild did not understand: the problem (plain text that may quote what was typed,
 * escaped here) and one line pointing to the help, not the whole help card.
 */
export function problemMessage(problem: string): Message {
  return { text: `${mrkdwnText(problem, PROBLEM_SHOWN)}\n${HELP_POINTER}` };
}

export function mentionList(userIds: string[]): string {
  return userIds.length === 0 ? 'nobody' : userIds.map((id) => `<@${id}>`).join(', ');
}

export function communityCreatedMessage(communityName: string, organiserId: string): Message {
  return {
    text: `:tada: This channel is now the *${shownName(communityName)}* community, organised by <@${organiserId}>. Everyone here: join with \`/guild join\`, then tell us about yourself with \`/guild profile\`.`,
  };
}

export function organisersMessage(communityName: string, organiserIds: string[]): Message {
  return { text: clipMrkdwn(`Organisers of *${shownName(communityName)}*: ${mentionList(organiserIds)}.`, MESSAGE_TEXT_MAX) };
}

export function topicsMessage(communityName: string, topics: { name: string }[]): Message {
  if (topics.length === 0) return { text: `*${shownName(communityName)}* has no topics yet. Organisers add them with \`/guild topics add accessibility, design systems\`.` };
  return { text: clipMrkdwn(`Topics of *${shownName(communityName)}*: ${topics.map((t) => shownName(t.name)).join(', ')}.`, MESSAGE_TEXT_MAX) };
}

export function topicsAddedMessage(added: string[], existing: string[]): Message {
  const parts = [];
  if (added.length) parts.push(`Added ${added.map((n) => `*${shownName(n)}*`).join(', ')}.`);
  if (existing.length) parts.push(`Already there: ${existing.map(shownName).join(', ')}.`);
  return { text: clipMrkdwn(parts.join(' '), MESSAGE_TEXT_MAX) };
}

export function inviteMessage(communityName: string, channelId: string, communityId: number): Message {
  const text = `Welcome to <#${channelId}>! It is the *${shownName(communityName)}* community of practice. Join to get coffee groups, mentoring, retros and events: the button, or \`/guild join\` there.`;
  return {
    text,
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text },
        accessory: { type: 'button', action_id: JOIN_ACTION, style: 'primary', text: { type: 'plain_text', text: 'Join' }, value: joinValue.encode({ communityId }) },
      },
    ],
  };
}

export const UNEXPECTED_ERROR_TEXT = 'Something went wrong on our side and nothing was changed. Please try again in a minute.';

export function schedulesMessage(communityName: string, schedules: ScheduleSummary[]): Message {
  if (schedules.length === 0) return { text: `*${shownName(communityName)}* has no scheduled rituals yet.` };
  const lines = schedules.map((s) => {
    const next = s.status === 'active' && s.nextRunAt ? `next ${formatLocal(s.nextRunAt, s.timeZone)}` : s.status;
    return `• *#${s.id} ${shownName(s.name)}*: ${shownName(s.description)}; ${next}`;
  });
  return { text: clipMrkdwn(`Scheduled rituals of *${shownName(communityName)}*:\n${lines.join('\n')}`, MESSAGE_TEXT_MAX) };
}

export function scheduleChangedMessage(schedule: ScheduleSummary, action: 'pause' | 'resume' | 'cancel'): Message {
  const done = { pause: 'paused', resume: 'resumed', cancel: 'cancelled' }[action];
  const next = action === 'resume' && schedule.nextRunAt ? ` It runs next ${formatLocal(schedule.nextRunAt, schedule.timeZone)}.` : '';
  return { text: `Schedule *#${schedule.id} ${shownName(schedule.name)}* is ${done}.${next}` };
}

/** "Mon 7 Dec, 09:00 (Europe/Berlin)": an instant in the schedule's own time zone. */
export function formatLocal(at: Date, timeZone: string): string {
  const text = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
  return `${text} (${escapeMrkdwn(timeZone)})`;
}
