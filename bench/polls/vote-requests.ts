import { blockActionsPayload } from '../../src/sandbox/interaction-payloads';
import { signedInteraction } from '../support/clicks';
import type { PreparedRequest } from '../support/open-loop';
import type { PollWorkspace } from './poll-setup';

/**
 * Vote clicks as Slack sends them (the poll message included, as in a real payload): click i is
 * voter i's (of 5,000), on option i·7 mod 6; once every voter has voted, later clicks change votes.
 */
export function voteRequests(workspace: PollWorkspace, count: number, from = 0): PreparedRequest[] {
  const { slack, channel, voters, pollId, optionIds, messageTs } = workspace;
  const message = slack.messages(channel.id).find((m) => m.ts === messageTs);
  if (!message) throw new Error('the poll message is not in the local Slack');
  return Array.from({ length: count }, (_, n) => {
    const i = from + n;
    const user = voters[i % voters.length]!;
    const optionId = optionIds[(i * 7 + Math.floor(i / voters.length)) % optionIds.length]!;
    const payload = blockActionsPayload({
      user,
      channel,
      message,
      triggerId: slack.issueTriggerId(user.id),
      responseUrl: slack.issueResponseUrl({ user: user.id, channel: channel.id, messageTs }),
      action: { type: 'button', action_id: 'poll_vote', block_id: `poll_option_${optionId}`, text: { type: 'plain_text', text: 'Vote' }, value: `${pollId}:${optionId}`, action_ts: `${Date.now() / 1000}` },
    });
    return signedInteraction(slack, payload);
  });
}
