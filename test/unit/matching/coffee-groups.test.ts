import { groupSizes } from '../../../src/matching/group-sizes';
import { formCoffeeGroups } from '../../../src/matching/coffee-groups';
import { createRandom, type Random } from '../../../src/matching/random';
import type { CoffeeMember, CoffeeOptions, CoffeeResult, PastMeeting, WorkingDay } from '../../../src/matching/types';
import { groupOverlapMinutes } from '../../../src/matching/working-hours';

// 09:00–17:00 local as minutes after 00:00 UTC.
const TOKYO: WorkingDay = { start: 0, end: 480 };
const NEW_YORK: WorkingDay = { start: 840, end: 1320 };
const LONDON: WorkingDay = { start: 540, end: 1020 };

function member(id: string, extra: Partial<CoffeeMember> = {}): CoffeeMember {
  return { id, workingDay: LONDON, interests: [], ...extra };
}

function people(count: number, extra: (i: number) => Partial<CoffeeMember> = () => ({})): CoffeeMember[] {
  return Array.from({ length: count }, (_, i) => member(`p${i}`, extra(i)));
}

function options(extra: Partial<CoffeeOptions> = {}): CoffeeOptions {
  return { size: 2, avoid: [], history: [], seed: 1, ...extra };
}

function sizes(result: CoffeeResult): number[] {
  return result.groups.map((g) => g.members.length).sort((a, b) => a - b);
}

/** Every pair within each group, as past meetings `roundsAgo` rounds ago. */
function meetingsOf(groups: readonly string[][], roundsAgo: number): PastMeeting[] {
  return groups.flatMap((group) => group.flatMap((a, i) => group.slice(i + 1).map((b) => ({ a, b, roundsAgo }))));
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, i * size + size));
}

function expectEveryonePlacedOnce(members: readonly CoffeeMember[], result: CoffeeResult): void {
  const placed = [...result.groups.flatMap((g) => g.members), ...result.unplaced.map((u) => u.id)];
  expect(placed.sort()).toEqual(members.map((m) => m.id).sort());
}

function totalRepeats(result: CoffeeResult): number {
  return result.groups.reduce((sum, g) => sum + g.repeats, 0);
}

describe('formCoffeeGroups: sizes', () => {
  it('makes 2 + 3 of five people in pairs', () => {
    expect(sizes(formCoffeeGroups(people(5), options({ size: 2 })))).toEqual([2, 3]);
  });

  it('makes 3 + 4 of seven people in threes', () => {
    expect(sizes(formCoffeeGroups(people(7), options({ size: 3 })))).toEqual([3, 4]);
  });

  it('leaves one member unplaced as too few, and nobody at all for an empty round', () => {
    expect(formCoffeeGroups(people(1), options())).toEqual({ groups: [], unplaced: [{ id: 'p0', why: 'too-few' }] });
    expect(formCoffeeGroups([], options())).toEqual({ groups: [], unplaced: [] });
  });

  it('puts everyone in one group when there are fewer than the wanted size', () => {
    expect(sizes(formCoffeeGroups(people(3), options({ size: 5 })))).toEqual([3]);
  });

  it.each([1, 9])('throws a RangeError for a size of %i, even for an empty round', (size) => {
    expect(() => formCoffeeGroups(people(10), options({ size }))).toThrow(RangeError);
    expect(() => formCoffeeGroups([], options({ size }))).toThrow(RangeError);
  });

  it('never leaves anyone alone and places everyone exactly once', () => {
    for (let size = 2; size <= 8; size++) {
      for (let count = 2; count <= 30; count++) {
        const members = people(count);
        const result = formCoffeeGroups(members, options({ size, seed: count }));
        expect(result.unplaced).toEqual([]);
        expect(sizes(result).sort()).toEqual(groupSizes(count, size).sort());
        expect(Math.max(...sizes(result))).toBeLessThanOrEqual(8);
        expectEveryonePlacedOnce(members, result);
      }
    }
  });

  it('refuses a member listed twice', () => {
    expect(() => formCoffeeGroups([member('a'), member('a'), member('b')], options())).toThrow(/twice/);
  });
});

