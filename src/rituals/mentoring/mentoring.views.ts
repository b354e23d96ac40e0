import type { KnownBlock, ModalView } from '@slack/types';
import { mrkdwnText } from '../../slack/kit/text';
import { matchValue, MENTOR_DECLINE_CALLBACK, MENTOR_END_ACTION, MENTOR_END_CALLBACK, REASON_BLOCK, REASON_INPUT, REASON_MAX } from './mentoring.ids';
import type { MatchView } from './mentoring.messages';
import type { LevelDistribution } from './mentoring.rules';

function reasonModal(callbackId: string, title: string, intro: string, submit: string): ModalView {
  return {
    type: 'modal',
    callback_id: callbackId,
    title: { type: 'plain_text', text: title },
    submit: { type: 'plain_text', text: submit },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: intro } },
      {
        type: 'input',
        block_id: REASON_BLOCK,
        optional: true,
        label: { type: 'plain_text', text: 'Reason (private)' },
        hint: { type: 'plain_text', text: 'Stored for the record and shown to nobody, not even the organisers.' },
        element: { type: 'plain_text_input', action_id: REASON_INPUT, multiline: true, max_length: REASON_MAX },
      },
    ],
  };
}

/** Decline a proposed match, with an optional private reason. */
export function declineModal(otherId: string): ModalView {
  return reasonModal(MENTOR_DECLINE_CALLBACK, 'Decline the match', `Decline the mentor match with <@${otherId}>? Guild will look for the next best match.`, 'Decline');
}

/** End an active mentorship, with an optional private reason. */
export function endModal(otherId: string): ModalView {
  return reasonModal(MENTOR_END_CALLBACK, 'End the mentorship', `End your mentorship with <@${otherId}>? They will be told it ended, never why.`, 'End it');
}

/** The person's mentor matches on their App Home: active ones with End, pending proposals. */
export function homeBlocks(userId: string, matches: readonly MatchView[]): KnownBlock[] {
  if (matches.length === 0) return [];
  const line = (m: MatchView) => {
    const other = m.mentorId === userId ? `mentoring <@${m.menteeId}>` : `mentored by <@${m.mentorId}>`;
    const topics = m.topics.map((t) => mrkdwnText(t, 40)).join(', ');
    return `${other} in ${topics} · ${mrkdwnText(m.communityName, 60)}`;
  };
  const blocks: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: 'Mentoring' } }];
  for (const m of matches.filter((x) => x.status === 'accepted').slice(0, 4)) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `:handshake: ${line(m)}` },
      accessory: { type: 'button', action_id: MENTOR_END_ACTION, text: { type: 'plain_text', text: 'End' }, value: matchValue.encode({ matchId: m.id }) },
    });
  }
  const pending = matches.filter((x) => x.status === 'proposed').slice(0, 4);
  if (pending.length > 0) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `Proposed, waiting for answers (see your DMs): ${pending.map(line).join('; ')}` }] });
  return blocks;
}

/** `/guild levels`: per-topic counts per level, never anyone's own answer. */
export function distributionsText(communityName: string, rows: readonly LevelDistribution[]): string {
  if (rows.length === 0) return `*${mrkdwnText(communityName, 80)}* has no topics yet. Add some with \`/guild topics add\`.`;
  const lines = rows.map((r) => `• *${mrkdwnText(r.topic, 40)}*: ${r.counts.map((n, i) => `${i + 1}: ${n}`).join(' · ')} · not given: ${r.notGiven}`);
  return [`*Experience levels in ${mrkdwnText(communityName, 80)}* (people at each level, 1 = new to it, 5 = expert)`, ...lines].join('\n');
}

