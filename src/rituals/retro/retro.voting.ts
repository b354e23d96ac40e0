/** The dot-voting rules of a retro, as pure functions of the votes already cast. */
export interface VoteRules {
  /** Votes each person may cast in the whole retro (default 3). */
  budget: number;
  /** Votes one person may put on one item (default: the budget, i.e. no cap). */
  perItemCap: number;
}

export type VoteDecision = { ok: true } | { ok: false; problem: string };

/**
 * Whether a person may add one more vote to an item, given how many votes they have cast in
 * the retro and on this item. The service checks this under a lock on the voter's row, so
 * concurrent clicks cannot overspend.
 */
export function mayVote(rules: VoteRules, castInRetro: number, castOnItem: number): VoteDecision {
  if (castInRetro >= rules.budget) {
    return { ok: false, problem: `You have used all ${rules.budget} of your votes. Take one back from another item to move it here.` };
  }
  if (castOnItem >= rules.perItemCap) {
    return { ok: false, problem: `You can put at most ${rules.perItemCap} vote${rules.perItemCap === 1 ? '' : 's'} on one item.` };
  }
  return { ok: true };
}

export function validateVoteRules(budget: number, perItemCap?: number): { ok: true; rules: VoteRules } | { ok: false; problem: string } {
  if (!Number.isInteger(budget) || budget < 1 || budget > 20) return { ok: false, problem: 'The vote budget is a whole number from 1 to 20.' };
  const cap = perItemCap ?? budget;
  if (!Number.isInteger(cap) || cap < 1 || cap > budget) return { ok: false, problem: `The votes per item are a whole number from 1 to the budget (${budget}).` };
  return { ok: true, rules: { budget, perItemCap: cap } };
}

