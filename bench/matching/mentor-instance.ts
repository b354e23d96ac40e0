import { createRandom, type Random } from '../../src/matching/random';
import type { Mentee, Mentor, MentorOptions, TopicLevel, WorkingDay } from '../../src/matching/types';

/** The size and shape of a generated mentoring round. */
export interface MentorInstanceShape {
  mentors: number;
  mentees: number;
  topics: number;
  /** Mentor capacities are drawn from min..max (both included). */
  capacity: { min: number; max: number };
  /** Excluded pairs drawn at random, as a share of mentees. */
  excludedPerMentee?: number;
  /** How many of the mentees are also mentors (same id), for self-pair checks. */
  bothRoles?: number;
}

export interface MentorInstance {
  mentors: Mentor[];
  mentees: Mentee[];
  options: MentorOptions;
}

/** UTC offsets in minutes people work in, half-hour zones included. */
const ZONE_OFFSETS = [-600, -480, -420, -360, -300, -240, -180, 0, 60, 120, 180, 210, 330, 480, 540, 570, 600, 780];

/** A seeded mentoring round: random levels, topics skewed towards a few popular ones, zones spread. */
export function mentorInstance(seed: number, shape: MentorInstanceShape): MentorInstance {
  const random = createRandom(seed);
  const mentors = Array.from({ length: shape.mentors }, (_, i) => ({
    id: `mentor-${String(i).padStart(5, '0')}`,
    capacity: random.between(shape.capacity.min, shape.capacity.max),
    topics: topicLevels(random, shape.topics, random.between(1, 4), 2, 5),
    workingDay: workingDay(random),
  }));
  const mentees = Array.from({ length: shape.mentees }, (_, i) => ({
    id: i < (shape.bothRoles ?? 0) ? mentors[i % mentors.length]!.id : `mentee-${String(i).padStart(5, '0')}`,
    wants: topicLevels(random, shape.topics, random.between(1, 3), 1, 4),
    workingDay: workingDay(random),
  }));
  const excludedCount = Math.round((shape.excludedPerMentee ?? 0) * shape.mentees);
  const excluded = Array.from({ length: excludedCount }, (): [string, string] => [
    random.pick(mentors).id,
    random.pick(mentees).id,
  ]);
  return { mentors, mentees, options: { excluded } };
}

function topicLevels(random: Random, topics: number, count: number, minLevel: number, maxLevel: number): TopicLevel[] {
  return Array.from({ length: count }, () => ({
    topic: `topic-${Math.floor(topics * random.next() ** 1.5)}`,
    level: random.between(minLevel, maxLevel),
  }));
}

/** 9:00–17:00 local (sometimes a shorter or shifted day) in one of the zones, as UTC minutes. */
function workingDay(random: Random): WorkingDay {
  const offset = random.pick(ZONE_OFFSETS);
  const start = random.between(7, 10) * 60 - offset;
  return { start, end: start + random.between(4, 9) * 60 };
}
