import type { KnownBlock, PlainTextOption } from '@slack/types';
import type { MatchReason } from '../../matching/types';
import { escapeMrkdwn, mrkdwnText } from '../../slack/kit/text';
import { LEVEL_PICK_ACTION, LEVELS, levelValue, matchValue, MENTOR_ACCEPT_ACTION, MENTOR_DECLINE_ACTION, MENTOR_END_ACTION } from './mentoring.ids';
import { pages, reasonPhrases } from './mentoring.rules';

/** A match as its messages show it. */
export interface MatchView {
  id: number;
  communityName: string;
  mentorId: string;
  menteeId: string;
  topics: string[];
  reasons: MatchReason[];
  status: 'proposed' | 'accepted' | 'declined' | 'ended' | 'expired';
  mentorAnswer: 'accepted' | 'declined' | null;
  menteeAnswer: 'accepted' | 'declined' | null;
  declinedBy: string | null;
  endedBy: string | null;
}

export interface Message {
  text: string;
  blocks: KnownBlock[];
}

const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
const context = (text: string): KnownBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] });
const topicList = (topics: string[]) => topics.map((t) => `*${mrkdwnText(t, 40)}*`).join(', ');

/** The proposal DM for one side of a match; it is edited in place as the answers come in. */
export function proposalMessage(match: MatchView, side: 'mentor' | 'mentee'): Message {
  const other = side === 'mentor' ? match.menteeId : match.mentorId;
  const question = side === 'mentor' ? `Would you mentor <@${other}> in ${topicList(match.topics)}?` : `Would you like <@${other}> to mentor you in ${topicList(match.topics)}?`;
  const why = reasonPhrases(match.reasons, side).map(escapeMrkdwn).join('; ');
  const blocks: KnownBlock[] = [section(`*Mentor match in ${mrkdwnText(match.communityName, 80)}*\n${question}${why ? `\nWhy: ${why}.` : ''}`)];
  const state = proposalState(match, side);
  if (state) blocks.push(context(state));
  else {
    blocks.push({
      type: 'actions',
      elements: [
        { type: 'button', action_id: MENTOR_ACCEPT_ACTION, style: 'primary', text: { type: 'plain_text', text: 'Accept' }, value: matchValue.encode({ matchId: match.id }) },
        { type: 'button', action_id: MENTOR_DECLINE_ACTION, text: { type: 'plain_text', text: 'Decline' }, value: matchValue.encode({ matchId: match.id }) },
      ],
    });
    blocks.push(context('If you both accept, Guild opens a group DM for the two of you. A reason for declining stays private.'));
  }
  return { text: `Mentor match: ${side === 'mentor' ? `would you mentor <@${other}>?` : `<@${other}> could mentor you`}`, blocks };
}

/** What the proposal shows once this side can no longer answer it; undefined while it can. */
function proposalState(match: MatchView, side: 'mentor' | 'mentee'): string | undefined {
  const other = side === 'mentor' ? match.menteeId : match.mentorId;
  const mine = side === 'mentor' ? match.mentorAnswer : match.menteeAnswer;
  if (match.status === 'accepted') return `:white_check_mark: You both accepted: the mentorship has started. Say hello in your group DM with <@${other}>.`;
  if (match.status === 'ended') return 'This mentorship has ended.';
  if (match.status === 'expired') return 'This proposal expired: it was not answered by both of you within its week. Guild looks for matches every week.';
  if (match.status === 'declined') {
    if (match.declinedBy === (side === 'mentor' ? match.mentorId : match.menteeId)) return 'You declined this match. Thanks for saying so.';
    return side === 'mentee' ? 'This match will not go ahead. Guild will propose another mentor when one fits.' : 'This match will not go ahead.';
  }
  if (mine === 'accepted') return `:hourglass_flowing_sand: You accepted. Waiting for <@${other}> to answer.`;
  return undefined;
}