describe('formCoffeeGroups: avoid lists', () => {
  function randomInstance(random: Random): { members: CoffeeMember[]; options: CoffeeOptions } {
    const count = random.between(2, 30);
    const zones = [TOKYO, LONDON, NEW_YORK];
    const members = people(count, () => ({ workingDay: random.pick(zones) }));
    const avoid: Array<[string, string]> = Array.from({ length: random.between(0, count * 2) }, () => [
      `p${random.int(count)}`,
      `p${random.int(count)}`,
    ]);
    const history = Array.from({ length: random.between(0, count * 3) }, () => ({
      a: `p${random.int(count)}`,
      b: `p${random.int(count)}`,
      roundsAgo: random.between(1, 12),
    }));
    return { members, options: options({ size: random.between(2, 6), avoid, history, seed: random.int(1000) }) };
  }

  it('never puts an avoid pair in one group, over hundreds of random rounds', () => {
    const random = createRandom(20261201);
    for (let run = 0; run < 400; run++) {
      const instance = randomInstance(random);
      const result = formCoffeeGroups(instance.members, instance.options);
      expectEveryonePlacedOnce(instance.members, result);
      for (const group of result.groups) {
        expect(group.members.length).toBeGreaterThanOrEqual(2);
        for (const [a, b] of instance.options.avoid) {
          if (a !== b) expect(group.members.includes(a) && group.members.includes(b)).toBe(false);
        }
      }
      for (const left of result.unplaced) expect(left.why).toBe('avoided');
    }
  });

  it('leaves nobody out when each person avoids one other and there is room', () => {
    const random = createRandom(7);
    for (let run = 0; run < 100; run++) {
      const size = random.between(2, 4);
      const count = random.between(2 * size, 40); // at least two groups, so each pair can be split
      const ids = random.shuffled(people(count).map((m) => m.id));
      const avoid = chunks(ids, 2).filter((pair) => pair.length === 2) as Array<[string, string]>;
      const result = formCoffeeGroups(people(count), options({ size, avoid, seed: run }));
      expect(result.unplaced).toEqual([]);
    }
  });

  it('leaves out as few as it must: one of three who all avoid each other, in pairs', () => {
    const avoid: Array<[string, string]> = [
      ['p0', 'p1'],
      ['p0', 'p2'],
      ['p1', 'p2'],
    ];
    const result = formCoffeeGroups(people(5), options({ size: 2, avoid }));
    expect(result.unplaced).toHaveLength(1);
    expect(sizes(result)).toEqual([2, 2]);
  });

  it('leaves both of two people out when they avoid each other', () => {
    const result = formCoffeeGroups(people(2), options({ avoid: [['p1', 'p0']] }));
    expect(result.groups).toEqual([]);
    expect(result.unplaced.map((u) => u.why)).toEqual(['avoided', 'avoided']);
  });
});

describe('formCoffeeGroups: repeats', () => {
  it('repeats nobody from last round when last round was one perfect pairing', () => {
    const random = createRandom(3);
    for (let run = 0; run < 50; run++) {
      const members = people(random.between(4, 80));
      const lastRound = chunks(random.shuffled(members.map((m) => m.id)), 2);
      const result = formCoffeeGroups(members, options({ history: meetingsOf(lastRound, 1), seed: run }));
      expect(totalRepeats(result)).toBe(0);
    }
  });

  it('repeats nobody when everyone met their whole row of a grid, grouping across rows', () => {
    // 8 rows of 8: everyone met the 7 others in their row, over several rounds; columns are repeat-free.
    const members = people(64);
    const rows = chunks(members.map((m) => m.id), 8);
    const history = rows.flatMap((row, r) => meetingsOf([row], (r % 3) + 1));
    for (const size of [2, 3, 4, 8]) {
      for (let seed = 0; seed < 10; seed++) {
        expect(totalRepeats(formCoffeeGroups(members, options({ size, history, seed })))).toBe(0);
      }
    }
  });

  it('repeats nobody after twelve rounds of its own pairings when each round was repeat-free', () => {
    const members = people(200, (i) => ({ workingDay: [TOKYO, LONDON, NEW_YORK][i % 3]! }));
    let history: PastMeeting[] = [];
    for (let round = 0; round < 12; round++) {
      const result = formCoffeeGroups(members, options({ size: 3, history, seed: round }));
      expect(totalRepeats(result)).toBe(0);
      history = [...history.map((m) => ({ ...m, roundsAgo: m.roundsAgo + 1 })), ...meetingsOf(result.groups.map((g) => g.members), 1)];
    }
  });

  it('prefers an old repeat to a recent one when every grouping repeats', () => {
    const history: PastMeeting[] = [
      { a: 'p0', b: 'p1', roundsAgo: 1 },
      { a: 'p2', b: 'p3', roundsAgo: 1 },
      { a: 'p0', b: 'p3', roundsAgo: 2 },
      { a: 'p1', b: 'p2', roundsAgo: 2 },
      { a: 'p0', b: 'p2', roundsAgo: 6 },
      { a: 'p1', b: 'p3', roundsAgo: 6 },
    ];
    for (let seed = 0; seed < 10; seed++) {
      const result = formCoffeeGroups(people(4), options({ history, seed }));
      expect(result.groups.map((g) => g.members).sort()).toEqual([
        ['p0', 'p2'],
        ['p1', 'p3'],
      ]);
      expect(result.groups.map((g) => g.reasons[0])).toEqual([
        { kind: 'repeat', pairs: 1 },
        { kind: 'repeat', pairs: 1 },
      ]);
    }
  });

  it('counts the repeats of a group that cannot avoid them', () => {
    const history = meetingsOf([['p0', 'p1', 'p2']], 4);
    const [group] = formCoffeeGroups(people(3), options({ history })).groups;
    expect(group?.repeats).toBe(3);
  });

  it('chooses a repeat-free pairing across zones over a same-zone repeat', () => {
    const members = [member('t1', { workingDay: TOKYO }), member('t2', { workingDay: TOKYO }), member('n1', { workingDay: NEW_YORK }), member('n2', { workingDay: NEW_YORK })];
    const history = meetingsOf([['t1', 't2'], ['n1', 'n2']], 1);
    const result = formCoffeeGroups(members, options({ history }));
    expect(totalRepeats(result)).toBe(0);
    expect(result.groups.every((g) => g.overlapMinutes === 0)).toBe(true);
  });
});

