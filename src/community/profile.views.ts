import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import type { ValueCodec } from '../slack/kit/codec';
import { clip, mrkdwnText, wellFormed } from '../slack/kit/text';
import { describeZone, offsetMinutes, cityOf, OPTIONS_MAX, searchZones, shortZone } from '../time/zone-search';
import { formatMinutes, INTEREST_LENGTH_MAX, INTERESTS_MAX, type ZoneValue } from './profile.schema';
import type { ProfileForm } from './profile.service';

export const PROFILE_CALLBACK_ID = 'guild_profile';

/** Block ids double as field names in validation errors (see parseProfile). */
export const PROFILE_FIELDS = {
  timeZone: 'timeZone',
  workdayStart: 'workdayStart',
  workdayEnd: 'workdayEnd',
  interests: 'interests',
  newInterests: 'newInterests',
  snoozeUntil: 'snoozeUntil',
  mentorTopics: 'mentorTopics',
  learnTopics: 'learnTopics',
  levelPrefix: 'level_',
} as const;

/** Every input's action id: the block id says which field it is. */
export const PROFILE_INPUT_ACTION = 'value';
/**
 * The time zone menu's own action id: its options come from an options request, which Bolt
 * routes by action id, so it cannot share the other inputs' `value`.
 */
export const PROFILE_ZONE_ACTION = 'guild_profile_zone';

/** "slack" or "zone:<IANA name>" (names are at most 64 of [A-Za-z0-9_+-/], far within 75). */
export const zoneValue: ValueCodec<ZoneValue> = {
  encode: (value) => ('follow' in value ? 'slack' : `zone:${value.zone}`),
  decode: (text) => {
    if (text === 'slack') return { follow: true };
    const zone = /^zone:([A-Za-z0-9_+\-/]{1,64})$/.exec(text ?? '')?.[1];
    return zone ? { zone } : undefined;
  },
};

/** An interest option's value: "i:" and the interest as written (at most 50 characters). */
export const interestValue: ValueCodec<string> = {
  // Well-formed, so a lone surrogate in old data can never reach Slack (it is invalid JSON there).
  encode: (interest) => `i:${wellFormed(interest)}`,
  decode: (text) => (text?.startsWith('i:') && text.length > 2 && text.length <= INTEREST_LENGTH_MAX + 2 ? text.slice(2) : undefined),
};

export interface ProfileMetadata {
  communityId?: number;
  slackTimeZone?: string;
  /** Opened from the App Home, which shows beneath it and re-renders when it is saved. */
  fromHome?: boolean;
}

const LEVELS: PlainTextOption[] = [
  ['1', '1 · new to it'],
  ['2', '2 · learning'],
  ['3', '3 · practising'],
  ['4', '4 · experienced'],
  ['5', '5 · expert'],
].map(([value, text]) => ({ text: { type: 'plain_text', text: text as string }, value: value as string }));

/** Slack's limits on the modal's plain_text (Block Kit reference: input block label and hint, header, option). */
const LABEL_MAX = 2000;
const HEADER_MAX = 150;
const OPTION_TEXT_MAX = 75;
/** The typed interests: as many as a profile holds, each at its longest, with separators. */
const INTERESTS_INPUT_MAX = INTERESTS_MAX * (INTEREST_LENGTH_MAX + 2);
/** A notice is a sentence or two; this leaves a context element's text far within Slack's limit. */
const NOTICE_SHOWN = 2000;

/** The option that follows Slack: "Use my Slack time zone (New York, UTC−5)". */
export function followSlackOption(slackTimeZone: string | undefined, now: Date): PlainTextOption {
  const where = slackTimeZone ? shortZone(slackTimeZone, now) : 'UTC until Slack tells us yours';
  return { text: { type: 'plain_text', text: clip(`Use my Slack time zone (${where})`, OPTION_TEXT_MAX) }, value: zoneValue.encode({ follow: true }) };
}

