import type { CommandHandlers } from '../../slack/kit/command';
import { mrkdwnText } from '../../slack/kit/text';
import type { IdeasCommand } from './ideas.command';
import type { IdeasFeeds, ReadResult } from './ideas.feeds';
import { feedListMessage, proposalsMessage } from './ideas.messages';
import type { IdeasProposals } from './ideas.proposals';

function firstRead(result: ReadResult): string {
  if (result.kind === 'failed') return `\n:warning: But its first read failed: ${mrkdwnText(result.error, 300)} Guild tries again every day; \`/guild ideas list\` shows how it goes.`;
  if (result.kind === 'unchanged') return '';
  return `\nIts first read found ${result.newPosts} new ${result.newPosts === 1 ? 'post' : 'posts'}. Guild reads it every day and posts a digest of new posts here on Mondays at 09:00.`;
}

/** What each `/guild ideas …` subcommand does once acknowledged: one service call and its answer. */
export function ideasCommandHandlers(deps: { feeds: IdeasFeeds; proposals: IdeasProposals }): CommandHandlers<IdeasCommand> {
  return {
    list: async (_, { channel }) => feedListMessage(await deps.feeds.list(channel)),
    add: async (c, { channel, actor }) => {
      const { feed, result } = await deps.feeds.add(channel, actor, c.url);
      const name = feed.title ? `*${mrkdwnText(feed.title, 100)}* (${mrkdwnText(feed.url, 300)})` : mrkdwnText(feed.url, 300);
      return { text: `Now following ${name}.${firstRead(result)}` };
    },
    remove: async (c, { channel, actor }) => {
      const feed = await deps.feeds.remove(channel, actor, c.which);
      return { text: `Stopped following ${mrkdwnText(feed.title ?? feed.url, 300)}. Its posts are gone from the digest.` };
    },
    proposals: async (_, { channel, actor }) => proposalsMessage(await deps.proposals.talkIdeas(channel, actor)),
  };
}
