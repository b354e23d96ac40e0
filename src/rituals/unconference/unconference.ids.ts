import { z } from 'zod';
import { idField, valueCodec } from '../../slack/kit/codec';

/**
 * The ids Slack carries back to Guild for unconferences: forms' callback ids, buttons' action
 * ids, the codecs of the values they carry, delivery keys and job kinds.
 */
export const PLAN_CALLBACK = 'unconf_plan';
export const PROPOSE_CALLBACK = 'unconf_propose';
export const DOTS_CALLBACK = 'unconf_dots';
export const MOVE_CALLBACK = 'unconf_move';

/** "Propose a session" on the unconference message. */
export const PROPOSE_ACTION = 'unconf_propose_open';
/** "Spread my dots" on the unconference message. */
export const DOTS_ACTION = 'unconf_dots_open';
/** Organisers' buttons (`unconf_step_<step>`): open voting, close voting (and draft), show the draft, move a session, publish. */
export const STEP_ACTION = 'unconf_step';
export const stepActionId = (step: Step) => `${STEP_ACTION}_${step}`;
export const STEPS = ['open_voting', 'close_voting', 'draft', 'move', 'publish'] as const;
export type Step = (typeof STEPS)[number];

export const unconferenceValue = valueCodec({ unconferenceId: idField }, ['unconferenceId']);
export const stepValue = valueCodec({ unconferenceId: idField, step: z.enum(STEPS) }, ['unconferenceId', 'step']);

/** The action id of every input in the unconference forms. */
export const INPUT = 'value';
export const PLAN_FIELDS = {
  title: 'unconf_title',
  date: 'unconf_date',
  slots: 'unconf_slots',
  length: 'unconf_length',
  rooms: 'unconf_rooms',
  dots: 'unconf_dots',
  proposalsClose: 'unconf_proposals_close',
  votingCloses: 'unconf_voting_closes',
} as const;
export type PlanField = keyof typeof PLAN_FIELDS;
export const PROPOSAL_FIELDS = { title: 'proposal_title', description: 'proposal_description', level: 'proposal_level' } as const;
export type ProposalField = keyof typeof PROPOSAL_FIELDS;
/** The dots form has one menu per proposal: `dots_<proposalId>`. */
export const DOTS_BLOCK_PREFIX = 'dots_';
export const MOVE_FIELDS = { session: 'move_session', slot: 'move_slot', room: 'move_room' } as const;
export type MoveField = keyof typeof MOVE_FIELDS;

/** Field problems as Slack wants them beside the inputs: keyed by block id. */
export function byBlock<F extends string>(fields: Record<F, string>, errors: Partial<Record<F, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(errors) as [F, string | undefined][]) if (message !== undefined) out[fields[field]] = message;
  return out;
}

/** Delivery keys: the unconference message (edited in place), the organiser's draft, the agenda, its sessions, each person's DM. */
export const messageKey = (id: number) => `unconference:${id}`;
export const draftKey = (id: number, userId: string) => `unconference:${id}:draft:${userId}`;
export const agendaKey = (id: number) => `unconference:${id}:agenda`;
export const sessionKey = (id: number, topicId: number) => `unconference:${id}:session:${topicId}`;
export const personalKey = (id: number, userId: string) => `unconference:${id}:agenda:${userId}`;
export const reminderKey = (id: number, slot: number, userId: string) => `unconference:${id}:slot:${slot}:reminder:${userId}`;

export const DEADLINE_JOB = 'unconference.deadline';
export const REMINDER_JOB = 'unconference.reminder';
export const deadlineJobKey = (id: number, phase: 'proposing' | 'voting', at: Date) => `unconference:${id}:deadline:${phase}:${at.getTime()}`;
export const reminderJobKey = (id: number, slot: number, startsAt: Date) => `unconference:${id}:slot:${slot}:reminder:${startsAt.getTime()}`;
