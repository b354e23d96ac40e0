import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
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

/** The profile modal for one person (and, when given, one community's topics). */
export function profileModal(form: ProfileForm): ModalView {
  const metadata: ProfileMetadata = { communityId: form.community?.id, slackTimeZone: form.slackTimeZone };
  const blocks: KnownBlock[] = [
    {
      type: 'input',
      block_id: PROFILE_FIELDS.timeZone,
      label: { type: 'plain_text', text: 'Time zone' },
      hint: { type: 'plain_text', text: `An IANA name such as Europe/Berlin.${form.slackTimeZone ? ` Slack says ${form.slackTimeZone}.` : ''}` },
      element: { type: 'plain_text_input', action_id: PROFILE_INPUT_ACTION, initial_value: form.timeZone, max_length: 64 },
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
        max_length: INTERESTS_MAX * (INTEREST_LENGTH_MAX + 2),
        ...(form.interests.length ? { initial_value: form.interests.join(', ') } : {}),
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
  if (form.notice) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: form.notice }] });
  const community = form.community;
  if (community && community.topics.length > 0) {
    const options: PlainTextOption[] = community.topics.map((t) => ({ text: { type: 'plain_text', text: t.name.slice(0, 75) }, value: String(t.id) }));
    const mentoring = options.filter((_, i) => community.topics[i]?.canMentor);
    const learning = options.filter((_, i) => community.topics[i]?.wantsToLearn);
    blocks.push(
      { type: 'header', text: { type: 'plain_text', text: `Topics in ${community.name}`.slice(0, 150) } },
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
        label: { type: 'plain_text', text: `My level in ${topic.name}`.slice(0, 2000) },
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
