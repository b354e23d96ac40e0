import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { clip } from '../../slack/kit/text';
import { ViewValues } from '../../slack/kit/view-values';
import { POLL_CREATE_CALLBACK, POLL_FIELDS as F, POLL_INPUT as I, POLL_OPTION_CALLBACK, POLL_OPTION_FIELD } from './polls.ids';
import type { QuickPoll } from './polls.quick';
import { checkLimit, checkOptions, checkQuestion, KIND_NAMES, OPTION_MAX, OPTIONS_MAX, POLL_KINDS, QUESTION_MAX, type PollKind } from './polls.rules';
import { REPEATS, type Repeat } from './polls.timing';

/** The poll form (`/guild poll`) and the "Add an option" form, and reading them back. */

const plain = (text: string) => ({ type: 'plain_text' as const, text });
const option = (value: string, text: string): PlainTextOption => ({ text: plain(clip(text, 75)), value });

const SETTINGS = { anonymous: 'Anonymous: nobody sees who voted for what', hidden: 'Hide the counts until it closes', addOptions: 'Members may add options' } as const;
const REMINDERS: [string, string][] = [['60', '1 hour before it closes'], ['180', '3 hours before'], ['1440', '1 day before']];
const REPEAT_NAMES: Record<Repeat, string> = { none: 'Does not repeat', weekly: 'Every week', fortnightly: 'Every two weeks' };
/** Slack's static menu holds 100 options. */
const TOPICS_MAX = 100;

function input(blockId: string, label: string, element: Record<string, unknown>, extra: { optional?: boolean; hint?: string } = {}): KnownBlock {
  return { type: 'input', block_id: blockId, label: plain(label), element: { action_id: I, ...element }, ...(extra.optional ? { optional: true } : {}), ...(extra.hint ? { hint: plain(extra.hint) } : {}) } as KnownBlock;
}

export interface PollFormContext {
  privateMetadata: string;
  timeZone: string;
  topics: { id: number; name: string }[];
  /** Organisers may schedule: the form shows when it opens and how it repeats. */
  maySchedule: boolean;
}

export function pollFormView(context: PollFormContext): ModalView {
  const blocks: KnownBlock[] = [
    input(F.question, 'Question', { type: 'plain_text_input', max_length: QUESTION_MAX, placeholder: plain('Which topic should we take up next?') }),
    input(F.options, 'Options, one per line', { type: 'plain_text_input', multiline: true, max_length: 3000 }, { hint: `2 to ${OPTIONS_MAX} options, each up to ${OPTION_MAX} characters, none twice.` }),
    input(F.kind, 'Kind', { type: 'static_select', options: POLL_KINDS.map((k) => option(k, KIND_NAMES[k])), initial_option: option('single', KIND_NAMES.single) }),
    input(F.limit, 'Up to how many choices, ranks or dots', { type: 'plain_text_input', max_length: 3 }, { optional: true, hint: 'Multiple choice: choices each (default: all). Ranked: ranks each (default 3). Dot votes: the budget (default 5, 1 to 50).' }),
    input(F.settings, 'Settings', { type: 'checkboxes', options: Object.entries(SETTINGS).map(([v, t]) => option(v, t)) }, { optional: true }),
  ];
  if (context.topics.length) {
    blocks.push(input(F.topic, 'Break the results down by level in', { type: 'static_select', options: context.topics.slice(0, TOPICS_MAX).map((t) => option(String(t.id), t.name)) }, { optional: true, hint: "Without a topic: each voter's highest level in the community's topics." }));
  }
  blocks.push(
    input(F.closeDate, `Closes on (${context.timeZone})`, { type: 'datepicker' }, { optional: true }),
    input(F.closeTime, 'Closes at', { type: 'timepicker' }, { optional: true, hint: 'Both date and time, or neither (then its creator or an organiser closes it).' }),
    input(F.remind, 'Remind members who have not voted', { type: 'static_select', options: REMINDERS.map(([v, t]) => option(v, t)) }, { optional: true }),
  );
  if (context.maySchedule) {
    blocks.push(
      input(F.openDate, `Opens on (organisers; ${context.timeZone})`, { type: 'datepicker' }, { optional: true, hint: 'Empty: it opens now.' }),
      input(F.openTime, 'Opens at', { type: 'timepicker' }, { optional: true }),
      input(F.repeat, 'Repeats', { type: 'static_select', options: REPEATS.map((r) => option(r, REPEAT_NAMES[r])), initial_option: option('none', REPEAT_NAMES.none) }, { optional: true, hint: 'A repeating poll closes as long after each opening as the first does.' }),
    );
  }
  return { type: 'modal', callback_id: POLL_CREATE_CALLBACK, private_metadata: context.privateMetadata, title: plain('New poll'), submit: plain('Post the poll'), close: plain('Cancel'), blocks };
}

