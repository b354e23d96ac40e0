import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Logger } from 'pino';
import type { CommunityService } from '../community/community.service';

/**
 * Slack events about people. Slack redelivers an event it thinks was not received; the service
 * records each event id, so each takes effect once.
 */
export function registerMembershipEvents(app: App, deps: { community: CommunityService; logger: Logger }): void {
  app.event('user_change', async ({ event, body }: SlackEventMiddlewareArgs<'user_change'> & AllMiddlewareArgs) => {
    const outcome = await deps.community.accountChanged(`event:${body.event_id}`, event.user.id, Boolean(event.user.deleted));
    deps.logger.debug({ eventId: body.event_id, userId: event.user.id, outcome }, 'user_change handled');
  });

  app.event('member_joined_channel', async ({ event, body, context }: SlackEventMiddlewareArgs<'member_joined_channel'> & AllMiddlewareArgs) => {
    if (event.user === context.botUserId) return;
    await deps.community.channelJoined(`event:${body.event_id}`, { teamId: body.team_id, channelId: event.channel }, event.user);
  });
}
