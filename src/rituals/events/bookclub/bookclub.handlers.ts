import type { CommandHandlers } from '../../../slack/kit/command';
import type { BookClubCommand } from './bookclub.command';
import type { BookClubListenerDeps } from './bookclub.listener-deps';
import { bookLink } from './bookclub.messages';
import { ballotModal, listMessage, suggestModal } from './bookclub.views';

/**
 * What each `/guild bookclub` subcommand does once acknowledged: one service call and a view.
 * Answers are ephemeral; the vote and the clubs live in the channel's own messages.
 */
export function bookClubCommandHandlers({ book, forms }: Pick<BookClubListenerDeps, 'book' | 'forms'>): CommandHandlers<BookClubCommand> {
  return {
    list: async (_, { channel }) => listMessage(await book.votes.list(channel)),
    suggest: async (_, { channel, actor }) => {
      await book.votes.memberHere(channel, actor);
      return { modal: suggestModal(forms.channel.write({ channelId: channel.channelId }, actor.userId)) };
    },
    vote: async (_, { channel, actor }) => {
      const open = await book.votes.openHere(channel);
      if (open) {
        const { vote, ranking } = await book.votes.ballotFor(open.id, actor.userId);
        return { modal: ballotModal(vote, ranking, forms.vote.write({ voteId: vote.id }, actor.userId)) };
      }
      const vote = await book.votes.open(channel, actor);
      return { text: `The book vote is open over ${vote.candidates.length} books: its message is in the channel, with a button to rank them. Close it with \`/guild bookclub close-vote\`.` };
    },
    closeVote: async (c, { channel, actor }) => {
      const { winner, vote } = await book.votes.close(channel, actor, c.minMembers);
      return { text: `The vote is closed after ${vote.ballots} ballots: *${bookLink(winner)}* won. Its club starts once ${c.minMembers} members join with the button on its message.` };
    },
  };
}
