import { buildCandidateGraph, type CandidateGraph } from './mentor-candidates';
import { mentorResult, noEdges } from './mentor-result';
import { createRandom } from './random';
import type { Mentee, Mentor, MentorOptions, MentorResult } from './types';

/**
 * Baselines to measure the optimal assignment against; both see every candidate pair (no
 * pruning) and respect the same rules: one mentor per mentee, capacities, exclusions, no self.
 */

/** Greedy: the best-scoring pairs first (ties by mentor id, then mentee id), each taken if both are free. */
export function greedyMentorAssignment(mentors: Mentor[], mentees: Mentee[], options: MentorOptions): MentorResult {
  const graph = buildCandidateGraph(mentors, mentees, options);
  return mentorResult(graph, takeInOrder(graph, edgesByScore(graph)), options);
}

/** Random: candidate pairs in a seeded random order, each taken if both are free. */
export function randomMentorAssignment(mentors: Mentor[], mentees: Mentee[], options: MentorOptions, seed: number): MentorResult {
  const graph = buildCandidateGraph(mentors, mentees, options);
  const order = createRandom(seed).shuffled(Array.from(graph.edgeMentee, (_, e) => e));
  return mentorResult(graph, takeInOrder(graph, order), options);
}

/** Goes through the edges in order, taking each whose mentee is free and whose mentor has room. */
function takeInOrder(graph: CandidateGraph, order: Iterable<number>): Int32Array {
  const menteeEdge = noEdges(graph);
  const room = graph.capacity.slice();
  for (const e of order) {
    const m = graph.edgeMentee[e]!;
    const r = graph.edgeMentor[e]!;
    if (menteeEdge[m]! >= 0 || room[r]! === 0) continue;
    menteeEdge[m] = e;
    room[r]!--;
  }
  return menteeEdge;
}

/**
 * Edges by score, highest first; a counting sort (scores are small integers) that keeps the
 * graph's own order among equal scores: mentor id, then mentee id.
 */
function edgesByScore(graph: CandidateGraph): Int32Array {
  const top = graph.edgeScore.reduce((max, s) => Math.max(max, s), 0);
  const start = new Int32Array(top + 2);
  for (const s of graph.edgeScore) start[top - s + 1]!++;
  for (let i = 1; i < start.length; i++) start[i]! += start[i - 1]!;
  const order = new Int32Array(graph.edgeScore.length);
  graph.edgeScore.forEach((s, e) => {
    order[start[top - s]!++] = e;
  });
  return order;
}
