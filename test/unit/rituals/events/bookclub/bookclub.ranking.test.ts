import { countedRanking, rankSuggestions } from '../../../../../src/rituals/events/bookclub/bookclub.ranking';

describe('rankSuggestions (Borda count)', () => {
  it('scores 3, 2 and 1 points for first, second and third choices', () => {
    const tallies = rankSuggestions([1, 2, 3, 4], [[1, 2, 3], [2, 1], [2]]);
    expect(tallies.map((t) => [t.suggestionId, t.points])).toEqual([[2, 8], [1, 5], [3, 1], [4, 0]]);
    expect(tallies[0]!.places).toEqual([2, 1, 0]);
  });

  it('lets a broad second choice beat a narrow first choice, as Borda does', () => {
    const [a, b, c, d, e] = [1, 2, 3, 4, 5];
    // A is first on two ballots (6 points); B second on four (8 points).
    const tallies = rankSuggestions([a, b, c, d, e], [[a], [a], [c, b], [d, b], [e, b], [c, b]]);
    expect(tallies.map((t) => [t.suggestionId, t.points])).toEqual([[b, 8], [a, 6], [c, 6], [d, 3], [e, 3]]);
  });

  it('breaks a tie on points by more first choices, then more second choices, before the ballot order', () => {
    // 1: one first (3); 2: one second and one third (3), and 2 is earlier on the ballot: 1 still wins the tie.
    expect(rankSuggestions([2, 1, 3, 4], [[1], [3, 2], [3, 4, 2]]).map((t) => t.suggestionId)).toEqual([3, 1, 2, 4]);
    // 5: one second (2); 6: two thirds (2), and 6 is earlier on the ballot: 5 wins on second choices.
    expect(rankSuggestions([6, 5, 7, 8], [[7, 5], [7, 8, 6], [8, 7, 6]]).map((t) => t.suggestionId)).toEqual([7, 8, 5, 6]);
  });

  it('breaks a complete tie by the order on the ballot (the earlier suggestion), whatever the order of ballots', () => {
    const ballots = [[3, 1], [1, 3]];
    expect(rankSuggestions([1, 2, 3], ballots)[0]!.suggestionId).toBe(1);
    expect(rankSuggestions([1, 2, 3], [...ballots].reverse())[0]!.suggestionId).toBe(1);
    expect(rankSuggestions([3, 2, 1], ballots)[0]!.suggestionId).toBe(3);
  });

  it('ignores repeats, books not on the ballot and choices beyond the third', () => {
    expect(countedRanking([9, 1, 1, 2, 3, 4], new Set([1, 2, 3, 4]))).toEqual([1, 2, 3]);
    const tallies = rankSuggestions([1, 2], [[9, 2, 2, 1]]);
    expect(tallies.map((t) => [t.suggestionId, t.points])).toEqual([[2, 3], [1, 2]]);
  });

  it('gives every candidate a zero tally when nobody voted', () => {
    expect(rankSuggestions([4, 2], [])).toEqual([
      { suggestionId: 4, points: 0, places: [0, 0, 0] },
      { suggestionId: 2, points: 0, places: [0, 0, 0] },
    ]);
  });
});
