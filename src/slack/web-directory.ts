import type { WebClient } from '@slack/web-api';
import type { SlackChannelFacts, SlackDirectory, SlackUserFacts } from '../community/slack-directory';
import { slackErrorCode } from '../delivery/slack-errors';

/** SlackDirectory over the Web API (`users.info`, `conversations.info`, `conversations.join`). */
export function webDirectory(client: WebClient): SlackDirectory {
  return {
    async user(userId: string): Promise<SlackUserFacts | undefined> {
      try {
        const { user } = await client.users.info({ user: userId });
        if (!user?.id) return undefined;
        return {
          id: user.id,
          name: user.profile?.display_name || user.real_name || user.name || user.id,
          timeZone: user.tz || undefined,
          deleted: Boolean(user.deleted),
          isBot: Boolean(user.is_bot) || user.id === 'USLACKBOT',
        };
      } catch (err) {
        if (slackErrorCode(err) === 'user_not_found') return undefined;
        throw err;
      }
    },
    async channel(channelId: string): Promise<SlackChannelFacts | undefined> {
      try {
        const { channel } = await client.conversations.info({ channel: channelId });
        if (!channel?.id) return undefined;
        return { id: channel.id, name: channel.name ?? channel.id, isPrivate: Boolean(channel.is_private || channel.is_group || channel.is_mpim || channel.is_im), isMember: Boolean(channel.is_member || channel.is_im) };
      } catch (err) {
        if (slackErrorCode(err) === 'channel_not_found') return undefined;
        throw err;
      }
    },
    async join(channelId: string): Promise<void> {
      await client.conversations.join({ channel: channelId });
    },
  };
}
