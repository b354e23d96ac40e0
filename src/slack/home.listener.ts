import type { AllMiddlewareArgs, App, BlockButtonAction, SlackActionMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Logger } from 'pino';
import { EDIT_PROFILE_ACTION, homeView } from '../community/home.views';
import type { ProfileService } from '../community/profile.service';
import { profileModal } from '../community/profile.views';

/** The App Home tab, and its "Edit profile" button. */
export function registerHome(app: App, deps: { profile: ProfileService; logger: Logger }): void {
  app.event('app_home_opened', async ({ event, body, client }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs) => {
    if (event.tab !== 'home') return;
    const home = await deps.profile.home({ teamId: body.team_id, userId: event.user });
    await client.views.publish({ user_id: event.user, view: homeView(home) });
  });

  app.action<BlockButtonAction>(EDIT_PROFILE_ACTION, async ({ ack, body, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    await ack();
    const actor = { teamId: body.team?.id ?? body.user.team_id ?? '', userId: body.user.id, userName: body.user.name };
    const form = await deps.profile.form(actor, '');
    await client.views.open({ trigger_id: body.trigger_id, view: profileModal(form) });
  });
}
