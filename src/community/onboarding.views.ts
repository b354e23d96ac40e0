import type { KnownBlock, PlainTextOption } from '@slack/types';
import { z } from 'zod';
import { idField, valueCodec } from '../slack/kit/codec';
import { clip, mrkdwnText } from '../slack/kit/text';
import type { Message } from './community.views';

/** A community's "Join" button (the invitation DM, the App Home): which community. */
export const JOIN_ACTION = 'guild_join';
export const joinValue = valueCodec({ communityId: idField }, ['communityId']);

/** "Set up my profile" in the welcome DM: the community whose topics the form shows. */
export const PROFILE_SETUP_ACTION = 'guild_profile_setup';
export const profileSetupValue = valueCodec({ communityId: idField }, ['communityId']);

/** The coffee and event-suggestion checkboxes; the block id says which community they are for. */
export const OPT_INS_ACTION = 'guild_opt_ins';
export const optInsBlockId = valueCodec({ block: z.literal('optins'), communityId: idField }, ['block', 'communityId']);
export const optInValue = valueCodec({ optIn: z.enum(['coffee', 'events']) }, ['optIn']);

/** The mentoring menu: as mentor, mentee, both, or not at all. */
export const MENTORING_ACTION = 'guild_mentoring';
export const mentoringValue = valueCodec({ communityId: idField, role: z.enum(['none', 'mentor', 'mentee', 'both']) }, ['communityId', 'role']);

export type MentoringChoice = 'mentor' | 'mentee' | 'both';

export interface OptIns {
  coffee: boolean;
  eventSuggestions: boolean;
  /** Undefined: not taking part in mentoring. */
  mentoring?: MentoringChoice;
}

export interface CommunityRef {
  id: number;
  name: string;
  channelId: string;
}

/** What a community runs, from each ritual's help: a title and what its first command does. */
export interface RitualSummary {
  title: string;
  entries: { usage: string; what: string }[];
}

/** How much of a community's name a message shows, counted escaped. */
const NAME_SHOWN = 150;
const OPTION_TEXT_MAX = 75;
const MENTORING_WORDS: Record<'none' | MentoringChoice, string> = {
  none: 'Not now',
  mentor: 'As a mentor',
  mentee: 'As a mentee',
  both: 'As a mentor and a mentee',
};

/** The opt-ins in plain words: "coffee groups, mentoring as a mentee". */
export function optInsInWords(optIns: OptIns): string {
  const parts = [
    optIns.coffee ? 'coffee groups' : undefined,
    optIns.mentoring ? `mentoring ${MENTORING_WORDS[optIns.mentoring].toLowerCase()}` : undefined,
    optIns.eventSuggestions ? 'event suggestions' : undefined,
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : 'nothing yet';
}

/**
 * The controls that change one community's opt-ins, the same in the welcome DM and on the Home:
 * checkboxes for coffee groups and event suggestions, a menu for mentoring.
 */
export function optInBlocks(community: CommunityRef, optIns: OptIns): KnownBlock[] {
  const box = (optIn: 'coffee' | 'events', text: string, description: string): PlainTextOption => ({
    text: { type: 'plain_text', text },
    description: { type: 'plain_text', text: description },
    value: optInValue.encode({ optIn }),
  });
  const boxes = [
    box('coffee', 'Coffee groups', 'Meet a few members every few weeks, at times inside your working hours'),
    box('events', 'Event suggestions', 'Talks and workshops that match your interests, by DM'),
  ];
  const chosen = boxes.filter((b) => (optInValue.decode(b.value)?.optIn === 'coffee' ? optIns.coffee : optIns.eventSuggestions));
  const roles = (['none', 'mentor', 'mentee', 'both'] as const).map(
    (role): PlainTextOption => ({ text: { type: 'plain_text', text: clip(`Mentoring: ${MENTORING_WORDS[role].toLowerCase()}`, OPTION_TEXT_MAX) }, value: mentoringValue.encode({ communityId: community.id, role }) }),
  );
  const mentoring = roles[['none', 'mentor', 'mentee', 'both'].indexOf(optIns.mentoring ?? 'none')]!;
  return [
    {
      type: 'actions',
      block_id: optInsBlockId.encode({ block: 'optins', communityId: community.id }),
      elements: [
        { type: 'checkboxes', action_id: OPT_INS_ACTION, options: boxes, ...(chosen.length ? { initial_options: chosen } : {}) },
        { type: 'static_select', action_id: MENTORING_ACTION, options: roles, initial_option: mentoring },
      ],
    },
  ];
}

/**
 * The DM a new member gets: what the community runs (from its rituals' help), a button to set
 * up the profile, and the opt-ins, each changeable later on the App Home. A person who never
 * fills the profile takes part with Slack's time zone and 09:00–17:00.
 */
export function welcomeMessage(community: CommunityRef, runs: RitualSummary[], optIns: OptIns): Message {
  const name = mrkdwnText(community.name, NAME_SHOWN);
  const rituals = runs.map((r) => {
    const first = r.entries[0];
    return `• *${mrkdwnText(r.title, 80)}*${first ? `: ${mrkdwnText(first.what, 300)} (\`${mrkdwnText(first.usage, 80)}\`)` : ''}`;
  });
  const intro = `Welcome to *${name}* (<#${community.channelId}>)! Here is what it runs:\n${rituals.join('\n') || '• nothing scheduled yet: your organisers are getting started'}`;
  return {
    text: `Welcome to *${name}*! Set up your profile and choose what you take part in.`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: intro } },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: 'A minute of profile (time zone, working hours, interests, topics) is what pairs you well. Until then Guild uses your Slack time zone and 09:00–17:00.' },
        accessory: { type: 'button', action_id: PROFILE_SETUP_ACTION, style: 'primary', text: { type: 'plain_text', text: 'Set up my profile' }, value: profileSetupValue.encode({ communityId: community.id }) },
      },
      { type: 'section', text: { type: 'mrkdwn', text: '*What would you like to take part in?*' } },
      ...optInBlocks(community, optIns),
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'You can change these any time on Guild\'s App Home.' }] },
    ],
  };
}
