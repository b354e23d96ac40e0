import { mentorPairScore } from '../../src/matching/mentor-score';
import { createRandom, type Random } from '../../src/matching/random';
import type { Mentee, Mentor, MentorOptions, MentorResult, TopicLevel } from '../../src/matching/types';

/** A small mentoring round for exhaustive checks. */
export interface SmallRound {
  mentors: Mentor[];
  mentees: Mentee[];
  options: MentorOptions;
}

/**
 * A seeded small round: few topics so that pairs compete, capacities 0..maxCapacity, some
 * excluded pairs, and sometimes a person who is both a mentor and a mentee.
 */
export function smallRound(seed: number, size: { mentors: number; mentees: number; topics: number; maxCapacity: number }): SmallRound {
  const random = createRandom(seed);
  const mentors = Array.from({ length: size.mentors }, (_, i) => ({
    id: `p${random.int(1000)}-r${i}`,
    capacity: random.between(0, size.maxCapacity),
    topics: topics(random, size.topics, random.between(1, 3)),
    workingDay: day(random),
  }));
  const alsoMentee = new Set<string>();
  const mentees = Array.from({ length: size.mentees }, (_, i) => {
    // About one mentee in five is also one of the mentors (each person once).
    const mentor = random.int(5) === 0 && mentors.length > 0 ? random.pick(mentors) : undefined;
    const both = mentor !== undefined && !alsoMentee.has(mentor.id);
    if (both) alsoMentee.add(mentor.id);
    return {
      id: both ? mentor.id : `p${random.int(1000)}-e${i}`,
      wants: topics(random, size.topics, random.between(1, 3)),
      workingDay: day(random),
    };
  });
  const excluded = Array.from({ length: random.int(4) }, (): [string, string] => [
    random.pick(mentors).id,
    random.pick(mentees).id,
  ]);
  const options: MentorOptions = { excluded, ...(random.int(3) === 0 ? { idealGap: random.between(1, 3) } : {}) };
  return { mentors, mentees, options };
}

/** The best total score over every assignment, by depth-first search over the mentees. */
export function bruteForceOptimum(round: SmallRound): number {
  const scores = round.mentees.map((mentee) =>
    round.mentors.map((mentor) => mentorPairScore(mentor, mentee, round.options)?.score),
  );
  const room = round.mentors.map((mentor) => Math.max(0, Math.floor(mentor.capacity)));
  const search = (m: number): number => {
    if (m === round.mentees.length) return 0;
    let best = search(m + 1);
    scores[m]!.forEach((score, r) => {
      if (score === undefined || room[r]! === 0) return;
      room[r]!--;
      best = Math.max(best, score + search(m + 1));
      room[r]!++;
    });
    return best;
  };
  return search(0);
}

/** Every rule an assignment must keep; returns what is broken (empty when nothing is). */
export function assignmentProblems(round: SmallRound, result: MentorResult): string[] {
  const problems: string[] = [];
  const mentorsById = new Map(round.mentors.map((mentor) => [mentor.id, mentor]));
  const menteesById = new Map(round.mentees.map((mentee) => [mentee.id, mentee]));
  const load = new Map<string, number>();
  const seen = new Set<string>();
  for (const match of result.matches) {
    const mentor = mentorsById.get(match.mentorId);
    const mentee = menteesById.get(match.menteeId);
    if (!mentor || !mentee) problems.push(`unknown person in ${match.mentorId} → ${match.menteeId}`);
    if (seen.has(match.menteeId)) problems.push(`${match.menteeId} matched twice`);
    seen.add(match.menteeId);
    if (match.mentorId === match.menteeId) problems.push(`${match.menteeId} matched to themselves`);
    if (round.options.excluded.some(([r, m]) => r === match.mentorId && m === match.menteeId)) {
      problems.push(`excluded pair ${match.mentorId} → ${match.menteeId}`);
    }
    load.set(match.mentorId, (load.get(match.mentorId) ?? 0) + 1);
    const pair = mentor && mentee ? mentorPairScore(mentor, mentee, round.options) : undefined;
    if (pair?.score !== match.score) problems.push(`score of ${match.mentorId} → ${match.menteeId} is not its pair score`);
  }
  for (const [id, count] of load) {
    if (count > Math.max(0, mentorsById.get(id)?.capacity ?? 0)) problems.push(`${id} over capacity`);
  }
  const total = result.matches.reduce((sum, match) => sum + match.score, 0);
  if (total !== result.totalScore) problems.push('totalScore is not the sum of the matches');
  for (const { menteeId } of result.unmatched) if (seen.has(menteeId)) problems.push(`${menteeId} both matched and unmatched`);
  if (seen.size + result.unmatched.length !== round.mentees.length) problems.push('some mentee neither matched nor unmatched');
  return problems;
}

function topics(random: Random, count: number, picks: number): TopicLevel[] {
  return Array.from({ length: picks }, () => ({ topic: `t${random.int(count)}`, level: random.between(1, 5) }));
}

function day(random: Random) {
  const start = random.between(-600, 1400);
  return { start, end: start + random.between(120, 720) };
}
