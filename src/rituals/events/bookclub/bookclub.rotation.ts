/**
 * Who leads each session's discussion: a fair rotation among the club's members. Pure.
 *
 * Fair means: the next leader is the active member who has led (or is down to lead) the fewest
 * sessions; among those, the one whose last turn is longest ago (never is longest); then the one
 * who joined first. Members who left are skipped; their earlier turns still count for nobody.
 */

/**
 * The next leader given the leaders of the other sessions, in session order.
 * `active` is the club's active members in join order. Undefined when nobody is active.
 */
export function nextLeader(active: readonly string[], earlier: readonly string[]): string | undefined {
  let best: { id: string; turns: number; last: number } | undefined;
  for (const id of active) {
    const turns = earlier.filter((leader) => leader === id).length;
    const last = earlier.lastIndexOf(id);
    if (!best || turns < best.turns || (turns === best.turns && last < best.last)) best = { id, turns, last };
  }
  return best?.id;
}

/** Leaders for `sessions` sessions in a row, after the turns already taken. */
export function rotateLeaders(active: readonly string[], sessions: number, taken: readonly string[] = []): string[] {
  const leaders: string[] = [];
  for (let i = 0; i < sessions; i++) {
    const next = nextLeader(active, [...taken, ...leaders]);
    if (next === undefined) return leaders;
    leaders.push(next);
  }
  return leaders;
}