/** The kickoff group DM for an accepted pair, with first topics to talk about and an End button. */
export function kickoffMessage(match: MatchView, overlapMinutes: number | undefined, ended = false): Message {
  const firsts = match.topics.slice(0, 3).map((t) => `• *${mrkdwnText(t, 40)}*: where are you now, and what would you like to be able to do in three months?`);
  const blocks: KnownBlock[] = [
    section(`:wave: <@${match.mentorId}> will mentor <@${match.menteeId}> in ${topicList(match.topics)} (${mrkdwnText(match.communityName, 80)}).`),
    section(`*Suggested first topics*\n${firsts.join('\n')}\n• How often to meet, and how to reach each other between meetings.`),
  ];
  if (overlapMinutes !== undefined) blocks.push(context(overlapMinutes > 0 ? `You share about ${Math.round(overlapMinutes / 60)} h of working hours a day: a good time for a first call.` : 'Your working hours do not overlap: agree a time that suits you both.'));
  if (ended) blocks.push(context('This mentorship has ended.'));
  else blocks.push(context('Guild checks in once a month. Either of you can end the mentorship at any time; a reason stays private.'), endActions(match.id));
  return { text: `Mentorship started: <@${match.mentorId}> and <@${match.menteeId}>`, blocks };
}

function endActions(matchId: number): KnownBlock {
  return { type: 'actions', elements: [{ type: 'button', action_id: MENTOR_END_ACTION, text: { type: 'plain_text', text: 'End mentorship' }, value: matchValue.encode({ matchId }) }] };
}

/** The monthly check-in in the pair's group DM. */
export function checkInMessage(match: MatchView, month: number): Message {
  return {
    text: `Monthly check-in: <@${match.mentorId}> and <@${match.menteeId}>`,
    blocks: [
      section(`:seedling: *Month ${month} check-in* for <@${match.mentorId}> and <@${match.menteeId}>: how is it going? Pick one thing in ${topicList(match.topics)} to work on before the next check-in.`),
      endActions(match.id),
    ],
  };
}

/** The DM to the other side when one person ends a mentorship (never with their reason). */
export function endedNotice(match: MatchView, endedBy: string): Message {
  const other = endedBy === match.mentorId ? match.menteeId : match.mentorId;
  return {
    text: `Your mentorship with <@${endedBy}> has ended`,
    blocks: [section(`<@${endedBy}> ended your mentorship in ${topicList(match.topics)} (${mrkdwnText(match.communityName, 80)}). Thank you for taking part, <@${other}>. ${endedBy === match.mentorId ? 'Guild will propose another mentor when one fits.' : ''}`.trim())],
  };
}

/** One topic in the levels survey, with the person's level when they gave one. */
export interface SurveyTopic {
  id: number;
  name: string;
  level?: number;
}

/** Topics per survey message: with its heading, a message stays within Slack's 50 blocks. */
export const SURVEY_TOPICS_PER_MESSAGE = 45;
const LEVEL_LABELS = ['1 · new to it', '2 · beginner', '3 · working knowledge', '4 · experienced', '5 · expert'];

/**
 * The levels survey DM(s): each topic with a 1–5 menu, pre-filled from the person's profile;
 * each choice is saved when it is made. Many topics are split over several messages.
 */
export function surveyMessages(communityName: string, topics: readonly SurveyTopic[]): Message[] {
  const parts = pages(topics, SURVEY_TOPICS_PER_MESSAGE);
  return parts.map((part, i) => {
    const of = parts.length > 1 ? ` (part ${i + 1} of ${parts.length})` : '';
    const heading = section(`*Experience levels in ${mrkdwnText(communityName, 80)}*${of}\nHow experienced are you in each topic? Each choice is saved as you make it and updates your profile. Organisers see only how many people are at each level, never your answer.`);
    return { text: `Experience levels survey: ${communityName}${of}`, blocks: [heading, ...part.map(surveyTopicBlock)] };
  });
}

function surveyTopicBlock(topic: SurveyTopic): KnownBlock {
  const options: PlainTextOption[] = LEVELS.map((level) => ({ text: { type: 'plain_text', text: LEVEL_LABELS[level - 1]! }, value: levelValue.encode({ topicId: topic.id, level }) }));
  const initial = topic.level ? options[topic.level - 1] : undefined;
  return {
    type: 'section',
    block_id: `level_${topic.id}`,
    text: { type: 'mrkdwn', text: `*${mrkdwnText(topic.name, 40)}*` },
    accessory: { type: 'static_select', action_id: LEVEL_PICK_ACTION, placeholder: { type: 'plain_text', text: 'Your level' }, options, ...(initial ? { initial_option: initial } : {}) },
  };
}
