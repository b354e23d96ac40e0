import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import { errorText, formErrors, STALE_FORM_TEXT } from '../../slack/kit/replies';
import { mrkdwnText } from '../../slack/kit/text';
import { ViewValues } from '../../slack/kit/view-values';
import { RETRO_FIELDS as F, RETRO_INPUT as I, type RetroField } from './retro.ids';
import type { RetroListenerDeps } from './retro.listener-deps';
import { checkActionItem, checkHandOver, checkItemText, checkRetroSchedule, checkRetroSetup, earliestToday, type FieldProblem, type RetroScheduleRequest } from './retro.rules';

type Submission = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * A retro's forms. Each follows one convention: a pure check, `ack` with errors beside their
 * fields (or a plain `ack`, which closes the form), then the write; a failure after the ack is
 * told to the person by DM, with what they typed, so nothing is lost.
 */

const anonymity = z.enum(['named', 'anonymous_items', 'anonymous_all']).catch('named');
const weekday = z.enum(['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su']).catch('th');
const whole = (text: string | undefined) => (text ? Number(text) : undefined);
const errorsOf = (problems: FieldProblem[]) => formErrors(Object.fromEntries(problems.map((p) => [F[p.field satisfies RetroField], p.problem])));
/** What the person typed, quoted back to them so nothing they wrote is lost. */
const quoted = (text: string) => `\n>${mrkdwnText(text, 3500).replace(/\n/g, '\n>')}`;

/** The start form: a retro with its format, anonymity, votes and deadlines. */
export function onStartForm(deps: RetroListenerDeps) {
  return async function onStartForm({ ack, body, view }: Submission): Promise<void> {
    const metadata = deps.forms.channel.read(view.private_metadata, body.user.id);
    if (!metadata) return ack(formErrors({ [F.title]: STALE_FORM_TEXT }));
    const values = ViewValues.parse(view.state.values);
    const setup = {
      title: values.text(F.title, I)?.trim() ?? '',
      formatId: values.text(F.format, I) ?? 'tanzu',
      customColumns: values.text(F.columns, I),
      voteBudget: whole(values.text(F.budget, I)) ?? 3,
      perItemCap: whole(values.text(F.cap, I)),
      revealThreshold: whole(values.text(F.threshold, I)),
      collectUntil: values.dateTime(F.collectUntil, I),
      voteUntil: values.dateTime(F.voteUntil, I),
    };
    const problems = checkRetroSetup(setup, deps.now());
    if (problems.length) return ack(errorsOf(problems));
    await ack();
    const where = { teamId: body.team?.id ?? '', channelId: metadata.channelId };
    try {
      await deps.prepareChannel(where);
      await deps.retros.start({ ...where, ...defined(setup), anonymity: anonymity.parse(values.text(F.anonymity, I)), startedBy: body.user.id });
    } catch (err) {
      const text = errorText(err, deps.kit.logger, { userId: body.user.id, channelId: metadata.channelId });
      await deps.kit.tellAfterAck(`retro:start-failed:${view.id}`, body.user.id, `Your retro *${mrkdwnText(setup.title, 150)}* did not start. ${text}`);
    }
  };
}

/** The item form. */
export function onItemForm(deps: RetroListenerDeps) {
  return async function onItemForm({ ack, body, view }: Submission): Promise<void> {
    const metadata = deps.forms.retro.read(view.private_metadata, body.user.id);
    if (!metadata) return ack(formErrors({ [F.text]: STALE_FORM_TEXT }));
    const values = ViewValues.parse(view.state.values);
    const text = values.text(F.text, I) ?? '';
    const problems = checkItemText(text);
    if (problems.length) return ack(errorsOf(problems));
    await ack();
    try {
      await deps.retros.addItem(metadata.retroId, body.user.id, values.text(F.column, I) ?? '', text);
    } catch (err) {
      const why = errorText(err, deps.kit.logger, { retroId: metadata.retroId, userId: body.user.id });
      await deps.kit.tellAfterAck(`retro:item-failed:${view.id}`, body.user.id, `Your item was not added. ${why} What you wrote:${quoted(text)}`);
    }
  };
}

