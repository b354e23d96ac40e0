import { createRandom, type Random } from '../../src/matching/random';
import type { AllocationInput } from '../../src/matching/unconference-types';

/** The size and shape of a generated unconference. */
export interface UnconferenceShape {
  people: number;
  topics: number;
  slots: number;
  rooms: number[];
  /** Each person's dot budget, spread over 2..6 topics. */
  dots: number;
  /** Interest groups: people of a group mostly vote for the group's topics (topics that share voters). */
  groups: number;
}

const TWO_TOPIC_HOSTS = 4;

/**
 * A seeded unconference: topics belong to interest groups and a few are much more wanted than the
 * rest (weights fall off as 1/rank); people vote mostly within their group; hosts are people,
 * and a few host two topics.
 */
export function unconferenceInstance(seed: number, shape: UnconferenceShape): AllocationInput {
  const random = createRandom(seed);
  const people = Array.from({ length: shape.people }, (_, i) => `U${String(i).padStart(5, '0')}`);
  const topicGroup = Array.from({ length: shape.topics }, (_, t) => t % shape.groups);
  const weight = random.shuffled(Array.from({ length: shape.topics }, (_, rank) => 1 / (rank + 1)));
  const topics = Array.from({ length: shape.topics }, (_, t) => ({ id: 100 + t, hosts: [people[hostOf(t, shape) * 11]!] }));
  const votes = people.map((person) => ({ person, dots: ballot(random, shape, topicGroup, weight, random.int(shape.groups)) }));
  return { slots: shape.slots, rooms: shape.rooms, topics, votes };
}

/** Topic t's host; the last few topics reuse the first topics' hosts, so some host two. */
function hostOf(topic: number, shape: UnconferenceShape): number {
  const twice = Math.min(TWO_TOPIC_HOSTS, Math.floor(shape.topics / 2));
  return topic < shape.topics - twice ? topic : topic - (shape.topics - twice);
}

function ballot(random: Random, shape: UnconferenceShape, topicGroup: number[], weight: number[], group: number): Map<number, number> {
  const dots = new Map<number, number>();
  const chosen = pickTopics(random, topicGroup, weight, group, random.between(2, 6));
  for (let d = 0; d < shape.dots; d++) {
    const topic = 100 + random.pick(chosen);
    dots.set(topic, (dots.get(topic) ?? 0) + 1);
  }
  return dots;
}

/** Distinct topics by weight, those of the person's group four times as likely. */
function pickTopics(random: Random, topicGroup: number[], weight: number[], group: number, count: number): number[] {
  const chosen: number[] = [];
  const w = weight.map((x, t) => (topicGroup[t] === group ? 4 * x : x));
  while (chosen.length < count) {
    const total = w.reduce((sum, x) => sum + x, 0);
    let at = random.next() * total;
    let t = 0;
    while (at >= w[t]! && t < w.length - 1) at -= w[t++]!;
    chosen.push(t);
    w[t] = 0;
  }
  return chosen;
}
