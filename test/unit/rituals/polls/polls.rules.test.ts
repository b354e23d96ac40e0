import { applyVote, checkLimit, checkOptions, checkOptionText, type Ballot } from '../../../../src/rituals/polls/polls.rules';

const ballot = (entries: [number, number][]): Ballot => new Map(entries);
const next = (decision: ReturnType<typeof applyVote>) => {
  if (!decision.ok) throw new Error(decision.problem);
  return [...decision.next.entries()].sort((a, b) => a[0] - b[0]);
};

describe('poll rules', () => {
  it('quotes the start of a too long option without cutting an emoji in half', () => {
    const checked = checkOptionText(`${'a'.repeat(29)}👩‍💻 and then a very long tail that goes past the limit of a choice in Slack, by far`);
    expect(checked.ok).toBe(false);
    const problem = checked.ok ? '' : checked.problem;
    expect(problem.isWellFormed()).toBe(true);
    expect(problem).toMatch(/^"a{29}…" is \d+ characters long/);
  });

  it('single choice: a vote, a change, a take-back', () => {
    expect(next(applyVote('single', 1, ballot([]), 1, 'toggle'))).toEqual([[1, 1]]);
    expect(next(applyVote('single', 1, ballot([[1, 1]]), 2, 'toggle'))).toEqual([[2, 1]]);
    expect(next(applyVote('single', 1, ballot([[1, 1]]), 1, 'toggle'))).toEqual([]);
  });

  it('multiple choice holds k', () => {
    expect(next(applyVote('multiple', 2, ballot([[1, 1]]), 2, 'toggle'))).toEqual([[1, 1], [2, 1]]);
    const refused = applyVote('multiple', 2, ballot([[1, 1], [2, 1]]), 3, 'toggle');
    expect(refused).toEqual({ ok: false, problem: expect.stringMatching(/chosen 2 options, the most/) });
    expect(next(applyVote('multiple', 2, ballot([[1, 1], [2, 1]]), 1, 'toggle'))).toEqual([[2, 1]]);
  });

  it('ranked: clicks in order, taking one out moves the later ranks up', () => {
    let b = ballot([]);
    for (const id of [3, 1, 2]) b = new Map(next(applyVote('ranked', 3, b, id, 'toggle')));
    expect([...b.entries()].sort()).toEqual([[1, 2], [2, 3], [3, 1]]);
    expect(next(applyVote('ranked', 3, b, 3, 'toggle'))).toEqual([[1, 1], [2, 2]]);
    expect(applyVote('ranked', 3, b, 4, 'toggle')).toEqual({ ok: false, problem: expect.stringMatching(/ranked 3 options/) });
  });

  it('dots: several on one option, the budget holds, take-backs', () => {
    expect(next(applyVote('dots', 3, ballot([[1, 2]]), 1, 'add'))).toEqual([[1, 3]]);
    expect(applyVote('dots', 3, ballot([[1, 2], [2, 1]]), 2, 'add')).toEqual({ ok: false, problem: expect.stringMatching(/used all 3 dots/) });
    expect(next(applyVote('dots', 3, ballot([[1, 2]]), 1, 'remove'))).toEqual([[1, 1]]);
    expect(next(applyVote('dots', 3, ballot([[1, 1]]), 1, 'remove'))).toEqual([]);
    expect(applyVote('dots', 3, ballot([]), 1, 'remove')).toEqual({ ok: false, problem: expect.stringMatching(/no dot on that option/) });
  });

  it('options: blanks dropped, trimmed, limits and duplicates refused', () => {
    expect(checkOptions([' A ', '', 'B  c'])).toEqual({ ok: true, value: ['A', 'B c'] });
    expect(checkOptions(['A', 'b', 'a'])).toEqual({ ok: false, problem: expect.stringMatching(/"a" is there twice/) });
    expect(checkOptionText('x'.repeat(76))).toEqual({ ok: false, problem: expect.stringMatching(/at most 75/) });
    expect(checkOptions(Array.from({ length: 25 }, (_, i) => `O${i}`)).ok).toBe(true);
  });

  it('limits by kind, with defaults', () => {
    expect(checkLimit('multiple', undefined, 4)).toEqual({ ok: true, value: 4 });
    expect(checkLimit('ranked', undefined, 5)).toEqual({ ok: true, value: 3 });
    expect(checkLimit('ranked', undefined, 2)).toEqual({ ok: true, value: 2 });
    expect(checkLimit('dots', undefined, 2)).toEqual({ ok: true, value: 5 });
    expect(checkLimit('multiple', 1, 4).ok).toBe(false);
    expect(checkLimit('dots', 0, 4)).toEqual({ ok: false, problem: expect.stringMatching(/budget of 0/) });
  });
});
