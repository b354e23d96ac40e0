import type { WebClient } from '@slack/web-api';
import type { SlackDirectory, SlackUserFacts } from '../community/slack-directory';
import { slackErrorCode } from '../delivery/slack-errors';

/** SlackDirectory over the Web API (`users.info`). */
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
  };
}