/** The action item form: what, who, by when. */
export function onActionItemForm(deps: RetroListenerDeps) {
  return async function onActionItemForm({ ack, body, view }: Submission): Promise<void> {
    const metadata = deps.forms.retro.read(view.private_metadata, body.user.id);
    if (!metadata) return ack(formErrors({ [F.text]: STALE_FORM_TEXT }));
    const values = ViewValues.parse(view.state.values);
    const input = { text: values.text(F.text, I) ?? '', ownerId: values.text(F.owner, I) ?? '', ...defined({ dueDate: values.text(F.due, I) }), today: earliestToday(deps.now()) };
    const problems = checkActionItem(input);
    if (problems.length) return ack(errorsOf(problems));
    await ack();
    try {
      await deps.retros.addAction(metadata.retroId, body.user.id, input);
    } catch (err) {
      const why = errorText(err, deps.kit.logger, { retroId: metadata.retroId, userId: body.user.id });
      await deps.kit.tellAfterAck(`retro:action-failed:${view.id}`, body.user.id, `Your action item was not added. ${why} What you wrote:${quoted(input.text)}`);
    }
  };
}

/** The hand-over form. */
export function onHandOverForm(deps: RetroListenerDeps) {
  return async function onHandOverForm({ ack, body, view }: Submission): Promise<void> {
    const metadata = deps.forms.retro.read(view.private_metadata, body.user.id);
    if (!metadata) return ack(formErrors({ [F.facilitator]: STALE_FORM_TEXT }));
    const to = ViewValues.parse(view.state.values).text(F.facilitator, I) ?? '';
    const problems = checkHandOver(to);
    if (problems.length) return ack(errorsOf(problems));
    await ack();
    try {
      await deps.retros.handOver(metadata.retroId, body.user.id, to);
    } catch (err) {
      const why = errorText(err, deps.kit.logger, { retroId: metadata.retroId, userId: body.user.id });
      await deps.kit.tellAfterAck(`retro:handover-failed:${view.id}`, body.user.id, `The retro was not handed over. ${why}`);
    }
  };
}

/** The schedule form (organisers): a recurring retro, announced in the channel. */
export function onScheduleForm(deps: RetroListenerDeps) {
  return async function onScheduleForm({ ack, body, view }: Submission): Promise<void> {
    const metadata = deps.forms.channel.read(view.private_metadata, body.user.id);
    if (!metadata) return ack(formErrors({ [F.title]: STALE_FORM_TEXT }));
    const request = scheduleRequest(ViewValues.parse(view.state.values), body.team?.id ?? '', metadata.channelId, body.user.id);
    const problems = checkRetroSchedule(request);
    if (problems.length) return ack(errorsOf(problems));
    await ack();
    let schedule;
    try {
      schedule = await deps.scheduleRetros(request);
    } catch (err) {
      const why = errorText(err, deps.kit.logger, { userId: body.user.id, channelId: metadata.channelId });
      return deps.kit.tellAfterAck(`retro:schedule-failed:${view.id}`, body.user.id, `Your retros were not scheduled. ${why}`);
    }
    try {
      const next = schedule.nextRunAt ? ` The first one starts <!date^${Math.floor(schedule.nextRunAt.getTime() / 1000)}^{date_long_pretty} at {time}|${schedule.nextRunAt.toISOString()}>.` : '';
      await deps.kit.deps.messages.send({ key: `retro:schedule:${schedule.id}:created`, to: { channel: metadata.channelId }, text: `<@${body.user.id}> scheduled retros here: ${schedule.description} (schedule #${schedule.id}).${next} \`/guild schedules\` pauses or cancels them.` });
    } catch (err) {
      // The schedule stands; only its announcement in the channel failed.
      errorText(err, deps.kit.logger, { userId: body.user.id, channelId: metadata.channelId, scheduleId: schedule.id });
      await deps.kit.tellAfterAck(`retro:schedule-unannounced:${view.id}`, body.user.id, `Your retros are scheduled (schedule #${schedule.id}), but Guild could not announce them in the channel.`);
    }
  };
}

function scheduleRequest(values: ViewValues, teamId: string, channelId: string, userId: string): RetroScheduleRequest {
  const columns = values.text(F.columns, I);
  return {
    teamId,
    channelId,
    userId,
    title: values.text(F.title, I) ?? '',
    every: Number(values.text(F.every, I) ?? '4'),
    weekday: weekday.parse(values.text(F.weekday, I)),
    time: values.text(F.time, I) ?? '',
    timeZone: values.text(F.timeZone, I)?.trim() ?? '',
    formatId: values.text(F.format, I) ?? 'tanzu',
    ...(columns ? { customColumns: columns } : {}),
    anonymity: anonymity.parse(values.text(F.anonymity, I)),
    voteBudget: Number(values.text(F.budget, I) ?? '3'),
  };
}

/** The object without its undefined entries (the service's inputs are exact optional types). */
function defined<T extends Record<string, unknown>>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}
