import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Logger } from 'pino';
import type { CommunityService } from '../community/community.service';
import type { Ritual } from '../rituals/ritual';

/**
 * Slack events about people and conversations. Slack redelivers an event it thinks was not
 * received; the services record each event id (or message ts), so each takes effect once.
 */
export function onUserChange(deps: { community: CommunityService; logger: Logger }) {
  return async function onUserChange({ event, body }: SlackEventMiddlewareArgs<'user_change'> & AllMiddlewareArgs): Promise<void> {
    const outcome = await deps.community.accountChanged(`event:${body.event_id}`, event.user.id, Boolean(event.user.deleted), event.user.tz || undefined);
    deps.logger.debug({ eventId: body.event_id, userId: event.user.id, outcome }, 'user_change handled');
  };
}

export function onMemberJoinedChannel(deps: { community: CommunityService }) {
  return async function onMemberJoinedChannel({ event, body, context }: SlackEventMiddlewareArgs<'member_joined_channel'> & AllMiddlewareArgs): Promise<void> {
    if (event.user === context.botUserId) return;
    await deps.community.channelJoined(`event:${body.event_id}`, { teamId: body.team_id, channelId: event.channel }, event.user);
  };
}

/** A person's reply in a thread goes to every ritual's thread hook; each takes only its own threads. */
export function onThreadReply(deps: { rituals: Ritual[] }) {
  return async function onThreadReply({ event, body }: SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs): Promise<void> {
    if (event.subtype !== undefined || !('thread_ts' in event) || !event.thread_ts || event.thread_ts === event.ts || !event.user || event.bot_id) return;
    const reply = { teamId: body.team_id, channelId: event.channel, threadTs: event.thread_ts, messageTs: event.ts, userId: event.user, text: event.text ?? '' };
    for (const ritual of deps.rituals) if (ritual.onThreadReply) await ritual.onThreadReply(reply);
  };
}
