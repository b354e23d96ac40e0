import { blockActionsPayload } from '../../src/sandbox/interaction-payloads';
import { signedInteraction } from '../support/clicks';
import type { PreparedRequest } from '../support/open-loop';
import type { RetroWorkspace } from './retro-setup';

/**
 * Vote clicks as Slack sends them (the board message included, as in a real payload): person
 * i % 200 clicks "+1 vote" on a spread of items, every fourth click of theirs is "take back a
 * vote", so budgets run out and refusals (over budget, nothing to take back) are exercised too.
 */
export function voteRequests(workspace: RetroWorkspace, count: number, from = 0): PreparedRequest[] {
  const { slack, channel, participants, retroId, itemIds, boardTs } = workspace;
  const message = slack.messages(channel.id).find((m) => m.ts === boardTs);
  if (!message) throw new Error('the board message is not in the local Slack');
  return Array.from({ length: count }, (_, n) => {
    const i = from + n;
    const user = participants[i % participants.length]!;
    const round = Math.floor(i / participants.length);
    const item = itemIds[(i * 7919 + round * 13) % Math.min(itemIds.length, 40)]!; // the 40 items the board shows
    const direction = round % 4 === 3 ? 'remove' : 'add';
    const payload = blockActionsPayload({
      user,
      channel,
      message,
      triggerId: slack.issueTriggerId(user.id),
      responseUrl: slack.issueResponseUrl({ user: user.id, channel: channel.id, messageTs: boardTs }),
      action: {
        type: 'overflow',
        action_id: 'retro_vote',
        block_id: `retro_item_${item}`,
        selected_option: { text: { type: 'plain_text', text: direction === 'add' ? '+1 vote' : 'Take back a vote' }, value: `${direction}:${retroId}:${item}` },
        action_ts: `${Date.now() / 1000}`,
      },
    });
    return signedInteraction(slack, payload);
  });
}
