import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { mrkdwnText } from '../../slack/kit/text';
import { COMMENT_BLOCK, COMMENT_INPUT, COMMENT_MAX, PULSE_COMMENT_ACTION, PULSE_COMMENT_CALLBACK, PULSE_SAFETY_ACTION, PULSE_VALUE_ACTION, roundValue, SCORES, scoreValue, type PulseQuestion } from './pulse.ids';
import { MIN_RESPONSES, type RoundResults, type ScoreSummary } from './pulse.rules';

export interface Message {
  text: string;
  blocks: KnownBlock[];
}

const QUESTIONS: Record<PulseQuestion, { action: string; text: string; low: string; high: string }> = {
  value: { action: PULSE_VALUE_ACTION, text: 'How valuable is this community to you?', low: 'not at all', high: 'very' },
  safety: { action: PULSE_SAFETY_ACTION, text: 'I feel safe asking questions here.', low: 'strongly disagree', high: 'strongly agree' },
};
/** Comments shown per round, and how much of each. */
const COMMENTS_SHOWN = 15;
const COMMENT_SHOWN_MAX = 300;

const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });

function scoreOptions(roundId: number, question: PulseQuestion): PlainTextOption[] {
  const { low, high } = QUESTIONS[question];
  return SCORES.map((score) => ({
    text: { type: 'plain_text', text: score === 1 ? `1 · ${low}` : score === 5 ? `5 · ${high}` : String(score) },
    value: scoreValue.encode({ roundId, score }),
  }));
}

function questionBlock(roundId: number, question: PulseQuestion): KnownBlock {
  const { action, text } = QUESTIONS[question];
  return {
    type: 'section',
    block_id: `pulse_${question}`,
    text: { type: 'mrkdwn', text: `*${text}*` },
    accessory: { type: 'static_select', action_id: action, placeholder: { type: 'plain_text', text: '1 to 5' }, options: scoreOptions(roundId, question) },
  };
}

/** The survey DM: two 1–5 menus and a button for the optional comment; each answer saves at once. */
export function surveyMessage(roundId: number, communityName: string): Message {
  const name = mrkdwnText(communityName, 80);
  return {
    text: `Pulse survey: ${communityName}`,
    blocks: [
      section(`*Pulse survey: ${name}*\nTwo quick questions, and a comment if you like. Each answer is saved as you choose it; you can change it later. Answers are stored without your name, and organisers see only totals, once at least ${MIN_RESPONSES} people answered.`),
      questionBlock(roundId, 'value'),
      questionBlock(roundId, 'safety'),
      {
        type: 'actions',
        block_id: 'pulse_comment',
        elements: [{ type: 'button', action_id: PULSE_COMMENT_ACTION, text: { type: 'plain_text', text: 'What would make it more valuable?' }, value: roundValue.encode({ roundId }) }],
      },
    ],
  };
}

/** The optional comment form. */
export function commentModal(communityName: string): ModalView {
  return {
    type: 'modal',
    callback_id: PULSE_COMMENT_CALLBACK,
    title: { type: 'plain_text', text: 'Pulse survey' },
    submit: { type: 'plain_text', text: 'Save' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      section(`What would make *${mrkdwnText(communityName, 80)}* more valuable to you? Stored without your name; sending it again replaces it, and an empty one removes it.`),
      {
        type: 'input',
        block_id: COMMENT_BLOCK,
        optional: true,
        label: { type: 'plain_text', text: 'Your idea' },
        element: { type: 'plain_text_input', action_id: COMMENT_INPUT, multiline: true, max_length: COMMENT_MAX },
      },
    ],
  };
}

export interface RoundView {
  date: string;
  recipients: number;
  results: RoundResults;
}

function scoreLine(label: string, summary: ScoreSummary | undefined): string {
  if (!summary) return `${label}: no scores given`;
  const counts = summary.distribution.map((n, i) => `${i + 1}: ${n}`).join(' · ');
  return `${label}: *${summary.average.toFixed(1)}* average of ${summary.answered} (${counts})`;
}

function roundText(round: RoundView): string {
  const { results } = round;
  const head = `*${round.date}*: ${results.responses} response${results.responses === 1 ? '' : 's'} of ${round.recipients} asked`;
  if (!results.shown) return `${head}. Results show from ${MIN_RESPONSES} responses.`;
  const lines = [head, scoreLine('Value to me', results.value), scoreLine('Safe asking questions', results.safety)];
  const shown = results.comments.slice(0, COMMENTS_SHOWN);
  if (shown.length > 0) lines.push('What would make it more valuable:', ...shown.map((c) => `> ${mrkdwnText(c.replace(/\s+/g, ' '), COMMENT_SHOWN_MAX)}`));
  if (results.comments.length > shown.length) lines.push(`…and ${results.comments.length - shown.length} more.`);
  return lines.join('\n');
}

/** `/guild pulse`: the latest rounds, newest first, each with its count and (from 5 responses) its results. */
export function resultsText(communityName: string, rounds: readonly RoundView[]): string {
  const title = `*Pulse surveys of ${mrkdwnText(communityName, 80)}*`;
  if (rounds.length === 0) return `${title}\nNo pulse survey yet. Send one with \`/guild pulse send\`, or schedule a monthly one with \`/guild pulse schedule\`.`;
  return [title, ...rounds.map(roundText)].join('\n\n');
}
