/**
 * The shapes the matching algorithms work on. Everything here is plain data: the rituals read
 * people, history and settings from the database, turn them into these, and render the results.
 * The algorithms are pure and deterministic for a seed.
 */

/**
 * A person's working hours on one round's date, as minutes after that date's 00:00 UTC.
 * `end` may exceed 1440 (a day that runs past UTC midnight); `start` may be negative.
 * The caller computes it from the person's zone and workday on the round's date (DST included).
 */
export interface WorkingDay {
  start: number;
  end: number;
}

/** Why a group or a pair was matched, rendered in words by the ritual. */
export type MatchReason =
  /** Everyone in the group (or both of the pair) share this interest or topic. */
  | { kind: 'shared-interest'; topic: string }
  /** Minutes of working hours everyone in the group shares on the round's date. */
  | { kind: 'overlap'; minutes: number }
  /** mix-by: the group spans these different values of the field (teams, say). */
  | { kind: 'mixed'; field: string; values: string[] }
  /** group-by: everyone has this value of the field. */
  | { kind: 'same'; field: string; value: string }
  /** None of them met in the repeat window. */
  | { kind: 'first-meeting' }
  /** Some of them met within the window: no grouping without a repeat was possible. */
  | { kind: 'repeat'; pairs: number }
  /** Mentoring: the mentor can mentor this topic the mentee wants to learn, at these levels. */
  | { kind: 'topic-fit'; topic: string; mentorLevel: number; menteeLevel: number };

// ── Coffee / breakout groups ─────────────────────────────────────────────────────────────────

export interface CoffeeMember {
  id: string;
  workingDay: WorkingDay;
  /** The member's value of the round's mix-by / group-by field (their team, an interest), if any. */
  attribute?: string;
  /** Interests and topics, for "both learning accessibility" reasons. */
  interests: string[];
}

/** Two people who met (their group met) within the repeat window, `roundsAgo` rounds ago (1 = last round). */
export interface PastMeeting {
  a: string;
  b: string;
  roundsAgo: number;
}

export interface CoffeeOptions {
  /** Wanted group size, 2..8. An odd remainder makes groups one larger; nobody is left alone. */
  size: number;
  /** mix: prefer groups whose attribute values differ; group: prefer groups that share one. */
  attributeMode?: { mode: 'mix' | 'group'; field: string };
  /** Pairs that must never share a group (a private "don't pair me with", either side's). */
  avoid: Array<[string, string]>;
  history: PastMeeting[];
  seed: number;
  /** Upper bound on local-search work, for benchmarks and tests; defaults chosen by the algorithm. */
  maxIterations?: number;
}

export interface CoffeeGroup {
  members: string[];
  /** The member suggested to organise the meeting. */
  organiser: string;
  /** Working minutes all members share. */
  overlapMinutes: number;
  /** Pairs in the group who met within the window. */
  repeats: number;
  reasons: MatchReason[];
}

export interface CoffeeResult {
  groups: CoffeeGroup[];
  /** People who could not be placed (fewer than two members, or every group is forbidden by avoid lists). */
  unplaced: Array<{ id: string; why: 'too-few' | 'avoided' }>;
}

// ── Mentoring ───────────────────────────────────────────────────────────────────────────────

/** A topic with the person's level in it, 1 (new) .. 5 (expert); unknown levels are left out by the caller as 3. */
export interface TopicLevel {
  topic: string;
  level: number;
}

export interface Mentor {
  id: string;
  /** How many more mentees they can take now (capacity minus active mentorships); 0: none. */
  capacity: number;
  /** Topics they can mentor, with their level. */
  topics: TopicLevel[];
  workingDay: WorkingDay;
}

export interface Mentee {
  id: string;
  /** Topics they want to learn, with their level. */
  wants: TopicLevel[];
  workingDay: WorkingDay;
}

export interface MentorOptions {
  /** The ideal level gap mentor − mentee; default 2. A gap ≤ 0 is not a fit. */
  idealGap?: number;
  /** Pairs never to propose: past mentorships, declined proposals, avoid lists. [mentorId, menteeId]. */
  excluded: Array<[string, string]>;
  /**
   * How many of their best candidate mentees each mentor keeps per place they offer, for the
   * optimisation (default 30); Infinity keeps all. Fewer is faster; the optimum is over the kept.
   */
  candidatesPerCapacity?: number;
}

export interface MentorMatch {
  mentorId: string;
  menteeId: string;
  /** Topics the pair fits on, best first. */
  topics: string[];
  /** The pair's quality (higher is better), as the assignment maximised it. */
  score: number;
  reasons: MatchReason[];
}

export interface MentorResult {
  matches: MentorMatch[];
  /** Sum of the matches' scores: the quantity the assignment maximises. */
  totalScore: number;
  /** Mentees left without a mentor, with why: no candidate at all, or every candidate was taken. */
  unmatched: Array<{ menteeId: string; why: 'no-candidate' | 'capacity' }>;
}
