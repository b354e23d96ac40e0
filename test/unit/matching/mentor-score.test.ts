import { mentorPairScore, overlapPoints, topicPoints } from '../../../src/matching/mentor-score';
import type { Mentee, Mentor } from '../../../src/matching/types';

const nineToFive = { start: 540, end: 1020 };
const mentor = (topics: Mentor['topics'], workingDay = nineToFive): Mentor => ({ id: 'ria', capacity: 2, topics, workingDay });
const mentee = (wants: Mentee['wants'], workingDay = nineToFive): Mentee => ({ id: 'sol', wants, workingDay });

describe('topicPoints', () => {
  it('is 100 at the ideal gap, 25 less per level away, never below 25, and 0 without a gap', () => {
    expect([1, 2, 3, 4].map((gap) => topicPoints(1 + gap, 1, 2))).toEqual([75, 100, 75, 50]);
    expect(topicPoints(5, 1, 1)).toBe(25);
    expect(topicPoints(3, 3, 2)).toBe(0);
    expect(topicPoints(2, 4, 2)).toBe(0);
  });
});

describe('overlapPoints', () => {
  it('grows with shared minutes up to 4 hours and then stays at 100', () => {
    expect([0, 60, 120, 240, 480].map(overlapPoints)).toEqual([0, 25, 50, 100, 100]);
  });
});

describe('mentorPairScore', () => {
  it('counts the best topic twice, other topics once, and the working hours', () => {
    const pair = mentorPairScore(
      mentor([
        { topic: 'css', level: 4 },
        { topic: 'a11y', level: 5 },
        { topic: 'go', level: 5 },
      ]),
      mentee([
        { topic: 'css', level: 1 }, // gap 3: 75
        { topic: 'a11y', level: 3 }, // gap 2: 100
        { topic: 'sql', level: 1 }, // the mentor does not mentor it
      ]),
      { excluded: [] },
    );
    expect(pair).toEqual({
      score: 2 * 100 + 75 + 100,
      topics: ['a11y', 'css'],
      reasons: [
        { kind: 'topic-fit', topic: 'a11y', mentorLevel: 5, menteeLevel: 3 },
        { kind: 'topic-fit', topic: 'css', mentorLevel: 4, menteeLevel: 1 },
        { kind: 'overlap', minutes: 480 },
      ],
    });
  });

  it('uses the ideal gap of the options and leaves out the overlap reason when hours never meet', () => {
    const pair = mentorPairScore(mentor([{ topic: 'go', level: 4 }]), mentee([{ topic: 'go', level: 3 }], { start: 1200, end: 1500 }), {
      excluded: [],
      idealGap: 1,
    });
    expect(pair).toEqual({ score: 200, topics: ['go'], reasons: [{ kind: 'topic-fit', topic: 'go', mentorLevel: 4, menteeLevel: 3 }] });
  });

  it('is undefined for the same person, an excluded pair, or no topic where the mentor is ahead', () => {
    const ahead = mentor([{ topic: 'go', level: 5 }]);
    const learner = mentee([{ topic: 'go', level: 2 }]);
    expect(mentorPairScore(ahead, learner, { excluded: [] })).toBeDefined();
    expect(mentorPairScore(ahead, { ...learner, id: 'ria' }, { excluded: [] })).toBeUndefined();
    expect(mentorPairScore(ahead, learner, { excluded: [['ria', 'sol']] })).toBeUndefined();
    expect(mentorPairScore(ahead, learner, { excluded: [['sol', 'ria']] })).toBeDefined();
    expect(mentorPairScore(mentor([{ topic: 'go', level: 2 }]), learner, { excluded: [] })).toBeUndefined();
    expect(mentorPairScore(ahead, mentee([{ topic: 'rust', level: 1 }]), { excluded: [] })).toBeUndefined();
  });

  it('reads a topic listed twice at the mentor’s highest and the mentee’s lowest level', () => {
    const pair = mentorPairScore(
      mentor([
        { topic: 'go', level: 3 },
        { topic: 'go', level: 5 },
      ]),
      mentee([
        { topic: 'go', level: 3 },
        { topic: 'go', level: 1 },
      ]),
      { excluded: [] },
    );
    expect(pair?.reasons[0]).toEqual({ kind: 'topic-fit', topic: 'go', mentorLevel: 5, menteeLevel: 1 });
    expect(pair?.score).toBe(2 * 50 + 100);
  });

  it('gives every candidate a positive integer score', () => {
    for (let mentorLevel = 1; mentorLevel <= 5; mentorLevel++) {
      for (let menteeLevel = 1; menteeLevel < mentorLevel; menteeLevel++) {
        const score = mentorPairScore(mentor([{ topic: 'x', level: mentorLevel }]), mentee([{ topic: 'x', level: menteeLevel }], { start: 0, end: 7 }), {
          excluded: [],
        })?.score;
        expect(Number.isInteger(score)).toBe(true);
        expect(score).toBeGreaterThanOrEqual(50);
      }
    }
  });
});
