import { combineScore, DEFAULT_IDEAL_GAP, levelsByTopic, MAX_HOURS_POINTS, overlapPoints, topicPoints } from './mentor-score';
import type { Mentee, Mentor, MentorOptions } from './types';
import { daySegments, sharedMinutes, type Segment } from './working-hours';

/**
 * The candidate pairs of a mentoring round as a sparse bipartite graph, grouped by mentor.
 * Mentors and mentees are sorted by id (so results never depend on input order); mentor `r`'s
 * candidates are the edges `edgeStart[r] .. edgeStart[r + 1] - 1`, best first, each to mentee
 * `edgeMentee[e]` and scored exactly as `mentorPairScore` scores the pair.
 */
export interface CandidateGraph {
  mentors: Mentor[];
  mentees: Mentee[];
  /** Each mentor's room as a whole number, never below 0. */
  capacity: Int32Array;
  edgeStart: Int32Array;
  edgeMentor: Int32Array;
  edgeMentee: Int32Array;
  edgeScore: Int32Array;
  /** How many candidate mentors (with room) each mentee has, before any pruning. */
  candidateCount: Int32Array;
  /** For mentees without candidates: 1 when some mentor would fit but has no room left. */
  onlyFullMentors: Uint8Array;
}

/**
 * The scoring parts, bound once: the loops below run per candidate pair (millions in a large
 * round), and module loaders that reach imports through getters would pay for each call.
 */
const pairScore = { combineScore, overlapPoints, topicPoints, sharedMinutes };

/** A mentor in the topic index: their position in the sorted mentors and their level. */
interface IndexedMentor {
  mentor: number;
  level: number;
}

/** Room for mentee indices in a packed (score, mentee) key; larger keys are better candidates. */
const MENTEE_SLOTS = 2 ** 23;

/**
 * The candidate graph, found through an index of mentors by topic rather than by trying every
 * pair. Each mentor keeps their best `perCapacity × capacity` mentees (by score, then mentee
 * id): a mentor can only take `capacity` of them, so the long tail rarely matters.
 */
export function buildCandidateGraph(
  mentors: readonly Mentor[],
  mentees: readonly Mentee[],
  options: MentorOptions,
  perCapacity = Infinity,
): CandidateGraph {
  const sortedMentors = [...mentors].sort(byId);
  const sortedMentees = [...mentees].sort(byId);
  if (sortedMentees.length >= MENTEE_SLOTS) throw new RangeError('too many mentees for one round');
  assertUniqueIds(sortedMentors, 'mentor');
  assertUniqueIds(sortedMentees, 'mentee');
  const capacity = Int32Array.from(sortedMentors, (mentor) => Math.max(0, Math.floor(mentor.capacity)));
  const scorer = new CandidateScorer(sortedMentors, capacity, options);
  const kept = new KeptCandidates(capacity, perCapacity, sortedMentees.length);
  const candidateCount = new Int32Array(sortedMentees.length);
  const onlyFullMentors = new Uint8Array(sortedMentees.length);
  sortedMentees.forEach((mentee, m) => {
    candidateCount[m] = scorer.scoreCandidates(mentee, m, kept);
    if (candidateCount[m] === 0 && scorer.fitsFullMentor(mentee)) onlyFullMentors[m] = 1;
  });
  return { mentors: sortedMentors, mentees: sortedMentees, capacity, ...kept.edges(), candidateCount, onlyFullMentors };
}

/**
 * Each mentor's best candidates so far, as a bounded min-heap of packed keys per mentor: a new
 * candidate replaces the worst kept one when it is better, so memory stays at the kept size
 * (and at the candidates actually found when nothing is pruned).
 */
class KeptCandidates {
  private readonly limit: Int32Array;
  private readonly heaps: number[][];

  constructor(capacity: Int32Array, perCapacity: number, menteeCount: number) {
    this.limit = Int32Array.from(capacity, (c) => (c === 0 ? 0 : Math.min(menteeCount, c * perCapacity)));
    this.heaps = Array.from(capacity, () => []);
  }

