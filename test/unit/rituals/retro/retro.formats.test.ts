import { RETRO_FORMATS, retroFormat } from '../../../../src/rituals/retro/retro.formats';
import { mayVote, validateVoteRules } from '../../../../src/rituals/retro/retro.voting';

describe('retro formats', () => {
  it('offers the classic boards, happy / meh / sad first', () => {
    expect(Object.keys(RETRO_FORMATS)).toEqual(['tanzu', 'start-stop-continue', '4ls', 'mad-sad-glad']);
    const tanzu = retroFormat('tanzu');
    expect(tanzu.ok && tanzu.format.columns.map((c) => c.title)).toEqual(['Happy', 'Meh', 'Sad']);
    const fourLs = retroFormat('4ls');
    expect(fourLs.ok && fourLs.format.columns.map((c) => c.key)).toEqual(['liked', 'learned', 'lacked', 'longed']);
  });

  it('builds custom boards from 2–6 distinct short titles, and says what is wrong otherwise', () => {
    const custom = retroFormat('custom', 'Went well,  To   improve\nIdeas');
    expect(custom.ok && custom.format.columns).toEqual([
      { key: 'c1', title: 'Went well', emoji: ':pushpin:' },
      { key: 'c2', title: 'To improve', emoji: ':pushpin:' },
      { key: 'c3', title: 'Ideas', emoji: ':pushpin:' },
    ]);
    expect(retroFormat('custom', 'Only one')).toEqual({ ok: false, problem: expect.stringMatching(/2 to 6 columns.*you gave 1/) });
    expect(retroFormat('custom', 'a,b,c,d,e,f,g')).toEqual({ ok: false, problem: expect.stringMatching(/you gave 7/) });
    expect(retroFormat('custom', `ok, ${'x'.repeat(31)}`)).toEqual({ ok: false, problem: expect.stringMatching(/at most 30 characters/) });
    expect(retroFormat('custom', 'Ideas, ideas')).toEqual({ ok: false, problem: 'Each column needs a different title.' });
    expect(retroFormat('kanban')).toEqual({ ok: false, problem: expect.stringMatching(/no retro format "kanban".*tanzu/) });
  });
});

describe('retro voting', () => {
  const rules = { budget: 3, perItemCap: 2 };

  it('holds the budget and the per-item cap', () => {
    expect(mayVote(rules, 0, 0)).toEqual({ ok: true });
    expect(mayVote(rules, 2, 1)).toEqual({ ok: true });
    expect(mayVote(rules, 3, 0)).toEqual({ ok: false, problem: expect.stringMatching(/all 3 of your votes/) });
    expect(mayVote(rules, 2, 2)).toEqual({ ok: false, problem: 'You can put at most 2 votes on one item.' });
  });

  it('validates the organiser\'s settings', () => {
    expect(validateVoteRules(3)).toEqual({ ok: true, rules: { budget: 3, perItemCap: 3 } });
    expect(validateVoteRules(0).ok).toBe(false);
    expect(validateVoteRules(5, 6)).toEqual({ ok: false, problem: expect.stringMatching(/from 1 to the budget \(5\)/) });
  });
});
