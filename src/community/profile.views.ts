import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { clip, mrkdwnText } from '../slack/kit/text';
import { formatMinutes, INTEREST_LENGTH_MAX, INTERESTS_MAX } from './profile.schema';
import type { ProfileForm } from './profile.service';

export const PROFILE_CALLBACK_ID = 'guild_profile';

/** Block ids double as field names in validation errors (see parseProfile). */
export const PROFILE_FIELDS = {
  timeZone: 'timeZone',
  workdayStart: 'workdayStart',
  workdayEnd: 'workdayEnd',
  interests: 'interests',
  snoozeUntil: 'snoozeUntil',
  mentorTopics: 'mentorTopics',
  learnTopics: 'learnTopics',
  levelPrefix: 'level_',
} as const;

/** Every input's action id: the block id says which field it is. */
export const PROFILE_INPUT_ACTION = 'value';

export interface ProfileMetadata {
  communityId?: number;
  slackTimeZone?: string;
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
/** The time zone input takes at most 64 characters, and its initial value must fit too. */
const TIME_ZONE_MAX = 64;
const INTERESTS_INPUT_MAX = INTERESTS_MAX * (INTEREST_LENGTH_MAX + 2);
/** A notice is a sentence or two; this leaves a context element's text far within Slack's limit. */
const NOTICE_SHOWN = 2000;

/**
 * The profile modal for one person (and, when given, one community's topics). Names are shown as
 * typed: plain_text is only cut, and the notice (mrkdwn that may quote a community's name) is
 * escaped here, so the service hands it over unescaped.
 */
export function profileModal(form: ProfileForm): ModalView {
  const metadata: ProfileMetadata = { communityId: form.community?.id, slackTimeZone: form.slackTimeZone };
  const blocks: KnownBlock[] = [
    {
      type: 'input',
      block_id: PROFILE_FIELDS.timeZone,
      label: { type: 'plain_text', text: 'Time zone' },
      hint: { type: 'plain_text', text: clip(`An IANA name such as Europe/Berlin.${form.slackTimeZone ? ` Slack says ${form.slackTimeZone}.` : ''}`, LABEL_MAX) },
      element: { type: 'plain_text_input', action_id: PROFILE_INPUT_ACTION, initial_value: clip(form.timeZone, TIME_ZONE_MAX), max_length: TIME_ZONE_MAX },
    },
    {
      type: 'input',
      block_id: PROFILE_FIELDS.workdayStart,
      label: { type: 'plain_text', text: 'Working day starts' },
      element: { type: 'timepicker', action_id: PROFILE_INPUT_ACTION, initial_time: formatMinutes(form.workdayStart) },
    },
    {
      type: 'input',
      block_id: PROFILE_FIELDS.workdayEnd,
      label: { type: 'plain_text', text: 'Working day ends' },
      element: { type: 'timepicker', action_id: PROFILE_INPUT_ACTION, initial_time: formatMinutes(form.workdayEnd) },
    },
    {
      type: 'input',
      block_id: PROFILE_FIELDS.interests,
      optional: true,
      label: { type: 'plain_text', text: 'Interests' },
      hint: { type: 'plain_text', text: `Separated by commas; at most ${INTERESTS_MAX}, each up to ${INTEREST_LENGTH_MAX} characters.` },
      element: {
        type: 'plain_text_input',
        action_id: PROFILE_INPUT_ACTION,
        multiline: true,
        max_length: INTERESTS_INPUT_MAX,
        ...(form.interests.length ? { initial_value: clip(form.interests.join(', '), INTERESTS_INPUT_MAX) } : {}),
      },
    },
    {
      type: 'input',
      block_id: PROFILE_FIELDS.snoozeUntil,
      optional: true,
      label: { type: 'plain_text', text: 'Snooze until' },
      hint: { type: 'plain_text', text: 'No pairings, matches or nudges before this date. Leave empty to stay active.' },
      element: { type: 'datepicker', action_id: PROFILE_INPUT_ACTION, ...(form.snoozeUntil ? { initial_date: form.snoozeUntil } : {}) },
    },
  ];
  if (form.notice) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: mrkdwnText(form.notice, NOTICE_SHOWN) }] });
  const community = form.community;
  if (community && community.topics.length > 0) {
    const options: PlainTextOption[] = community.topics.map((t) => ({ text: { type: 'plain_text', text: clip(t.name, OPTION_TEXT_MAX) }, value: String(t.id) }));
    const mentoring = options.filter((_, i) => community.topics[i]?.canMentor);
    const learning = options.filter((_, i) => community.topics[i]?.wantsToLearn);
    blocks.push(
      { type: 'header', text: { type: 'plain_text', text: clip(`Topics in ${community.name}`, HEADER_MAX) } },
      {
        type: 'input',
        block_id: PROFILE_FIELDS.mentorTopics,
        optional: true,
        label: { type: 'plain_text', text: 'Topics I can mentor' },
        element: { type: 'multi_static_select', action_id: PROFILE_INPUT_ACTION, options, ...(mentoring.length ? { initial_options: mentoring } : {}) },
      },
      {
        type: 'input',
        block_id: PROFILE_FIELDS.learnTopics,
        optional: true,
        label: { type: 'plain_text', text: 'Topics I want to learn' },
        element: { type: 'multi_static_select', action_id: PROFILE_INPUT_ACTION, options, ...(learning.length ? { initial_options: learning } : {}) },
      },
    );
    for (const topic of community.topics) {
      const initial = topic.level ? LEVELS[topic.level - 1] : undefined;
      blocks.push({
        type: 'input',
        block_id: `${PROFILE_FIELDS.levelPrefix}${topic.id}`,
        optional: true,
        label: { type: 'plain_text', text: clip(`My level in ${topic.name}`, LABEL_MAX) },
        element: { type: 'static_select', action_id: PROFILE_INPUT_ACTION, options: LEVELS, ...(initial ? { initial_option: initial } : {}) },
      });
    }
  }
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
