/**
 * The book vote's count: a Borda count over ranked ballots. Each member ranks up to three
 * suggestions; a first choice scores 3 points, a second 2, a third 1. The most points wins.
 *
 * Ties are broken deterministically, in this order: more first choices, more second choices,
 * more third choices, then the suggestion that came first on the ballot (the earlier one).
 * Pure: no database, no clock.
 */

/** How many places a ballot ranks. */
export const MAX_RANKS = 3;
const POINTS = [3, 2, 1] as const;

export interface Tally {
  suggestionId: number;
  points: number;
  /** How many ballots put it first, second and third. */
  places: [number, number, number];
}

/**
 * A ballot as it counts: its candidates in order, without repeats or ids that are not on the
 * ballot, cut to {@link MAX_RANKS} (a later choice moves up when an earlier one is dropped).
 */
export function countedRanking(ranking: readonly number[], candidates: ReadonlySet<number>): number[] {
  const kept: number[] = [];
  for (const id of ranking) if (candidates.has(id) && !kept.includes(id)) kept.push(id);
  return kept.slice(0, MAX_RANKS);
}

/** Every candidate's tally, winner first (see the tie-break rules above). */
export function rankSuggestions(candidates: readonly number[], ballots: readonly (readonly number[])[]): Tally[] {
  const onBallot = new Set(candidates);
  const tallies = new Map<number, Tally>(candidates.map((id) => [id, { suggestionId: id, points: 0, places: [0, 0, 0] }]));
  for (const ballot of ballots) {
    countedRanking(ballot, onBallot).forEach((id, place) => {
      const tally = tallies.get(id)!;
      tally.points += POINTS[place]!;
      tally.places[place]! += 1;
    });
  }
  const order = new Map(candidates.map((id, index) => [id, index]));
  return [...tallies.values()].sort((a, b) => compareTallies(a, b) || order.get(a.suggestionId)! - order.get(b.suggestionId)!);
}

/** Negative when `a` ranks above `b`, by points and then by places; 0 when they are level. */
function compareTallies(a: Tally, b: Tally): number {
  if (a.points !== b.points) return b.points - a.points;
  for (let place = 0; place < MAX_RANKS; place++) if (a.places[place] !== b.places[place]) return b.places[place]! - a.places[place]!;
  return 0;
}
