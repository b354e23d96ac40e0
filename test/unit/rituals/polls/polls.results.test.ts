import { bar, breakdown, levelGroups, ranking, scores, type VoteCell } from '../../../../src/rituals/polls/polls.results';

const options = [{ id: 1, text: 'A' }, { id: 2, text: 'B' }, { id: 3, text: 'C' }];
const cell = (optionId: number, level: number | null, votes: number, weight = votes, points = votes): VoteCell => ({ optionId, level, votes, weight, points });

describe('poll results', () => {
  it('draws bars in proportion, at least one cell for any vote', () => {
    expect(bar(0)).toBe('░'.repeat(12));
    expect(bar(1)).toBe('█'.repeat(12));
    expect(bar(0.5)).toBe(`${'█'.repeat(6)}${'░'.repeat(6)}`);
    expect(bar(0.01)).toBe(`█${'░'.repeat(11)}`);
    expect(bar(Number.NaN)).toBe('░'.repeat(12));
  });

  it('scores votes, dots and points over the cells of every level', () => {
    const cells = [cell(1, 1, 2), cell(1, 3, 1), cell(2, null, 1)];
    expect(scores('single', options, cells, 4).map((s) => [s.score, s.share])).toEqual([[3, 0.75], [1, 0.25], [0, 0]]);
    expect(scores('dots', options, [cell(1, 1, 1, 4), cell(2, 1, 1, 1)], 1).map((s) => s.score)).toEqual([4, 1, 0]);
    expect(scores('ranked', options, [cell(1, 1, 2, 3, 5), cell(3, 1, 1, 1, 3)], 2).map((s) => s.score)).toEqual([5, 0, 3]);
    expect(ranking(scores('ranked', options, [cell(1, 1, 2, 3, 5), cell(3, 1, 1, 1, 3)], 2)).map((s) => s.text)).toEqual(['A', 'C', 'B']);
  });

  it('named polls: every level with voters is its own row', () => {
    const groups = levelGroups(new Map([[1, 1], [4, 2], [null, 1]]), false);
    expect(groups.map((g) => [g.label, g.voters])).toEqual([['Level 1', 1], ['Level 4', 2], ['No level given', 1]]);
  });

  it('anonymous polls: every row has at least 5 voters, small levels merged with the next', () => {
    expect(levelGroups(new Map([[1, 6], [2, 5]]), true).map((g) => g.label)).toEqual(['Level 1', 'Level 2']);
    expect(levelGroups(new Map([[1, 2], [2, 3], [3, 7]]), true).map((g) => [g.label, g.voters])).toEqual([['Levels 1–2', 5], ['Level 3', 7]]);
    // A short last row joins the one before, so no subtraction shows fewer than 5 people.
    expect(levelGroups(new Map([[1, 6], [3, 2], [null, 1]]), true).map((g) => [g.label, g.voters])).toEqual([['Levels 1, 3 and no level given', 9]]);
    expect(levelGroups(new Map([[2, 4]]), true)).toEqual([]);
    for (const group of levelGroups(new Map([[1, 5], [2, 1], [3, 4], [4, 9], [5, 1], [null, 5]]), true)) expect(group.voters).toBeGreaterThanOrEqual(5);
  });

  it('breaks scores down by group', () => {
    const rows = breakdown('single', options, [cell(1, 1, 4), cell(2, 1, 1), cell(2, 2, 5)], new Map([[1, 5], [2, 5]]), true);
    expect(rows.map((r) => [r.label, r.scores.map((s) => s.score)])).toEqual([['Level 1', [4, 1, 0]], ['Level 2', [0, 5, 0]]]);
  });
});