  /** Whether mentor `r` would keep mentee `m` at a score of at most `upperScore`. */
  couldKeep(r: number, m: number, upperScore: number): boolean {
    const heap = this.heaps[r]!;
    if (heap.length < this.limit[r]!) return true;
    return heap.length > 0 && upperScore * MENTEE_SLOTS + (MENTEE_SLOTS - 1 - m) > heap[0]!;
  }

  /** Offers mentee `m` with `score` to mentor `r`. */
  offer(r: number, m: number, score: number): void {
    const key = score * MENTEE_SLOTS + (MENTEE_SLOTS - 1 - m);
    const heap = this.heaps[r]!;
    if (heap.length < this.limit[r]!) siftUp(heap, key);
    else if (heap.length > 0 && key > heap[0]!) replaceRoot(heap, key);
  }

  /** The kept candidates as edges grouped by mentor, best first. */
  edges(): Pick<CandidateGraph, 'edgeStart' | 'edgeMentor' | 'edgeMentee' | 'edgeScore'> {
    const mentors = this.heaps.length;
    const edgeStart = new Int32Array(mentors + 1);
    for (let r = 0; r < mentors; r++) edgeStart[r + 1] = edgeStart[r]! + this.heaps[r]!.length;
    const edgeMentor = new Int32Array(edgeStart[mentors]!);
    const edgeMentee = new Int32Array(edgeStart[mentors]!);
    const edgeScore = new Int32Array(edgeStart[mentors]!);
    for (let r = 0; r < mentors; r++) {
      const best = Float64Array.from(this.heaps[r]!).sort().reverse();
      edgeMentor.fill(r, edgeStart[r]!, edgeStart[r + 1]!);
      best.forEach((key, i) => {
        edgeMentee[edgeStart[r]! + i] = MENTEE_SLOTS - 1 - (key % MENTEE_SLOTS);
        edgeScore[edgeStart[r]! + i] = Math.floor(key / MENTEE_SLOTS);
      });
    }
    return { edgeStart, edgeMentor, edgeMentee, edgeScore };
  }
}

/** Adds `key` to a min-heap. */
function siftUp(heap: number[], key: number): void {
  let child = heap.length;
  heap.push(key);
  while (child > 0) {
    const parent = (child - 1) >> 1;
    if (heap[parent]! <= key) break;
    heap[child] = heap[parent]!;
    child = parent;
  }
  heap[child] = key;
}

/** Puts `key` in place of a min-heap's root and moves it down to where it belongs. */
function replaceRoot(heap: number[], key: number): void {
  const size = heap.length;
  let parent = 0;
  for (;;) {
    let child = 2 * parent + 1;
    if (child >= size) break;
    if (child + 1 < size && heap[child + 1]! < heap[child]!) child++;
    if (heap[child]! >= key) break;
    heap[parent] = heap[child]!;
    parent = child;
  }
  heap[parent] = key;
}

/** Scores one mentee's candidates at a time, reusing its scratch arrays between mentees. */
class CandidateScorer {
  private readonly byTopic = new Map<string, IndexedMentor[]>();
  /** Mentors without room, by topic: only to tell "all full" from "nobody fits". */
  private readonly fullByTopic = new Map<string, IndexedMentor[]>();
  private readonly mentorIndex = new Map<string, number>();
  private readonly excluded = new Map<string, Set<number>>();
  private readonly segments: Segment[][];
  private readonly idealGap: number;
  private readonly seenBy: Int32Array;
  private readonly best: Int32Array;
  private readonly sum: Int32Array;
  private menteeStamp = 0;

  constructor(mentors: readonly Mentor[], capacity: Int32Array, options: MentorOptions) {
    this.idealGap = options.idealGap ?? DEFAULT_IDEAL_GAP;
    this.seenBy = new Int32Array(mentors.length);
    this.best = new Int32Array(mentors.length);
    this.sum = new Int32Array(mentors.length);
    this.segments = mentors.map((mentor) => daySegments(mentor.workingDay));
    mentors.forEach((mentor, index) => this.mentorIndex.set(mentor.id, index));
    this.indexTopics(mentors, capacity);
    this.indexExclusions(options.excluded);
  }

