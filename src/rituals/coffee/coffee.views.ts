import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { clip, escapeMrkdwn, mrkdwnText } from '../../slack/kit/text';
import { COFFEE_HELP_ENTRIES } from './coffee.command';
import { answerValue, COFFEE_ANSWER_ACTION, COFFEE_FIELDS as F, COFFEE_INPUT as I, COFFEE_RESUME_ACTION, COFFEE_SETTINGS_CALLBACK, COFFEE_SNOOZE_ACTION, COFFEE_SWAP_ACTION, COFFEE_SWAP_CALLBACK, communityValue, roundValue } from './coffee.ids';
import { day, notFormedInWords, whyInWords } from './coffee.messages';
import type { CoffeeSettingsInput } from './coffee.rules';
import type { DraftGroup } from './coffee.rounds';
import type { CoffeeStatus, HomeEntry } from './coffee.service';

/** The coffee views: status, preview, the settings and swap forms, the App Home section. Pure. */

const WEEKDAY_NAMES = { mo: 'Monday', tu: 'Tuesday', we: 'Wednesday', th: 'Thursday', fr: 'Friday', sa: 'Saturday', su: 'Sunday' } as const;
const NTH_NAMES: Record<string, string> = { '1': 'first', '2': 'second', '3': 'third', '4': 'fourth', '-1': 'last' };
const option = (value: string, text: string): PlainTextOption => ({ text: { type: 'plain_text', text }, value });

/** "every 2 weeks on Monday", "the first Tuesday of the month". */
export function cadenceInWords(s: CoffeeSettingsInput): string {
  if (s.cadence === 'monthly') return `the ${NTH_NAMES[String(s.nth)]} ${WEEKDAY_NAMES[s.weekday]} of the month`;
  return `${s.everyWeeks === 1 ? 'every week' : `every ${s.everyWeeks} weeks`} on ${WEEKDAY_NAMES[s.weekday]}`;
}

function settingsLine(s: CoffeeSettingsInput): string {
  const grouping = s.grouping === 'none' || !s.groupingField ? '' : `, ${s.grouping === 'mix' ? 'mixing' : 'grouping'} by ${s.groupingField}`;
  return `Groups of ${s.groupSize}, ${cadenceInWords(s)}, intros at ${s.time} in each member's own time zone; no repeats within ${s.windowWeeks} weeks${grouping}; a follow-up ${s.followUpDays} days later.`;
}

/** `/guild coffee`: the person's state, the community's rounds, and the commands. */
export function statusMessage(s: CoffeeStatus): { text: string } {
  const you = !s.member
    ? 'You are not a member of this community: `/guild join` first.'
    : !s.optedIn
      ? 'You are not taking part. `/guild coffee join` to start.'
      : s.paused
        ? 'You are paused (three rounds without an answer). `/guild coffee join` to take part again.'
        : s.snoozedUntil
          ? `You are snoozed until ${day(s.snoozedUntil)}. \`/guild coffee resume\` to come back sooner.`
          : 'You are taking part.';
  const avoid = s.avoiding ? ` You keep a private list of ${s.avoiding} ${s.avoiding === 1 ? 'person' : 'people'} not to be grouped with.` : '';
  const next = s.nextRound ? `The next round is on ${s.nextRound}.` : s.organiser ? 'No rounds are scheduled yet: set them up with `/guild coffee settings`.' : 'No rounds are scheduled yet: an organiser sets them up.';
  const help = COFFEE_HELP_ENTRIES.map((e) => `• \`${escapeMrkdwn(e.usage)}\`: ${e.what}`).join('\n');
  return { text: `:coffee: *Coffee groups in ${mrkdwnText(s.community.name, 80)}*\n${you}${avoid}\n${next} ${settingsLine(s.settings)}\n${help}` };
}

