import type { CandidateGraph } from './mentor-candidates';
import { DEFAULT_IDEAL_GAP, topicAndHoursScore } from './mentor-score';
import type { MentorMatch, MentorOptions, MentorResult } from './types';

/**
 * The result of a choice of candidate edge per mentee (−1: none): matches in mentee id order
 * with their topics and reasons, the total score, and why each unmatched mentee is unmatched:
 * 'no-candidate' when no mentor fits at all, 'capacity' when every mentor who fits is full
 * (taken in this round, or without room to begin with).
 */
export function mentorResult(graph: CandidateGraph, menteeEdge: Int32Array, options: MentorOptions): MentorResult {
  const result: MentorResult = { matches: [], totalScore: 0, unmatched: [] };
  graph.mentees.forEach((mentee, m) => {
    const edge = menteeEdge[m]!;
    if (edge < 0) {
      const why = graph.candidateCount[m] === 0 && graph.onlyFullMentors[m] === 0 ? 'no-candidate' : 'capacity';
      result.unmatched.push({ menteeId: mentee.id, why });
      return;
    }
    const match = describeMatch(graph, edge, options);
    result.matches.push(match);
    result.totalScore += match.score;
  });
  return result;
}

/** An empty choice: one entry per mentee, none chosen yet. */
export function noEdges(graph: CandidateGraph): Int32Array {
  return new Int32Array(graph.mentees.length).fill(-1);
}

function describeMatch(graph: CandidateGraph, edge: number, options: MentorOptions): MentorMatch {
  const mentor = graph.mentors[graph.edgeMentor[edge]!]!;
  const mentee = graph.mentees[graph.edgeMentee[edge]!]!;
  const pair = topicAndHoursScore(mentor, mentee, options.idealGap ?? DEFAULT_IDEAL_GAP);
  if (pair === undefined || pair.score !== graph.edgeScore[edge]) {
    throw new Error(`candidate ${mentor.id} → ${mentee.id} disagrees with its pair score`);
  }
  return { mentorId: mentor.id, menteeId: mentee.id, topics: pair.topics, score: pair.score, reasons: pair.reasons };
}