function zoneOption(zone: string, now: Date): PlainTextOption {
  const offset = offsetMinutes(zone, now);
  const text = offset === undefined ? zone : describeZone({ zone, city: cityOf(zone), offsetMinutes: offset });
  return { text: { type: 'plain_text', text: clip(text, OPTION_TEXT_MAX) }, value: zoneValue.encode({ zone }) };
}

/**
 * The time zone menu's options for what the person typed: "Use my Slack time zone" first when
 * nothing was typed (or the typing matches it), then the zones found; never more than Slack's
 * 100. `query` is what the person typed, shown nowhere, so it needs no escaping.
 */
export function zoneOptions(query: string, slackTimeZone: string | undefined, now: Date): PlainTextOption[] {
  const follow = followSlackOption(slackTimeZone, now);
  const typed = query.trim().toLowerCase();
  const withFollow = typed === '' || follow.text.text.toLowerCase().includes(typed);
  const found = searchZones(query, now, OPTIONS_MAX - (withFollow ? 1 : 0)).map((c) => zoneOption(c.zone, now));
  return withFollow ? [follow, ...found] : found;
}

export function profileModal(form: ProfileForm, now = new Date(), opened: { fromHome?: boolean } = {}): ModalView {
  const metadata: ProfileMetadata = { communityId: form.community?.id, slackTimeZone: form.slackTimeZone, ...(opened.fromHome ? { fromHome: true } : {}) };
  const blocks: KnownBlock[] = [...timeBlocks(form, now), ...interestBlocks(form), snoozeBlock(form)];
  if (form.notice) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: mrkdwnText(form.notice, NOTICE_SHOWN) }] });
  if (form.community && form.community.topics.length > 0) blocks.push(...topicBlocks(form.community));
  return {
    type: 'modal',
    callback_id: PROFILE_CALLBACK_ID,
    title: { type: 'plain_text', text: 'Your Guild profile' },
    submit: { type: 'plain_text', text: 'Save' },
    close: { type: 'plain_text', text: 'Cancel' },
    private_metadata: JSON.stringify(metadata),
    blocks,
  };
}

/** The time zone (searchable, Slack's by default) and the working day. */
function timeBlocks(form: ProfileForm, now: Date): KnownBlock[] {
  const time = (blockId: string, label: string, minutes: number): KnownBlock => ({
    type: 'input',
    block_id: blockId,
    label: { type: 'plain_text', text: label },
    element: { type: 'timepicker', action_id: PROFILE_INPUT_ACTION, initial_time: formatMinutes(minutes) },
  });
  return [
    {
      type: 'input',
      block_id: PROFILE_FIELDS.timeZone,
      label: { type: 'plain_text', text: 'Time zone' },
      hint: { type: 'plain_text', text: 'Type a city, a zone or an offset such as +5:30. Following Slack, Guild moves with you when you travel; a zone you pick stays.' },
      element: {
        type: 'external_select',
        action_id: PROFILE_ZONE_ACTION,
        // 0: the menu asks for options as soon as it opens, and "+1" (two characters) is a whole query.
        min_query_length: 0,
        placeholder: { type: 'plain_text', text: 'Search by city, zone or offset' },
        initial_option: form.pinned ? zoneOption(form.timeZone, now) : followSlackOption(form.slackTimeZone, now),
      },
    },
    time(PROFILE_FIELDS.workdayStart, 'Working day starts', form.workdayStart),
    time(PROFILE_FIELDS.workdayEnd, 'Working day ends', form.workdayEnd),
  ];
}

function snoozeBlock(form: ProfileForm): KnownBlock {
  return {
    type: 'input',
    block_id: PROFILE_FIELDS.snoozeUntil,
    optional: true,
    label: { type: 'plain_text', text: 'Snooze until' },
    hint: { type: 'plain_text', text: 'No pairings, matches or nudges before this date. Leave empty to stay active.' },
    element: { type: 'datepicker', action_id: PROFILE_INPUT_ACTION, ...(form.snoozeUntil ? { initial_date: form.snoozeUntil } : {}) },
  };
}