  /** Offers each of mentee `m`'s candidates to `kept`; returns how many there were. */
  scoreCandidates(mentee: Mentee, m: number, kept: KeptCandidates): number {
    const touched = this.accumulateTopics(mentee);
    const skip = this.excluded.get(mentee.id);
    const self = this.mentorIndex.get(mentee.id) ?? -1;
    const segments = daySegments(mentee.workingDay);
    let count = 0;
    for (let i = 0; i < touched.length; i++) {
      const r = touched[i]!;
      if (r === self || (skip !== undefined && skip.has(r))) continue;
      count++;
      // The working hours add at most MAX_HOURS_POINTS: skip them when even that would not be kept.
      if (!kept.couldKeep(r, m, pairScore.combineScore(this.best[r]!, this.sum[r]!, MAX_HOURS_POINTS))) continue;
      const hours = pairScore.overlapPoints(pairScore.sharedMinutes(this.segments[r]!, segments));
      kept.offer(r, m, pairScore.combineScore(this.best[r]!, this.sum[r]!, hours));
    }
    return count;
  }

  /** Whether some mentor without room would otherwise be a candidate for the mentee. */
  fitsFullMentor(mentee: Mentee): boolean {
    const skip = this.excluded.get(mentee.id);
    const self = this.mentorIndex.get(mentee.id);
    for (const [topic, menteeLevel] of levelsByTopic(mentee.wants, 'lowest')) {
      for (const { mentor: r, level } of this.fullByTopic.get(topic) ?? []) {
        if (level <= menteeLevel) break;
        if (r !== self && !skip?.has(r)) return true;
      }
    }
    return false;
  }

  /** Adds up each mentor's topic points for the mentee; returns the mentors that fit at all. */
  private accumulateTopics(mentee: Mentee): number[] {
    const stamp = ++this.menteeStamp;
    const touched: number[] = [];
    for (const [topic, menteeLevel] of levelsByTopic(mentee.wants, 'lowest')) {
      for (const { mentor: r, level } of this.byTopic.get(topic) ?? []) {
        if (level <= menteeLevel) break;
        const points = pairScore.topicPoints(level, menteeLevel, this.idealGap);
        if (this.seenBy[r] !== stamp) {
          this.seenBy[r] = stamp;
          this.best[r] = points;
          this.sum[r] = points;
          touched.push(r);
        } else {
          this.best[r] = Math.max(this.best[r]!, points);
          this.sum[r] = this.sum[r]! + points;
        }
      }
    }
    return touched;
  }

  /** Mentors by topic (with room, and without), highest level first, so scans stop at the mentee's level. */
  private indexTopics(mentors: readonly Mentor[], capacity: Int32Array): void {
    mentors.forEach((mentor, index) => {
      const byTopic = capacity[index]! > 0 ? this.byTopic : this.fullByTopic;
      for (const [topic, level] of levelsByTopic(mentor.topics, 'highest')) {
        const list = byTopic.get(topic) ?? [];
        list.push({ mentor: index, level });
        byTopic.set(topic, list);
      }
    });
    for (const byTopic of [this.byTopic, this.fullByTopic]) {
      for (const list of byTopic.values()) list.sort((a, b) => b.level - a.level || a.mentor - b.mentor);
    }
  }

  private indexExclusions(excluded: MentorOptions['excluded']): void {
    for (const [mentorId, menteeId] of excluded) {
      const r = this.mentorIndex.get(mentorId);
      if (r === undefined) continue;
      const set = this.excluded.get(menteeId) ?? new Set<number>();
      set.add(r);
      this.excluded.set(menteeId, set);
    }
  }
}

function byId(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Ids name people in results and exclusions: one person listed twice in a role is a caller's bug. */
function assertUniqueIds(sorted: ReadonlyArray<{ id: string }>, role: string): void {
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.id === sorted[i - 1]!.id) throw new RangeError(`${role} ${sorted[i]!.id} is listed twice`);
  }
}
