import { createRandom, type Random } from '../../src/matching/random';
import type { CoffeeMember, CoffeeResult, PastMeeting } from '../../src/matching/types';

/** UTC offsets (minutes, standard time) of the zones the bench community lives in, with a weight each. */
const ZONES: ReadonlyArray<{ offset: number; weight: number }> = [
  { offset: -480, weight: 2 }, // Los Angeles
  { offset: -300, weight: 3 }, // New York
  { offset: -180, weight: 1 }, // São Paulo
  { offset: 0, weight: 3 }, // London
  { offset: 60, weight: 3 }, // Berlin
  { offset: 330, weight: 2 }, // Bangalore
  { offset: 480, weight: 1 }, // Singapore
  { offset: 540, weight: 1 }, // Tokyo
  { offset: 600, weight: 1 }, // Sydney
];
const TEAMS = 25;
const TOPICS = 40;
const INTERESTS_EACH = 3;

/**
 * A seeded community of `count` members: zones weighted as above, working days starting between
 * 08:00 and 10:00 local on the half hour and lasting 7 to 9 hours, one of TEAMS teams, three of TOPICS interests.
 */
export function benchCommunity(count: number, seed: number): CoffeeMember[] {
  const random = createRandom(seed);
  const zones = ZONES.flatMap((zone) => Array<number>(zone.weight).fill(zone.offset));
  return Array.from({ length: count }, (_, i) => {
    const localStart = 480 + 30 * random.between(0, 4);
    const start = localStart - random.pick(zones);
    return {
      id: `member-${i}`,
      workingDay: { start, end: start + 60 * random.between(7, 9) },
      attribute: `team-${random.int(TEAMS)}`,
      interests: interestsOf(random),
    };
  });
}

function interestsOf(random: Random): string[] {
  const topics = new Set<string>();
  while (topics.size < INTERESTS_EACH) topics.add(`topic-${random.int(TOPICS)}`);
  return [...topics];
}

/** Last round's groups added to the history, everything older aged by a round. */
export function withRound(history: readonly PastMeeting[], round: CoffeeResult): PastMeeting[] {
  const aged = history.map((meeting) => ({ ...meeting, roundsAgo: meeting.roundsAgo + 1 }));
  for (const group of round.groups) {
    group.members.forEach((a, i) => {
      for (const b of group.members.slice(i + 1)) aged.push({ a, b, roundsAgo: 1 });
    });
  }
  return aged;
}
