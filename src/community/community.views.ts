import type { KnownBlock } from '@slack/types';
import type { HelpEntry, RitualHelp } from '../rituals/ritual';
import type { ScheduleSummary } from '../scheduler/schedules';
import { clip, clipMrkdwn, escapeMrkdwn, MESSAGE_TEXT_MAX, mrkdwnText, SECTION_TEXT_MAX } from '../slack/kit/text';
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

export const HELP_ENTRIES: HelpEntry[] = [
  { usage: '/guild help [topic]', example: '/guild help retro', what: 'Every command; with a topic, what each of its commands does, with an example.' },
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

/** Guild's own commands, the first topic of `/guild help`. */
export const COMMUNITY_HELP: RitualHelp = { topic: 'community', title: 'Your community', entries: HELP_ENTRIES };

/** A command's usage as code; placeholders such as `<names>` escaped. */
const usageCode = (e: HelpEntry) => `\`${escapeMrkdwn(e.usage)}\``;

/**
 * The help card: every command's usage, a section per topic (Guild's own, then each ritual's,
 * from their help entries), and how to read one topic in full. Kept short on purpose: it is the
 * answer people get most, in the acknowledgement itself. Its text is one-byte (Latin-1: the
 * separator is U+00B7), which halves what each answer costs to serialise and send.
 */
export function helpMessage(rituals: RitualHelp[] = []): Message {
  const topics = [COMMUNITY_HELP, ...rituals];
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Guild commands' } },
    ...topics.map((t): KnownBlock => ({
      type: 'section',
      text: { type: 'mrkdwn', text: clipMrkdwn(`*${escapeMrkdwn(t.title)}*  \`/guild help ${t.topic}\`\n${t.entries.map(usageCode).join(' · ')}`, SECTION_TEXT_MAX) },
    })),
    { type: 'context', elements: [{ type: 'mrkdwn', text: '`/guild help &lt;topic&gt;` says what each command of a topic does, with an example.' }] },
  ];
  // The fallback (notifications, clients without blocks) names the topics, not the whole card again.
  return { text: `Guild commands, by topic: ${topics.map((t) => t.topic).join(', ')}. \`/guild help &lt;topic&gt;\` explains one.`, blocks };
}

const helpLine = (e: HelpEntry) => `• ${usageCode(e)} — ${e.what}  _e.g._ \`${e.example}\``;

/** One topic in full (`/guild help retro`): each command, what it does, and an example. */
export function helpTopicMessage(help: RitualHelp): Message {
  const sections: string[] = [];
  for (const line of help.entries.map(helpLine)) {
    const last = sections.length - 1;
    if (last >= 0 && sections[last]!.length + 1 + line.length <= SECTION_TEXT_MAX) sections[last] += `\n${line}`;
    else sections.push(clipMrkdwn(line, SECTION_TEXT_MAX));
  }
  return {
    text: `${escapeMrkdwn(help.title)}: ${help.entries.map(usageCode).join(', ')}`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: clip(help.title, 150) } },
      ...sections.map((text): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } })),
      { type: 'context', elements: [{ type: 'mrkdwn', text: HELP_POINTER }] },
    ],
  };
}

/**
 * The words that lead to each topic in `/guild help <word>`: the topic itself, and the first
 * word of each of its commands (`/guild pulse` leads to health, `/retro` to retro). The first
 * topic to claim a word keeps it.
 */
export function helpTopicsByWord(topics: RitualHelp[]): Map<string, RitualHelp> {
  const byWord = new Map<string, RitualHelp>();
  const claim = (word: string | undefined, t: RitualHelp) => {
    if (word && !byWord.has(word)) byWord.set(word, t);
  };
  for (const t of topics) claim(t.topic, t);
  for (const t of topics) {
    for (const e of t.entries) {
      const [command, first] = e.usage.toLowerCase().split(/\s+/);
      claim(command === '/guild' ? first?.split('|')[0] : command?.replace(/^\//, ''), t);
    }
  }
  return byWord;
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
