import { assignMentors, DEFAULT_CANDIDATES_PER_CAPACITY } from '../../../src/matching/mentor-assignment';
import { buildCandidateGraph } from '../../../src/matching/mentor-candidates';
import { greedyMentorAssignment, randomMentorAssignment } from '../../../src/matching/mentor-baselines';
import { createRandom } from '../../../src/matching/random';
import type { Mentee, Mentor } from '../../../src/matching/types';
import { assignmentProblems, bruteForceOptimum, smallRound } from '../../support/mentor-rounds';

/** ≤ 4 mentors, ≤ 6 mentees, capacities 0..2; two or three topics so that mentees compete. */
const tiny = (seed: number) => {
  const random = createRandom(seed * 7919);
  const size = { mentors: random.between(1, 4), mentees: random.between(1, 6), topics: 2 + (seed % 2), maxCapacity: 2 };
  return smallRound(seed, size);
};

const hours = (from: number, to: number) => ({ start: from * 60, end: to * 60 });

describe('assignMentors', () => {
  it('finds the brute-force optimum on 1,500 small rounds', () => {
    let greedyFellShort = 0;
    for (let seed = 1; seed <= 1500; seed++) {
      const round = tiny(seed);
      const optimum = bruteForceOptimum(round);
      const result = assignMentors(round.mentors, round.mentees, round.options);
      expect({ seed, total: result.totalScore }).toEqual({ seed, total: optimum });
      if (greedyMentorAssignment(round.mentors, round.mentees, round.options).totalScore < optimum) greedyFellShort++;
    }
    // The rounds are hard enough that taking the best pair first is often wrong.
    expect(greedyFellShort).toBeGreaterThan(50);
  });

  it('keeps every rule on 400 rounds of moderate size', () => {
    for (let seed = 1; seed <= 400; seed++) {
      const round = smallRound(seed, { mentors: 12, mentees: 30, topics: 5, maxCapacity: 3 });
      const result = assignMentors(round.mentors, round.mentees, round.options);
      expect({ seed, problems: assignmentProblems(round, result) }).toEqual({ seed, problems: [] });
      const fullRoom = round.mentors.filter((mentor) => mentor.capacity === 0).map((mentor) => mentor.id);
      expect(result.matches.filter((match) => fullRoom.includes(match.mentorId))).toEqual([]);
    }
  });

  it('never beats itself with a baseline, and a baseline never breaks a rule', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const round = smallRound(seed, { mentors: 10, mentees: 25, topics: 4, maxCapacity: 2 });
      const optimal = assignMentors(round.mentors, round.mentees, round.options).totalScore;
      const greedy = greedyMentorAssignment(round.mentors, round.mentees, round.options);
      const random = randomMentorAssignment(round.mentors, round.mentees, round.options, seed);
      expect(assignmentProblems(round, greedy)).toEqual([]);
      expect(assignmentProblems(round, random)).toEqual([]);
      expect(greedy.totalScore).toBeLessThanOrEqual(optimal);
      expect(random.totalScore).toBeLessThanOrEqual(optimal);
    }
  });

  it('gives the same result for the same round in any input order', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const round = smallRound(seed, { mentors: 15, mentees: 40, topics: 3, maxCapacity: 2 });
      const first = assignMentors(round.mentors, round.mentees, round.options);
      const random = createRandom(seed);
      const again = assignMentors(random.shuffled(round.mentors), random.shuffled(round.mentees), round.options);
      expect(again).toEqual(first);
      expect(assignMentors(round.mentors, round.mentees, round.options)).toEqual(first);
    }
  });

  it('keeps the optimum of the full candidate graph when each mentor keeps only their best candidates', () => {
    for (let seed = 1; seed <= 25; seed++) {
      // Two topics and many mentees: each mentor has far more candidates than they keep.
      const round = smallRound(seed, { mentors: 30, mentees: 250, topics: 2, maxCapacity: 3 });
      const kept = buildCandidateGraph(round.mentors, round.mentees, round.options, DEFAULT_CANDIDATES_PER_CAPACITY);
      const all = buildCandidateGraph(round.mentors, round.mentees, round.options);
      expect(kept.edgeMentee.length).toBeLessThan(all.edgeMentee.length);
      const pruned = assignMentors(round.mentors, round.mentees, round.options);
      const full = assignMentors(round.mentors, round.mentees, { ...round.options, candidatesPerCapacity: Infinity });
      expect({ seed, total: pruned.totalScore }).toEqual({ seed, total: full.totalScore });
    }
  });

  it('matches by topic fit and tells why a mentee is left out', () => {
    const mentors: Mentor[] = [
      { id: 'ana', capacity: 1, topics: [{ topic: 'a11y', level: 5 }], workingDay: hours(9, 17) },
      { id: 'bo', capacity: 0, topics: [{ topic: 'rust', level: 5 }], workingDay: hours(9, 17) },
      { id: 'cy', capacity: 1, topics: [{ topic: 'a11y', level: 4 }], workingDay: hours(9, 17) },
    ];
    const mentees: Mentee[] = [
      { id: 'dee', wants: [{ topic: 'a11y', level: 2 }], workingDay: hours(9, 17) },
      { id: 'eli', wants: [{ topic: 'a11y', level: 3 }], workingDay: hours(9, 17) },
      { id: 'fay', wants: [{ topic: 'a11y', level: 2 }], workingDay: hours(9, 17) },
      { id: 'gus', wants: [{ topic: 'rust', level: 1 }], workingDay: hours(9, 17) },
      { id: 'hal', wants: [{ topic: 'go', level: 1 }], workingDay: hours(9, 17) },
    ];
    const result = assignMentors(mentors, mentees, { excluded: [['ana', 'fay']] });
    // ana (5) is two levels above eli (3): ideal; cy (4) two above dee (2): ideal.
    expect(result.matches.map(({ mentorId, menteeId }) => [mentorId, menteeId])).toEqual([
      ['cy', 'dee'],
      ['ana', 'eli'],
    ]);
    expect(result.matches[0]!.reasons).toEqual([
      { kind: 'topic-fit', topic: 'a11y', mentorLevel: 4, menteeLevel: 2 },
      { kind: 'overlap', minutes: 480 },
    ]);
    expect(result.unmatched).toEqual([
      { menteeId: 'fay', why: 'capacity' },
      { menteeId: 'gus', why: 'capacity' },
      { menteeId: 'hal', why: 'no-candidate' },
    ]);
  });

  it('refuses a person listed twice in one role', () => {
    const mentor: Mentor = { id: 'ana', capacity: 1, topics: [{ topic: 'go', level: 5 }], workingDay: hours(9, 17) };
    const mentee: Mentee = { id: 'bo', wants: [{ topic: 'go', level: 1 }], workingDay: hours(9, 17) };
    expect(() => assignMentors([mentor, mentor], [mentee], { excluded: [] })).toThrow('mentor ana is listed twice');
    expect(() => assignMentors([mentor], [mentee, mentee], { excluded: [] })).toThrow('mentee bo is listed twice');
  });

  it('never matches a person who is both mentor and mentee with themselves', () => {
    const both = { id: 'kim', workingDay: hours(9, 17) };
    const mentors: Mentor[] = [{ ...both, capacity: 3, topics: [{ topic: 'sql', level: 5 }] }];
    const mentees: Mentee[] = [{ ...both, wants: [{ topic: 'sql', level: 1 }] }];
    const result = assignMentors(mentors, mentees, { excluded: [] });
    expect(result.matches).toEqual([]);
    expect(result.unmatched).toEqual([{ menteeId: 'kim', why: 'no-candidate' }]);
  });

  it('prefers two good matches to one excellent one when that totals more', () => {
    const mentors: Mentor[] = [
      { id: 'm1', capacity: 1, topics: [{ topic: 'x', level: 4 }, { topic: 'y', level: 4 }], workingDay: hours(9, 17) },
      { id: 'm2', capacity: 1, topics: [{ topic: 'x', level: 4 }], workingDay: hours(9, 17) },
    ];
    const mentees: Mentee[] = [
      // Greedy gives m1 to a (x and y), leaving b only m2 … which b cannot use (only y).
      { id: 'a', wants: [{ topic: 'x', level: 2 }, { topic: 'y', level: 2 }], workingDay: hours(9, 17) },
      { id: 'b', wants: [{ topic: 'y', level: 2 }], workingDay: hours(9, 17) },
    ];
    const optimal = assignMentors(mentors, mentees, { excluded: [] });
    const greedy = greedyMentorAssignment(mentors, mentees, { excluded: [] });
    expect(optimal.matches.map((match) => `${match.mentorId}-${match.menteeId}`)).toEqual(['m2-a', 'm1-b']);
    expect(greedy.matches.map((match) => `${match.mentorId}-${match.menteeId}`)).toEqual(['m1-a']);
    expect(greedy.totalScore).toBeLessThan(optimal.totalScore);
  });
});
