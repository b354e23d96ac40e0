import { checkCoffeeSettings, checkSwap, DEFAULT_SETTINGS, prunedDraft, swapped } from '../../../../src/rituals/coffee/coffee.rules';

describe('checkCoffeeSettings', () => {
  const problemsOf = (change: Partial<typeof DEFAULT_SETTINGS>) => checkCoffeeSettings({ ...DEFAULT_SETTINGS, ...change }).map((p) => p.field);

  it('takes the defaults and every size from 2 to 8', () => {
    expect(problemsOf({})).toEqual([]);
    for (const size of [2, 3, 4, 5, 6, 7, 8]) expect(problemsOf({ groupSize: size })).toEqual([]);
  });

  it.each([[1], [9], [0], [2.5], [NaN]])('refuses a group size of %p', (size) => {
    expect(checkCoffeeSettings({ ...DEFAULT_SETTINGS, groupSize: size })).toEqual([{ field: 'size', problem: 'Groups have 2 to 8 people.' }]);
  });

  it('names every bad field at once', () => {
    expect(problemsOf({ everyWeeks: 0, time: '9am', windowWeeks: 53, followUpDays: 0, nth: 5 })).toEqual(['everyWeeks', 'nth', 'time', 'windowWeeks', 'followUpDays']);
  });

  it('wants the follow-up before the next weekly round, and a field to mix by', () => {
    expect(problemsOf({ followUpDays: 7 })).toEqual(['followUpDays']);
    expect(problemsOf({ followUpDays: 7, everyWeeks: 2 })).toEqual([]);
    expect(problemsOf({ cadence: 'monthly', followUpDays: 14 })).toEqual([]);
    expect(problemsOf({ grouping: 'mix' })).toEqual(['groupingField']);
    expect(problemsOf({ grouping: 'group', groupingField: 'topic' })).toEqual([]);
  });
});

describe('checkSwap', () => {
  const groups = [['A', 'B'], ['C', 'D', 'E']];

  it('swaps two people of different groups', () => {
    expect(checkSwap(groups, 'A', 'D')).toEqual([]);
    expect(swapped(groups, 'A', 'D')).toEqual([['D', 'B'], ['C', 'A', 'E']]);
  });

  it.each([
    [undefined, 'D', 'first', /first person/],
    ['A', undefined, 'second', /second person/],
    ['Z', 'D', 'first', /not in this round/],
    ['A', 'Z', 'second', /not in this round/],
    ['A', 'B', 'second', /same group/],
  ])('refuses %p with %p', (first, second, field, problem) => {
    const [found] = checkSwap(groups, first, second);
    expect(found?.field).toBe(field);
    expect(found?.problem).toMatch(problem);
  });
});

describe('prunedDraft', () => {
  const groups = [{ id: 1, members: ['A', 'B'] }, { id: 2, members: ['C', 'D', 'E'] }, { id: 3, members: ['F', 'G'] }];
  const left = (...gone: string[]) => new Set(['A', 'B', 'C', 'D', 'E', 'F', 'G'].filter((m) => !gone.includes(m)));

  it('keeps a round whose people can all still come', () => {
    expect([...prunedDraft(groups, left())]).toEqual([[1, ['A', 'B']], [2, ['C', 'D', 'E']], [3, ['F', 'G']]]);
  });

  it('takes out who snoozed since, and moves someone left alone to the smallest group with room', () => {
    expect([...prunedDraft(groups, left('A'))]).toEqual([[1, []], [2, ['C', 'D', 'E']], [3, ['F', 'G', 'B']]]);
    expect([...prunedDraft(groups, left('C'))]).toEqual([[1, ['A', 'B']], [2, ['D', 'E']], [3, ['F', 'G']]]);
  });

  it('sends nobody a group of one', () => {
    expect([...prunedDraft([{ id: 1, members: ['A', 'B'] }], left('A'))]).toEqual([[1, []]]);
    expect([...prunedDraft(groups, left('A', 'B', 'C', 'D', 'E', 'F'))]).toEqual([[1, []], [2, []], [3, []]]);
  });
});