/** The community's topics: what I can mentor, what I want to learn, and my level in each. */
function topicBlocks(community: NonNullable<ProfileForm['community']>): KnownBlock[] {
  const options: PlainTextOption[] = community.topics.map((t) => ({ text: { type: 'plain_text', text: clip(t.name, OPTION_TEXT_MAX) }, value: String(t.id) }));
  const mentoring = options.filter((_, i) => community.topics[i]?.canMentor);
  const learning = options.filter((_, i) => community.topics[i]?.wantsToLearn);
  const choose = (blockId: string, label: string, initial: PlainTextOption[]): KnownBlock => ({
    type: 'input',
    block_id: blockId,
    optional: true,
    label: { type: 'plain_text', text: label },
    element: { type: 'multi_static_select', action_id: PROFILE_INPUT_ACTION, options, ...(initial.length ? { initial_options: initial } : {}) },
  });
  return [
    { type: 'header', text: { type: 'plain_text', text: clip(`Topics in ${community.name}`, HEADER_MAX) } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: LEVELS_USE }] },
    choose(PROFILE_FIELDS.mentorTopics, 'Topics I can mentor', mentoring),
    choose(PROFILE_FIELDS.learnTopics, 'Topics I want to learn', learning),
    ...community.topics.map((topic): KnownBlock => {
      const initial = topic.level ? LEVELS[topic.level - 1] : undefined;
      return {
        type: 'input',
        block_id: `${PROFILE_FIELDS.levelPrefix}${topic.id}`,
        optional: true,
        label: { type: 'plain_text', text: clip(`My level in ${topic.name}`, LABEL_MAX) },
        element: { type: 'static_select', action_id: PROFILE_INPUT_ACTION, options: LEVELS, ...(initial ? { initial_option: initial } : {}) },
      };
    }),
  ];
}

/** The one line that says why Guild asks for levels, and who sees them. */
export const LEVELS_USE =
  'Levels match mentors with mentees a few steps behind them and break poll results down by experience. Organisers see only how many people are at each level, never yours.';

/**
 * Interests: the person's own and the community's most common ones to pick from (a static menu
 * holds at most 100, and needs at least one), then a field for new ones.
 */
function interestBlocks(form: ProfileForm): KnownBlock[] {
  const own = new Set(form.interests.map((i) => i.toLowerCase()));
  // One option per interest whatever its case: two options with one value would be refused.
  const byKey = new Map<string, string>();
  for (const name of [...form.interests, ...form.interestSuggestions]) if (!byKey.has(name.toLowerCase())) byKey.set(name.toLowerCase(), name);
  const names = [...byKey.values()].slice(0, OPTIONS_MAX);
  const options: PlainTextOption[] = names.map((name) => ({ text: { type: 'plain_text', text: clip(name, OPTION_TEXT_MAX) }, value: interestValue.encode(name) }));
  const chosen = options.filter((o) => own.has((interestValue.decode(o.value) ?? '').toLowerCase()));
  const blocks: KnownBlock[] = [];
  if (options.length > 0) {
    blocks.push({
      type: 'input',
      block_id: PROFILE_FIELDS.interests,
      optional: true,
      label: { type: 'plain_text', text: 'Interests' },
      hint: { type: 'plain_text', text: 'Yours and what others in your communities wrote. Guild suggests events and coffee partners by them.' },
      element: { type: 'multi_static_select', action_id: PROFILE_INPUT_ACTION, options, max_selected_items: INTERESTS_MAX, ...(chosen.length ? { initial_options: chosen } : {}) },
    });
  }
  blocks.push({
    type: 'input',
    block_id: PROFILE_FIELDS.newInterests,
    optional: true,
    label: { type: 'plain_text', text: options.length > 0 ? 'Other interests' : 'Interests' },
    hint: { type: 'plain_text', text: `Separated by commas; at most ${INTERESTS_MAX} in all, each up to ${INTEREST_LENGTH_MAX} characters.` },
    element: { type: 'plain_text_input', action_id: PROFILE_INPUT_ACTION, multiline: true, max_length: INTERESTS_INPUT_MAX },
  });
  return blocks;
}
