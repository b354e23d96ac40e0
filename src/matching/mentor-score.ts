import type { MatchReason, Mentee, Mentor, MentorOptions, TopicLevel } from './types';
import { overlapMinutes } from './working-hours';

/** The mentor − mentee level gap that scores best when the options name none. */
export const DEFAULT_IDEAL_GAP = 2;
/** Shared working minutes beyond this add nothing to a score: enough to meet. */
export const OVERLAP_SATURATION_MINUTES = 240;

/** The score of a candidate pair, on which topics and why; the formula is on `mentorPairScore`. */
export interface PairScore {
  score: number;
  /** The fitting topics, best first. */
  topics: string[];
  reasons: MatchReason[];
}

interface TopicFit {
  topic: string;
  mentorLevel: number;
  menteeLevel: number;
  points: number;
}

/**
 * How good a mentor is for a mentee, as an integer so that the assignment's sums are exact.
 *
 *   score = 2 × best + (sum − best) + hours
 *
 * - For each topic the mentor can mentor and the mentee wants, with gap = mentor level − mentee
 *   level > 0, the topic's points are `max(25, 100 − 25 × |gap − idealGap|)`: 100 at the ideal
 *   gap (default 2), 75 one level off, never below 25 (any positive gap is a fit).
 * - `best` is the best topic's points and `sum` all fitting topics' points: the best topic counts
 *   double, each further topic adds its points once.
 * - `hours` is 0..100 for the working minutes both share, saturating at 4 h:
 *   `round(100 × min(overlap, 240) / 240)`.
 *
 * Every candidate scores at least 50, so matching a mentee always beats leaving them alone.
 * A person's level in a topic listed twice is their highest as a mentor, their lowest as a mentee.
 *
 * Undefined when the pair is not a candidate: the same person, an excluded pair, or no topic
 * where the mentor is ahead of the mentee.
 */
export function mentorPairScore(mentor: Mentor, mentee: Mentee, options: MentorOptions): PairScore | undefined {
  if (mentor.id === mentee.id || isExcluded(mentor.id, mentee.id, options)) return undefined;
  return topicAndHoursScore(mentor, mentee, options.idealGap ?? DEFAULT_IDEAL_GAP);
}

/**
 * `mentorPairScore` for a pair already known not to be excluded nor the same person (the
 * candidate graph checks those once for everyone, faster than the exclusion list per pair).
 */
export function topicAndHoursScore(mentor: Mentor, mentee: Mentee, idealGap: number): PairScore | undefined {
  const fits = topicFits(mentor, mentee, idealGap);
  const best = fits[0];
  if (best === undefined) return undefined;
  const overlap = overlapMinutes(mentor.workingDay, mentee.workingDay);
  const sum = fits.reduce((total, fit) => total + fit.points, 0);
  return {
    score: combineScore(best.points, sum, overlapPoints(overlap)),
    topics: fits.map((fit) => fit.topic),
    reasons: pairReasons(fits, overlap),
  };
}

/** A topic's points for a mentor and mentee level; 0 when the mentor is not ahead. */
export function topicPoints(mentorLevel: number, menteeLevel: number, idealGap: number): number {
  const gap = mentorLevel - menteeLevel;
  if (!(gap > 0)) return 0;
  return Math.max(25, Math.round(100 - 25 * Math.abs(gap - idealGap)));
}

/** The most the working hours add to a score. */
export const MAX_HOURS_POINTS = 100;

/** The working-hours part of the score, 0..MAX_HOURS_POINTS. */
export function overlapPoints(minutes: number): number {
  return Math.round((MAX_HOURS_POINTS * Math.min(minutes, OVERLAP_SATURATION_MINUTES)) / OVERLAP_SATURATION_MINUTES);
}

/** The score from the best topic's points, all topics' points and the working-hours points. */
export function combineScore(best: number, sum: number, hours: number): number {
  return 2 * best + (sum - best) + hours;
}

/** One entry per topic: the highest level listed (mentors) or the lowest (mentees). */
export function levelsByTopic(topics: readonly TopicLevel[], keep: 'highest' | 'lowest'): Map<string, number> {
  const levels = new Map<string, number>();
  for (const { topic, level } of topics) {
    const known = levels.get(topic);
    const better = known === undefined || (keep === 'highest' ? level > known : level < known);
    if (better) levels.set(topic, level);
  }
  return levels;
}

function isExcluded(mentorId: string, menteeId: string, options: MentorOptions): boolean {
  return options.excluded.some(([excludedMentor, excludedMentee]) => excludedMentor === mentorId && excludedMentee === menteeId);
}

/** The fitting topics, best first: more points first, then by topic name. */
function topicFits(mentor: Mentor, mentee: Mentee, idealGap: number): TopicFit[] {
  const mentorLevels = levelsByTopic(mentor.topics, 'highest');
  const fits: TopicFit[] = [];
  for (const [topic, menteeLevel] of levelsByTopic(mentee.wants, 'lowest')) {
    const mentorLevel = mentorLevels.get(topic);
    if (mentorLevel === undefined) continue;
    const points = topicPoints(mentorLevel, menteeLevel, idealGap);
    if (points > 0) fits.push({ topic, mentorLevel, menteeLevel, points });
  }
  return fits.sort((a, b) => b.points - a.points || (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0));
}

function pairReasons(fits: readonly TopicFit[], overlap: number): MatchReason[] {
  const reasons: MatchReason[] = fits.map(({ topic, mentorLevel, menteeLevel }) => ({
    kind: 'topic-fit',
    topic,
    mentorLevel,
    menteeLevel,
  }));
  if (overlap > 0) reasons.push({ kind: 'overlap', minutes: overlap });
  return reasons;
}