export type PollFormResult = { ok: true; poll: QuickPoll } | { ok: false; errors: Record<string, string> };

function localDateTime(values: ViewValues, dateField: string, timeField: string, errors: Record<string, string>): string | undefined {
  const date = values.text(dateField, I);
  const time = values.text(timeField, I);
  if (!date && !time) return undefined;
  if (!date || !time) {
    errors[date ? timeField : dateField] = 'Give both the date and the time, or neither.';
    return undefined;
  }
  return `${date}T${time}`;
}

/** Reads a submitted poll form; problems are keyed by the block they are about. */
export function parsePollForm(state: unknown): PollFormResult {
  const values = ViewValues.parse(state);
  const errors: Record<string, string> = {};
  const question = checkQuestion(values.text(F.question, I) ?? '');
  if (!question.ok) errors[F.question] = question.problem;
  const options = checkOptions((values.text(F.options, I) ?? '').split('\n'));
  if (!options.ok) errors[F.options] = options.problem;
  const kind = (values.text(F.kind, I) ?? 'single') as PollKind;
  const limitText = values.text(F.limit, I)?.trim();
  let limit = 1;
  if (limitText && !/^\d{1,3}$/.test(limitText)) errors[F.limit] = 'A whole number, e.g. 3.';
  else if (options.ok) {
    const checked = checkLimit(kind, limitText ? Number(limitText) : undefined, options.value.length);
    if (checked.ok) limit = checked.value;
    else errors[F.limit] = checked.problem;
  }
  const settings = new Set(values.choices(F.settings, I));
  const closes = localDateTime(values, F.closeDate, F.closeTime, errors);
  const remind = values.text(F.remind, I);
  if (remind && !closes && !errors[F.closeDate] && !errors[F.closeTime]) errors[F.remind] = 'A reminder comes before the poll closes: give the closing date and time too.';
  const opens = localDateTime(values, F.openDate, F.openTime, errors);
  const repeat = (values.text(F.repeat, I) ?? 'none') as Repeat;
  if (repeat !== 'none' && !opens) errors[F.openDate] = 'A repeating poll needs its first opening date and time.';
  const topic = values.text(F.topic, I);
  if (Object.keys(errors).length || !question.ok || !options.ok) return { ok: false, errors };
  return {
    ok: true,
    poll: {
      request: {
        question: question.value,
        options: options.value,
        kind,
        limit,
        anonymous: settings.has('anonymous'),
        hideResults: settings.has('hidden'),
        membersAddOptions: settings.has('addOptions'),
        ...(closes ? { closes: { kind: 'at' as const, local: closes } } : {}),
        ...(remind ? { remindMinutes: Number(remind) } : {}),
        ...(topic ? { topicId: Number(topic) } : {}),
      },
      ...(opens ? { opens: { local: opens, repeat } } : {}),
    },
  };
}

export function addOptionView(privateMetadata: string, question: string): ModalView {
  return {
    type: 'modal',
    callback_id: POLL_OPTION_CALLBACK,
    private_metadata: privateMetadata,
    title: plain('Add an option'),
    submit: plain('Add it'),
    close: plain('Cancel'),
    blocks: [
      { type: 'section', text: { type: 'plain_text', text: clip(question, 2000) } },
      input(POLL_OPTION_FIELD, 'Option', { type: 'plain_text_input', max_length: OPTION_MAX }),
    ],
  };
}