describe('formCoffeeGroups: working hours, mixing and grouping', () => {
  const zoneOf = (id: string) => (id.startsWith('t') ? 'tokyo' : 'new-york');
  const halfAndHalf = [
    ...Array.from({ length: 10 }, (_, i) => member(`t${i}`, { workingDay: TOKYO })),
    ...Array.from({ length: 10 }, (_, i) => member(`n${i}`, { workingDay: NEW_YORK })),
  ];

  it('keeps Tokyo with Tokyo and New York with New York', () => {
    for (let seed = 0; seed < 20; seed++) {
      for (const size of [2, 3, 5]) {
        const result = formCoffeeGroups(halfAndHalf, options({ size, seed }));
        for (const group of result.groups) {
          expect(new Set(group.members.map(zoneOf)).size).toBe(1);
          expect(group.overlapMinutes).toBe(480);
        }
      }
    }
  });

  it('still keeps zones apart when last round paired within zones', () => {
    const lastRound = [...chunks(halfAndHalf.slice(0, 10).map((m) => m.id), 2), ...chunks(halfAndHalf.slice(10).map((m) => m.id), 2)];
    for (let seed = 0; seed < 20; seed++) {
      const result = formCoffeeGroups(halfAndHalf, options({ history: meetingsOf(lastRound, 1), seed }));
      expect(totalRepeats(result)).toBe(0);
      for (const group of result.groups) expect(new Set(group.members.map(zoneOf)).size).toBe(1);
    }
  });

  const teams = ['design', 'platform', 'research'];
  const teamMembers = people(12, (i) => ({ attribute: teams[i % 3] }));

  it('mixes teams when asked to and it is possible', () => {
    for (let seed = 0; seed < 20; seed++) {
      const result = formCoffeeGroups(teamMembers, options({ size: 3, seed, attributeMode: { mode: 'mix', field: 'team' } }));
      for (const group of result.groups) {
        expect(group.reasons).toContainEqual({ kind: 'mixed', field: 'team', values: teams });
      }
    }
  });

  it('groups by team when asked to and it is possible', () => {
    for (let seed = 0; seed < 20; seed++) {
      const result = formCoffeeGroups(teamMembers, options({ size: 4, seed, attributeMode: { mode: 'group', field: 'team' } }));
      for (const group of result.groups) {
        const reason = group.reasons.find((r) => r.kind === 'same');
        expect(reason).toBeDefined();
        expect(group.members.map((id) => teamMembers.find((m) => m.id === id)?.attribute)).toEqual(Array(4).fill(reason?.kind === 'same' ? reason.value : ''));
      }
    }
  });

  it('puts working-hours overlap before mixing', () => {
    const members = [
      member('t1', { workingDay: TOKYO, attribute: 'a' }),
      member('t2', { workingDay: TOKYO, attribute: 'a' }),
      member('n1', { workingDay: NEW_YORK, attribute: 'b' }),
      member('n2', { workingDay: NEW_YORK, attribute: 'b' }),
    ];
    const result = formCoffeeGroups(members, options({ attributeMode: { mode: 'mix', field: 'team' } }));
    expect(result.groups.map((g) => g.members).sort()).toEqual([
      ['n1', 'n2'],
      ['t1', 't2'],
    ]);
  });

  it('pairs people who share an interest when nothing weightier decides', () => {
    const interests = ['accessibility', 'accessibility', 'rust', 'rust', 'testing', 'testing'];
    const members = people(6, (i) => ({ interests: [interests[i]!] }));
    for (let seed = 0; seed < 10; seed++) {
      const result = formCoffeeGroups(members, options({ seed }));
      for (const group of result.groups) expect(group.reasons).toContainEqual({ kind: 'shared-interest', topic: interests[Number(group.members[0]!.slice(1))]! });
    }
  });
});

