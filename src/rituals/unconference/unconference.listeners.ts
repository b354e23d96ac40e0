import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { SealedMetadata } from '../../slack/kit/metadata';
import type { SlackKit } from '../../slack/kit/kit';
import { actorOf } from '../../slack/kit/actor';
import { ephemeral, errorText, OUT_OF_DATE_TEXT } from '../../slack/kit/replies';
import { mrkdwnText } from '../../slack/kit/text';
import { stepValue, unconferenceValue, type Step } from './unconference.ids';
import { proposalsClosed } from './unconference.rules';
import type { UnconferenceService } from './unconference.service';
import { dotsModal, moveModal, proposalModal } from './unconference.views';
import type { Actor } from '../../community/community.service';

/** What the unconference's listeners are given: the service, the kit, the clock and the sealed form contexts. */
export interface UnconferenceListenerDeps {
  unconferences: UnconferenceService;
  kit: SlackKit;
  now: () => Date;
  forms: {
    channel: SealedMetadata<{ channelId: string }>;
    unconference: SealedMetadata<{ unconferenceId: number }>;
  };
}

type Click = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** A click's work: acknowledged first, the value decoded, a failure told under the message. */
function onClick(deps: UnconferenceListenerDeps, decode: (value: string | undefined) => { unconferenceId: number } | undefined, work: (args: Click, actor: Actor, value: NonNullable<ReturnType<typeof decode>>) => Promise<void>) {
  return async (args: Click): Promise<void> => {
    await args.ack();
    const actor = actorOf(args.body);
    const value = decode(args.action.value);
    if (!value) return void (await args.respond(ephemeral(OUT_OF_DATE_TEXT)));
    try {
      await work(args, actor, value);
    } catch (err) {
      await args.respond(ephemeral(errorText(err, deps.kit.logger, { userId: actor.userId, unconferenceId: value.unconferenceId })));
    }
  };
}

/** "Propose a session": the proposal form, while proposals are open. */
export function onProposeClick(deps: UnconferenceListenerDeps) {
  return onClick(deps, unconferenceValue.decode, async (args, actor, { unconferenceId }) => {
    const u = await deps.unconferences.unconference(unconferenceId);
    const closed = proposalsClosed(u, deps.now(), 0);
    if (closed) return void (await args.respond(ephemeral(closed)));
    await args.client.views.open({ trigger_id: args.body.trigger_id, view: proposalModal(deps.forms.unconference.write({ unconferenceId }, actor.userId), u) });
  });
}

/** "Spread my dots": the voter's ballot, with their current dots, while voting is open. */
export function onDotsClick(deps: UnconferenceListenerDeps) {
  return onClick(deps, unconferenceValue.decode, async (args, actor, { unconferenceId }) => {
    const { unconference, proposals, mine } = await deps.unconferences.ballot(unconferenceId, actor.userId);
    await args.client.views.open({ trigger_id: args.body.trigger_id, view: dotsModal(deps.forms.unconference.write({ unconferenceId }, actor.userId), unconference, proposals, mine) });
  });
}

type StepRun = (deps: UnconferenceListenerDeps, args: Click, actor: Actor, id: number) => Promise<void>;

const STEP_RUNS: Record<Step, StepRun> = {
  async open_voting(deps, args, actor, id) {
    await deps.unconferences.openVoting(id, { actor });
    await args.respond(ephemeral('Voting is open: members spread their dots from the unconference message.'));
  },
  async close_voting(deps, args, actor, id) {
    await deps.unconferences.closeVoting(id, { actor });
    await args.respond(ephemeral('Voting is closed. Your draft agenda is in your DM with Guild: move sessions there, then publish.'));
  },
  async draft(deps, args, actor, id) {
    await deps.unconferences.draftFor(id, actor);
    await args.respond(ephemeral('Your draft agenda is in your DM with Guild.'));
  },
  async move(deps, args, actor, id) {
    const { unconference, proposals, draft } = await deps.unconferences.movable(id, actor);
    await args.client.views.open({ trigger_id: args.body.trigger_id, view: moveModal(deps.forms.unconference.write({ unconferenceId: id }, actor.userId), unconference, proposals, draft) });
  },
  async publish(deps, args, actor, id) {
    const { unconference, people } = await deps.unconferences.publish(id, actor);
    await args.respond(ephemeral(`Published: the agenda of *${mrkdwnText(unconference.title, 100)}* is in the channel, and ${people} ${people === 1 ? 'person gets their' : 'people get their'} own schedule by DM.`));
  },
};

/** The organisers' buttons: the phases, the draft, a move, publishing. The service refuses anyone else. */
export function onStepClick(deps: UnconferenceListenerDeps) {
  return onClick(deps, stepValue.decode, async (args, actor, value) => {
    const { unconferenceId, step } = value as { unconferenceId: number; step: Step };
    await STEP_RUNS[step](deps, args, actor, unconferenceId);
  });
}