/** An organiser's preview of the next round: the groups and why, with a Swap button. */
export function previewMessage(date: string, draft: { roundId: number; groups: DraftGroup[] } | { tooFew: true; eligible: number }): { text: string; blocks?: KnownBlock[] } {
  if ('tooFew' in draft) return { text: `The round on ${date} would not form: ${notFormedInWords(draft.eligible)} (opted in, not snoozed or paused). A group takes at least two.` };
  const head = `*The coffee round on ${date}*: ${draft.groups.length} ${draft.groups.length === 1 ? 'group' : 'groups'}. They go out as shown here.`;
  const lines = draft.groups.slice(0, 40).map((g, i) => `${i + 1}. ${g.members.map((m) => `<@${m}>`).join(', ')} — ${whyInWords(g.reasons, g.members.length)}; <@${g.organiserId}> suggests a time`);
  const more = draft.groups.length > 40 ? `\n…and ${draft.groups.length - 40} more groups.` : '';
  return {
    text: `${head}\n${lines.join('\n')}${more}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: head } },
      { type: 'section', text: { type: 'mrkdwn', text: clip(`${lines.join('\n')}${more}`, 2900) } },
      { type: 'actions', elements: [{ type: 'button', action_id: COFFEE_SWAP_ACTION, text: { type: 'plain_text', text: 'Swap two people' }, value: roundValue.encode({ roundId: draft.roundId }) }] },
    ],
  };
}

const input = (field: keyof typeof F, label: string, element: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  ({ type: 'input', block_id: F[field], label: { type: 'plain_text', text: label }, element: { action_id: I, ...element }, ...extra }) as KnownBlock;

function select(field: keyof typeof F, label: string, options: PlainTextOption[], initial: string, extra: Record<string, unknown> = {}): KnownBlock {
  return input(field, label, { type: 'static_select', options, initial_option: options.find((o) => o.value === initial) ?? options[0] }, extra);
}

const number = (field: keyof typeof F, label: string, initial: number, hint: string) =>
  input(field, label, { type: 'plain_text_input', initial_value: String(initial), max_length: 3 }, { hint: { type: 'plain_text', text: hint } });

function form(callbackId: string, metadata: string, title: string, submit: string, blocks: KnownBlock[]): ModalView {
  return { type: 'modal', callback_id: callbackId, private_metadata: metadata, title: { type: 'plain_text', text: title }, submit: { type: 'plain_text', text: submit }, close: { type: 'plain_text', text: 'Cancel' }, blocks };
}

/** The settings form, filled with the community's settings; `metadata` is the sealed channel. */
export function settingsModal(s: CoffeeSettingsInput, metadata: string): ModalView {
  const sizes = [2, 3, 4, 5, 6, 7, 8].map((n) => option(String(n), `${n} people`));
  const days = Object.entries(WEEKDAY_NAMES).map(([v, name]) => option(v, name));
  const nths = Object.entries(NTH_NAMES).map(([v, name]) => option(v, `The ${name}`));
  return form(COFFEE_SETTINGS_CALLBACK, metadata, 'Coffee groups', 'Save', [
      select('size', 'Group size', sizes, String(s.groupSize), { hint: { type: 'plain_text', text: 'An odd count makes one group larger: nobody is left alone.' } }),
      select('cadence', 'How often', [option('weekly', 'Every few weeks'), option('monthly', 'A weekday of the month')], s.cadence),
      number('everyWeeks', 'Every how many weeks', s.everyWeeks, 'For "every few weeks": 1 to 12.'),
      select('nth', 'Which one in the month', nths, String(s.nth), { hint: { type: 'plain_text', text: 'For "a weekday of the month".' } }),
      select('weekday', 'Day', days, s.weekday),
      input('time', 'Intro arrives at', { type: 'timepicker', initial_time: s.time }, { hint: { type: 'plain_text', text: "Each group's local time: the intro reaches everyone at this time in their own zone when they share one." } }),
      number('windowWeeks', 'No repeats within (weeks)', s.windowWeeks, 'Groups that did not meet do not count.'),
      select('grouping', 'Mix or group people', [option('none', 'Neither'), option('mix', 'Mix: different ones together'), option('group', 'Group: the same ones together')], s.grouping),
      select('groupingField', 'By', [option('interest', 'Their first interest'), option('topic', 'Their strongest topic')], s.groupingField ?? 'interest', { optional: true }),
      number('followUpDays', 'Follow-up after (days)', s.followUpDays, 'Asks each group whether they met.'),
  ]);
}

/** The swap form: two people of a previewed round, from different groups. */
export function swapModal(groups: string[][], metadata: string): ModalView {
  return form(COFFEE_SWAP_CALLBACK, metadata, 'Swap two people', 'Swap', [
      input('first', 'Move', { type: 'users_select' }),
      input('second', 'With', { type: 'users_select' }),
      { type: 'context', elements: [{ type: 'mrkdwn', text: clip(`The groups: ${groups.map((g, i) => `${i + 1}. ${g.map((id) => `<@${id}>`).join(', ')}`).join('  ')}`, 2900) }] },
  ]);
}

/** Block ids of coffee's App Home section start with this: how a click on the Home finds it again. */
export const COFFEE_HOME_BLOCK = 'coffee_home';

/** Coffee on the App Home: the person's state per community, with Snooze or Resume. */
export function homeBlocks(entries: HomeEntry[]): KnownBlock[] {
  if (entries.length === 0) return [];
  const rows = entries.map((e): KnownBlock => {
    const state = !e.optedIn ? 'not taking part' : e.paused ? 'paused (three rounds without an answer)' : e.snoozedUntil ? `snoozed until ${day(e.snoozedUntil)}` : 'taking part';
    const value = communityValue.encode({ communityId: e.communityId });
    const section: KnownBlock = { type: 'section', block_id: `${COFFEE_HOME_BLOCK}.${e.communityId}`, text: { type: 'mrkdwn', text: `*${mrkdwnText(e.name, 80)}*: ${state}` } };
    if (!e.optedIn) return section;
    const button = e.paused || e.snoozedUntil
      ? { type: 'button' as const, action_id: COFFEE_RESUME_ACTION, text: { type: 'plain_text' as const, text: 'Resume' }, value }
      : { type: 'button' as const, action_id: COFFEE_SNOOZE_ACTION, text: { type: 'plain_text' as const, text: 'Snooze 4 weeks' }, value };
    return { ...section, accessory: button };
  });
  return [
    { type: 'divider', block_id: `${COFFEE_HOME_BLOCK}.divider` },
    { type: 'header', block_id: `${COFFEE_HOME_BLOCK}.header`, text: { type: 'plain_text', text: ':coffee: Coffee groups' } },
    ...rows.flatMap((row, i) => [row, ...groupBlock(entries[i]!)]),
  ];
}

const ANSWER_WORDS = { met: 'you met', not_yet: 'not met yet', couldnt: "you couldn't meet" } as const;

/** The person's latest group there: who with, what they answered, and "We met" until they have. */
function groupBlock(e: HomeEntry): KnownBlock[] {
  if (!e.group) return [];
  const who = e.group.others.length ? e.group.others.map((id) => `<@${id}>`).join(', ') : 'nobody else';
  const answered = e.group.answer ? ` · ${ANSWER_WORDS[e.group.answer]}` : '';
  const section: KnownBlock = { type: 'section', block_id: `${COFFEE_HOME_BLOCK}.group.${e.communityId}`, text: { type: 'mrkdwn', text: `Your group of ${e.group.date}: ${who}${answered}` } };
  if (e.group.answer === 'met') return [section];
  return [{ ...section, accessory: { type: 'button', action_id: `${COFFEE_ANSWER_ACTION}_met`, text: { type: 'plain_text', text: 'We met' }, value: answerValue.encode({ groupId: e.group.groupId, answer: 'met' }) } }];
}

