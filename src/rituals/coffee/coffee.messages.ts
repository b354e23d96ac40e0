import type { KnownBlock } from '@slack/types';
import type { MatchReason } from '../../matching/types';
import { clipMrkdwn, mrkdwnText } from '../../slack/kit/text';
import { answerValue, COFFEE_ANSWER_ACTION, COFFEE_OPT_OUT_ACTION, COFFEE_SNOOZE_ACTION, communityValue, type CoffeeAnswerName } from './coffee.ids';

/**
 * The messages of a coffee round: the intro in each group DM, the follow-up whose answers show
 * as people give them, and the DMs about pauses and rounds too small to form. Pure.
 */

const list = (items: string[]) => (items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);
const mention = (id: string) => `<@${id}>`;
/** A date as Slack shows it in the reader's own zone ("Mon, Dec 7"), with a plain fallback. */
export const day = (d: Date) => `<!date^${Math.floor(d.getTime() / 1000)}^{date_short_pretty}|${d.toISOString().slice(0, 10)}>`;
/** "3 h", "2 h 30 min", "45 min". */
export function duration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return [h ? `${h} h` : '', m ? `${m} min` : ''].filter(Boolean).join(' ') || '0 min';
}

/** One reason in words: "both into accessibility", "3 h overlap". */
export function reasonInWords(reason: MatchReason, size: number): string {
  const everyone = size === 2 ? 'both' : 'all';
  switch (reason.kind) {
    case 'shared-interest':
      return `${everyone} into ${mrkdwnText(reason.topic, 60)}`;
    case 'overlap':
      return reason.minutes > 0 ? `${duration(reason.minutes)} overlap` : 'no shared working hours (pick a time that suits you)';
    case 'mixed':
      return `different ${mrkdwnText(reason.field, 30)}: ${list(reason.values.slice(0, 4).map((v) => mrkdwnText(v, 40)))}`;
    case 'same':
      return `${everyone} share the ${mrkdwnText(reason.field, 30)} ${mrkdwnText(reason.value, 40)}`;
    case 'first-meeting':
      return 'meeting for the first time';
    case 'repeat':
      return `met recently (${reason.pairs === 1 ? 'one pair' : `${reason.pairs} pairs`}): no new grouping was possible`;
    case 'topic-fit':
      return `${mrkdwnText(reason.topic, 60)}`;
  }
}

/** Why the group was put together, in one line; an organiser's swap has no computed reasons. */
export function whyInWords(reasons: readonly MatchReason[], size: number): string {
  return reasons.length ? reasons.map((r) => reasonInWords(r, size)).join('; ') : 'put together by an organiser';
}

const PROMPTS = [
  'What is something you learned at work recently that surprised you?',
  'What would you teach a newcomer to this community first?',
  'What are you working on that you would like a second opinion on?',
  'Which tool or habit made the biggest difference to your work this year?',
  'What is a problem you would love someone here to help you with?',
  'What got you into this field in the first place?',
];

/** A conversation prompt, chosen by the group's id so each group gets its own and a retry the same. */
export function promptFor(groupId: number): string {
  return PROMPTS[groupId % PROMPTS.length]!;
}

export interface IntroGroup {
  groupId: number;
  communityId: number;
  communityName: string;
  members: string[];
  organiserId: string;
  reasons: MatchReason[];
}

/** The intro in a group's DM. */
export function introMessage(g: IntroGroup): { text: string; blocks: KnownBlock[] } {
  const community = mrkdwnText(g.communityName, 80);
  const text = `:coffee: Coffee time, ${list(g.members.map(mention))}! This round of *${community}* put you together.`;
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      { type: 'section', text: { type: 'mrkdwn', text: `*Why you:* ${clipMrkdwn(whyInWords(g.reasons, g.members.length), 2800)}` } },
      { type: 'section', text: { type: 'mrkdwn', text: `*To start you off:* ${promptFor(g.groupId)}` } },
      { type: 'section', text: { type: 'mrkdwn', text: `${mention(g.organiserId)}, would you suggest a time? Half an hour on a call or over coffee is plenty.` } },
      {
        type: 'actions',
        elements: [
          { type: 'button', action_id: COFFEE_SNOOZE_ACTION, text: { type: 'plain_text', text: 'Snooze me 4 weeks' }, value: communityValue.encode({ communityId: g.communityId }) },
          { type: 'button', action_id: COFFEE_OPT_OUT_ACTION, text: { type: 'plain_text', text: 'Skip me from now on' }, value: communityValue.encode({ communityId: g.communityId }) },
        ],
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'Only you see what you choose with these buttons. `/guild coffee` in the community\'s channel shows your settings.' }] },
    ],
  };
}

const ANSWER_WORDS: Record<CoffeeAnswerName, string> = { met: 'Met', not_yet: 'Not yet', couldnt: "Couldn't" };

/** The follow-up in a group's DM, showing the answers given so far. */
export function followUpMessage(groupId: number, answers: { personId: string; answer?: CoffeeAnswerName }[]): { text: string; blocks: KnownBlock[] } {
  const text = 'Did your coffee group meet? Tell me with the buttons: it helps the next rounds.';
  const lines = answers.map((a) => `${mention(a.personId)}: ${a.answer ? ANSWER_WORDS[a.answer] : '_no answer yet_'}`).join('\n');
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      { type: 'actions', elements: (['met', 'not_yet', 'couldnt'] as const).map((answer) => ({ type: 'button' as const, action_id: `${COFFEE_ANSWER_ACTION}_${answer}`, text: { type: 'plain_text' as const, text: ANSWER_WORDS[answer] }, value: answerValue.encode({ groupId, answer }) })) },
      { type: 'context', elements: [{ type: 'mrkdwn', text: clipMrkdwn(lines, 2900) }] },
    ],
  };
}

/** To a member paused after three rounds without an answer. */
export function pausedMessage(communityName: string): string {
  return `I paused your coffee groups in *${mrkdwnText(communityName, 80)}*: the last three rounds went without an answer from you. Whenever you want to take part again, run \`/guild coffee join\` in the community's channel, or tick coffee groups on Guild's App Home.`;
}

/** To the organisers when a round cannot form. */
export function tooFewMessage(communityName: string, date: string, eligible: number, optedIn: number): string {
  const who =
    optedIn === 0
      ? 'nobody has opted in yet'
      : eligible === 0
        ? `all ${optedIn} people who opted in are snoozed or paused`
        : eligible === 1
          ? `only one person could take part (${optedIn} opted in; the others are snoozed or paused)`
          : `no group could be formed from the ${eligible} people who can take part`;
  return `The coffee round of *${mrkdwnText(communityName, 80)}* for ${date} did not form: ${who}. A group takes at least two. Members opt in with \`/guild coffee join\`.`;
}

/** A round that did not form, in a few words: for the organiser who ran it. */
export function notFormedInWords(eligible: number): string {
  return eligible === 0 ? 'nobody can take part' : eligible === 1 ? 'only one person can take part' : `no group could be formed from the ${eligible} people who can take part`;
}