describe('formCoffeeGroups: each group', () => {
  it('gives the shared minutes, first meeting, shared interests and the mixed values', () => {
    const members = [
      member('a', { workingDay: { start: 0, end: 480 }, interests: ['accessibility', 'rust'], attribute: 'design' }),
      member('b', { workingDay: { start: 240, end: 720 }, interests: ['rust', 'accessibility'], attribute: 'platform' }),
      member('c', { workingDay: { start: 120, end: 600 }, interests: ['rust', 'go', 'accessibility'], attribute: 'design' }),
    ];
    const [group] = formCoffeeGroups(members, options({ size: 3, attributeMode: { mode: 'mix', field: 'team' } })).groups;
    expect(group).toEqual({
      members: ['a', 'b', 'c'],
      organiser: 'c',
      overlapMinutes: 240,
      repeats: 0,
      reasons: [
        { kind: 'first-meeting' },
        { kind: 'overlap', minutes: 240 },
        { kind: 'mixed', field: 'team', values: ['design', 'platform'] },
        { kind: 'shared-interest', topic: 'accessibility' },
        { kind: 'shared-interest', topic: 'rust' },
      ],
    });
  });

  it('reports the overlap working-hours.ts computes, also across UTC midnight', () => {
    const members = [member('a', { workingDay: { start: -120, end: 360 } }), member('b', { workingDay: { start: 1380, end: 1860 } })];
    const [group] = formCoffeeGroups(members, options()).groups;
    expect(group?.overlapMinutes).toBe(groupOverlapMinutes(members.map((m) => m.workingDay)));
    expect(group?.overlapMinutes).toBe(420);
  });

  it('gives no overlap reason when the group shares no working time, and no same reason for mixed values', () => {
    const members = [member('a', { workingDay: TOKYO, attribute: 'x' }), member('b', { workingDay: NEW_YORK, attribute: 'y' })];
    const [group] = formCoffeeGroups(members, options({ attributeMode: { mode: 'group', field: 'team' } })).groups;
    expect(group?.reasons).toEqual([{ kind: 'first-meeting' }]);
  });

  it('gives the organiser role, among equal hours, to whoever met fewest people, then to the first id', () => {
    const history = meetingsOf([['b', 'x'], ['b', 'y'], ['c', 'z']], 2);
    const members = [member('b'), member('c'), member('d'), member('x'), member('y'), member('z')];
    const avoid: Array<[string, string]> = ['x', 'y', 'z'].flatMap((o) => ['b', 'c', 'd'].map((p) => [o, p] as [string, string]));
    const result = formCoffeeGroups(members, options({ size: 3, history, avoid }));
    const group = result.groups.find((g) => g.members.includes('b'));
    expect(group?.members).toEqual(['b', 'c', 'd']);
    expect(group?.organiser).toBe('d');
    expect(result.groups.find((g) => g.members.includes('x'))?.organiser).toBe('x');
  });
});

describe('formCoffeeGroups: search budget', () => {
  it('still forms valid groups and keeps avoid lists with no local search at all', () => {
    const members = people(40, (i) => ({ workingDay: [TOKYO, NEW_YORK][i % 2]! }));
    const avoid: Array<[string, string]> = Array.from({ length: 40 }, (_, i) => [`p${i}`, `p${(i + 2) % 40}`]);
    const result = formCoffeeGroups(members, options({ size: 3, avoid, maxIterations: 0 }));
    expectEveryonePlacedOnce(members, result);
    for (const group of result.groups) {
      expect(group.members.length).toBeGreaterThanOrEqual(3);
      for (const [a, b] of avoid) expect(group.members.includes(a) && group.members.includes(b)).toBe(false);
    }
  });
});

describe('formCoffeeGroups: determinism', () => {
  const random = createRandom(11);
  const members = people(300, () => ({
    workingDay: random.pick([TOKYO, LONDON, NEW_YORK]),
    attribute: random.pick(['a', 'b', 'c', 'd']),
    interests: [random.pick(['go', 'rust', 'ts', 'ml'])],
  }));
  const history = Array.from({ length: 600 }, () => ({ a: `p${random.int(300)}`, b: `p${random.int(300)}`, roundsAgo: random.between(1, 6) }));
  const round = (seed: number) => formCoffeeGroups(members, options({ size: 3, history, seed, attributeMode: { mode: 'mix', field: 'team' } }));

  it('gives the same groups for the same seed', () => {
    expect(round(42)).toEqual(round(42));
  });

  it('gives other groups for another seed', () => {
    expect(round(43)).not.toEqual(round(42));
  });
});
