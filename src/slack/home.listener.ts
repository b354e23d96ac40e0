import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import { homeView } from '../community/home.views';
import type { ProfileService } from '../community/profile.service';
import { profileModal } from '../community/profile.views';
import type { Ritual } from '../rituals/ritual';
import type { Actor } from '../community/community.service';
import type { WebClient } from '@slack/web-api';
import { actorOf } from './kit/actor';
import type { SlackKit } from './kit/kit';
import { errorText } from './kit/replies';

export interface HomeDeps {
  profile: ProfileService;
  kit: SlackKit;
  rituals: Ritual[];
}

/** The App Home tab: the person's communities and profile, then each ritual's own section. */
export function onHomeOpened(deps: HomeDeps) {
  return async function onHomeOpened({ event, body, client }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs): Promise<void> {
    if (event.tab !== 'home') return;
    await publishHome(deps, { teamId: body.team_id, userId: event.user }, client);
  };
}

/** Builds and publishes one person's Home: also after they change something on it. */
export async function publishHome(deps: HomeDeps, actor: Actor, client: WebClient): Promise<void> {
  const home = await deps.profile.home(actor);
  const sections: KnownBlock[] = [];
  for (const ritual of deps.rituals) {
    if (!ritual.home) continue;
    // One ritual's failure leaves its section out; the rest of the Home still shows.
    try {
      sections.push(...(await ritual.home(actor)));
    } catch (err) {
      deps.kit.logger.error({ err, ritual: ritual.name, userId: actor.userId }, 'a ritual could not build its App Home section');
    }
  }
  const view = homeView(home);
  await client.views.publish({ user_id: actor.userId, view: { ...view, blocks: [...view.blocks, ...sections].slice(0, 100) } });
}

/** The Home's "Edit profile" button. */
export function onEditProfileClick(deps: { profile: ProfileService; kit: SlackKit }) {
  return async function onEditProfileClick({ ack, body, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> {
    await ack();
    const actor = actorOf(body);
    try {
      const form = await deps.profile.form(actor, '');
      await client.views.open({ trigger_id: body.trigger_id, view: profileModal(form, new Date(), { fromHome: true }) });
    } catch (err) {
      // The Home has no response URL: the person hears by DM.
      await deps.kit.tellAfterAck(`profile:form-failed:${body.trigger_id}`, actor.userId, `Your profile form did not open. ${errorText(err, deps.kit.logger, { userId: actor.userId })}`);
    }
  };
}
