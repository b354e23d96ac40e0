import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import { actorOf } from '../../slack/kit/actor';
import { errorText, formErrors, STALE_FORM_TEXT } from '../../slack/kit/replies';
import { ViewValues } from '../../slack/kit/view-values';
import { COFFEE_FIELDS as F, COFFEE_INPUT as I } from './coffee.ids';
import type { CoffeeListenerDeps } from './coffee.listener-deps';
import { checkCoffeeSettings, checkSwap, GROUPING_FIELDS, type CoffeeSettingsInput, type FieldProblem } from './coffee.rules';
import { cadenceInWords, previewMessage } from './coffee.views';

type Submission = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * Coffee's forms, by the kit's convention: a pure check, `ack` with errors beside their fields
 * (or a plain `ack`, which closes the form), then the write; a failure after the ack is told by DM.
 */

const errorsOf = (problems: FieldProblem[]) => formErrors(Object.fromEntries(problems.map((p) => [F[p.field], p.problem])));
/** A number field: NaN for anything but digits, so the check names it. */
const whole = (text: string | undefined) => (text && /^\d{1,3}$/.test(text.trim()) ? Number(text.trim()) : NaN);
const weekday = z.enum(['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su']);

/** The settings form's values, as the rules read them (an unknown choice fails their check). */
export function settingsFrom(values: ViewValues): CoffeeSettingsInput {
  const text = (field: keyof typeof F) => values.text(F[field], I);
  const field = GROUPING_FIELDS.find((f) => f === text('groupingField'));
  return {
    groupSize: whole(text('size')),
    cadence: text('cadence') === 'monthly' ? 'monthly' : 'weekly',
    everyWeeks: whole(text('everyWeeks')),
    weekday: weekday.catch('mo').parse(text('weekday')),
    nth: Number(text('nth') ?? '1'),
    time: text('time') ?? '',
    windowWeeks: whole(text('windowWeeks')),
    grouping: text('grouping') === 'mix' ? 'mix' : text('grouping') === 'group' ? 'group' : 'none',
    ...(field ? { groupingField: field } : {}),
    followUpDays: whole(text('followUpDays')),
  };
}

/** The settings form (organisers): saved, the schedule remade, and the organiser told when the first round is. */
export function onSettingsForm(deps: CoffeeListenerDeps) {
  return async function onSettingsForm({ ack, body, view }: Submission): Promise<void> {
    const metadata = deps.forms.channel.read(view.private_metadata, body.user.id);
    if (!metadata) return ack(formErrors({ [F.size]: STALE_FORM_TEXT }));
    const settings = settingsFrom(ViewValues.parse(view.state.values));
    const problems = checkCoffeeSettings(settings);
    if (problems.length) return ack(errorsOf(problems));
    await ack();
    const actor = actorOf(body);
    try {
      const saved = await deps.coffee.saveSettings({ teamId: actor.teamId, channelId: metadata.channelId }, actor, settings);
      const next = saved.nextRound ? ` The first round is on ${saved.nextRound}.` : '';
      await deps.kit.tellAfterAck(`coffee:settings-saved:${view.id}`, actor.userId, `Coffee settings saved: rounds ${cadenceInWords(settings)}, intros at ${settings.time} in each member's zone.${next} \`/guild coffee preview\` shows the groups before they go out.`);
    } catch (err) {
      await deps.kit.tellAfterAck(`coffee:settings-failed:${view.id}`, actor.userId, `Your coffee settings were not saved. ${errorText(err, deps.kit.logger, { userId: actor.userId, channelId: metadata.channelId })}`);
    }
  };
}

/** The swap form (organisers): two people change groups in the previewed round; the new preview comes by DM. */
export function onSwapForm(deps: CoffeeListenerDeps) {
  return async function onSwapForm({ ack, body, view }: Submission): Promise<void> {
    const metadata = deps.forms.round.read(view.private_metadata, body.user.id);
    if (!metadata) return ack(formErrors({ [F.first]: STALE_FORM_TEXT }));
    const values = ViewValues.parse(view.state.values);
    const [first, second] = [values.text(F.first, I), values.text(F.second, I)];
    const problems = checkSwap(await deps.coffee.draftGroups(metadata.roundId), first, second);
    if (problems.length) return ack(errorsOf(problems));
    await ack();
    const actor = actorOf(body);
    try {
      const groups = await deps.coffee.swap(actor, metadata.roundId, first!, second!);
      const preview = previewMessage('the next round', { roundId: metadata.roundId, groups });
      await deps.kit.deps.messages.send({ key: `coffee:swapped:${view.id}`, to: { users: [actor.userId] }, text: `Swapped <@${first}> and <@${second}>.\n${preview.text}`, ...(preview.blocks ? { blocks: preview.blocks } : {}) });
    } catch (err) {
      await deps.kit.tellAfterAck(`coffee:swap-failed:${view.id}`, actor.userId, `The swap was not made. ${errorText(err, deps.kit.logger, { userId: actor.userId, roundId: metadata.roundId })}`);
    }
  };
}
