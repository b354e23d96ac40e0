import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import type { Actor } from '../../community/community.service';
import { actorOf } from '../../slack/kit/actor';
import { republishHomeSection } from '../../slack/kit/home-section';
import type { SlackKit } from '../../slack/kit/kit';
import { errorText, OUT_OF_DATE_TEXT } from '../../slack/kit/replies';
import type { StuckService } from './health.stuck';
import { feedValue, jobValue, retryOutcomeText, STUCK_HOME_BLOCK, STUCK_REMOVE_FEED_ACTION, STUCK_RETRY_ACTION, stuckBlocks } from './health.stuck.views';

type Click = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

export interface StuckListenerDeps {
  stuck: StuckService;
  kit: SlackKit;
}

/**
 * The Home has no response URL: the person who clicked hears in a small dialog, or by DM when
 * the dialog cannot open (its trigger lasts 3 seconds, and a slow failure outlives it).
 */
async function tell(deps: StuckListenerDeps, args: Click, actor: Actor, text: string): Promise<void> {
  try {
    await args.client.views.open({ trigger_id: args.body.trigger_id, view: { type: 'modal', title: { type: 'plain_text', text: 'Anything stuck' }, close: { type: 'plain_text', text: 'OK' }, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] } });
  } catch (err) {
    deps.kit.logger.info({ err, userId: actor.userId }, 'the answer dialog did not open; the answer goes by DM');
    await deps.kit.tellAfterAck(`health:stuck-answer:${args.action.action_ts}:${actor.userId}`, actor.userId, text);
  }
}

/** Rebuilds the "Anything stuck" section of the Home the person is looking at. */
async function refresh(deps: StuckListenerDeps, args: Click, actor: Actor): Promise<void> {
  const view = args.body.view;
  if (!view) return;
  const section = stuckBlocks(await deps.stuck.forOrganiser(actor));
  await republishHomeSection({ client: args.client, logger: deps.kit.logger }, { userId: actor.userId, blocks: view.blocks as KnownBlock[], hash: view.hash }, STUCK_HOME_BLOCK, section);
}

/**
 * A button of the section: acknowledged, its value read, the service asked (which decides who
 * may), the person told when it did not go as they meant, and the section refreshed after a
 * change (a failed refresh is logged, never told as the change failing).
 */
function stuckClick<T>(deps: StuckListenerDeps, decode: (value: string | undefined) => T | undefined, act: (actor: Actor, value: T) => Promise<string | undefined>) {
  return async function onStuckClick(args: Click): Promise<void> {
    await args.ack();
    const actor = actorOf(args.body);
    const value = decode(args.action.value);
    if (!value) return tell(deps, args, actor, OUT_OF_DATE_TEXT);
    let problem: string | undefined;
    try {
      problem = await act(actor, value);
    } catch (err) {
      return tell(deps, args, actor, errorText(err, deps.kit.logger, { userId: actor.userId, actionId: args.action.action_id, value: args.action.value }));
    }
    if (problem) await tell(deps, args, actor, problem);
    await refresh(deps, args, actor).catch((err: unknown) => deps.kit.logger.warn({ err, userId: actor.userId }, 'the App Home was not refreshed'));
  };
}

/** "Retry" on a dead job: put back by the service (organisers of its community only). */
export const onRetryClick = (deps: StuckListenerDeps) =>
  stuckClick(deps, (v) => jobValue.decode(v), async (actor, { jobId }) => retryOutcomeText(await deps.stuck.retry(actor, jobId)));

/** "Remove feed" on a feed that keeps failing (after Slack's confirmation): organisers of its community only. */
export const onRemoveFeedClick = (deps: StuckListenerDeps) =>
  stuckClick(deps, (v) => feedValue.decode(v), async (actor, { feedId }) => ((await deps.stuck.removeFeed(actor, feedId)) ? undefined : 'That feed is gone already.'));

/** The section's buttons. */
export function registerStuckListeners(kit: SlackKit, stuck: StuckService): void {
  const deps = { stuck, kit };
  kit.action(STUCK_RETRY_ACTION, onRetryClick(deps));
  kit.action(STUCK_REMOVE_FEED_ACTION, onRemoveFeedClick(deps));
}
