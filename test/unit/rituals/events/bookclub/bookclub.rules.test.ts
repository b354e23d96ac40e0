import { checkBallot, checkPlan, checkSuggestion, parseMinMembers, readingFor, titleKey } from '../../../../../src/rituals/events/bookclub/bookclub.rules';

const fieldsOf = (r: { ok: boolean; problems?: { field: string }[] }) => (r.ok ? [] : r.problems!.map((p) => p.field));

describe('book club rules', () => {
  describe('suggestions', () => {
    it('accepts a title, a web link, a note and the hide-my-name choice', () => {
      expect(checkSuggestion({ title: '  Thinking in Systems ', link: 'https://example.org/book?id=1&x=2', note: 'Short', hideName: true })).toEqual({
        ok: true,
        value: { title: 'Thinking in Systems', link: 'https://example.org/book?id=1&x=2', note: 'Short', hideName: true },
      });
    });

    it('refuses an empty title and a link that is not http(s), each beside its field', () => {
      const result = checkSuggestion({ title: '   ', link: 'javascript:alert(1)' });
      expect(fieldsOf(result)).toEqual(['title', 'link']);
      expect(fieldsOf(checkSuggestion({ title: 'A', link: 'ftp://example.org/a' }))).toEqual(['link']);
      expect(fieldsOf(checkSuggestion({ title: 'A', link: 'https://exa mple.org' }))).toEqual(['link']);
      expect(fieldsOf(checkSuggestion({ title: 'A', link: '<https://example.org|x>' }))).toEqual(['link']);
    });

    it('refuses overlong titles and notes', () => {
      expect(fieldsOf(checkSuggestion({ title: 'x'.repeat(201), link: 'https://e.org', note: 'y'.repeat(501) }))).toEqual(['title', 'note']);
    });

    it('folds titles so the same book is the same key however it is typed', () => {
      expect(titleKey('  The  Pragmatic Programmer. ')).toBe(titleKey('the pragmatic programmer'));
      expect(titleKey('"Dune"')).toBe('dune');
      expect(titleKey('Dune')).not.toBe(titleKey('Dune Messiah'));
    });
  });

  describe('ballots', () => {
    it('ranks up to three different books of the vote, first choice first', () => {
      expect(checkBallot({ first: 3, second: 1 }, [1, 2, 3])).toEqual({ ok: true, value: [3, 1] });
    });

    it('needs a first choice, different books, books on the ballot and no gap', () => {
      expect(fieldsOf(checkBallot({}, [1, 2]))).toEqual(['first']);
      expect(fieldsOf(checkBallot({ first: 1, second: 1 }, [1, 2]))).toEqual(['second']);
      expect(fieldsOf(checkBallot({ first: 7 }, [1, 2]))).toEqual(['first']);
      expect(fieldsOf(checkBallot({ first: 1, third: 2 }, [1, 2]))).toEqual(['second']);
    });
  });

  it('reads the members a club needs: 5 by default, 2 to 100', () => {
    expect(parseMinMembers(undefined)).toEqual({ ok: true, minMembers: 5 });
    expect(parseMinMembers('3')).toEqual({ ok: true, minMembers: 3 });
    for (const bad of ['1', '0', '101', 'five', '-3', '2.5']) expect(parseMinMembers(bad).ok).toBe(false);
  });

  describe('reading plans', () => {
    const now = new Date('2026-12-01T12:00:00Z');
    const form = { sessions: '4', chapters: '3', date: '2026-12-10', time: '18:30', everyWeeks: '2', duration: '90', place: 'Room 4' };

    it('reads a plan in the community zone', () => {
      const result = checkPlan(form, 'Europe/Berlin', now);
      expect(result).toEqual({ ok: true, value: { sessions: 4, chaptersPerSession: 3, firstStart: new Date('2026-12-10T17:30:00Z'), everyWeeks: 2, durationMinutes: 90, place: 'Room 4', timeZone: 'Europe/Berlin', notes: [] } });
    });

    it('refuses 0 sessions, too many, and nonsense numbers, beside their fields', () => {
      expect(fieldsOf(checkPlan({ ...form, sessions: '0' }, 'UTC', now))).toEqual(['sessions']);
      expect(fieldsOf(checkPlan({ ...form, sessions: '27' }, 'UTC', now))).toEqual(['sessions']);
      expect(fieldsOf(checkPlan({ ...form, sessions: 'four', everyWeeks: '0', duration: '5' }, 'UTC', now))).toEqual(['sessions', 'everyWeeks', 'duration']);
      expect(fieldsOf(checkPlan({ ...form, chapters: '' }, 'UTC', now))).toEqual([]);
    });

    it('refuses a first session in the past (in the community zone) and a missing date', () => {
      expect(checkPlan({ ...form, date: '2026-12-01', time: '12:30' }, 'Europe/Berlin', now)).toEqual({ ok: false, problems: [{ field: 'date', problem: expect.stringMatching(/in the past/) }] });
      expect(checkPlan({ ...form, date: '2026-12-01', time: '12:30' }, 'America/New_York', now).ok).toBe(true);
      expect(fieldsOf(checkPlan({ ...form, date: undefined }, 'UTC', now))).toEqual(['date']);
      expect(fieldsOf(checkPlan({ ...form, date: '2026-02-30' }, 'UTC', now))).toEqual(['date']);
    });

    it('moves a first time that does not exist (the clocks go forward) and says so', () => {
      const result = checkPlan({ ...form, date: '2027-03-28', time: '02:30' }, 'Europe/Berlin', now);
      if (!result.ok) throw new Error('expected a plan');
      expect(result.value.firstStart.toISOString()).toBe('2027-03-28T01:30:00.000Z');
      expect(result.value.notes).toEqual(['02:30 does not exist on 2027-03-28 in Europe/Berlin (the clocks go forward): the first session starts at 03:30.']);
    });

    it('names what each session reads', () => {
      expect([1, 2].map((n) => readingFor(n, 3))).toEqual(['Chapters 1–3', 'Chapters 4–6']);
      expect(readingFor(4, 1)).toBe('Chapter 4');
      expect(readingFor(2, 0)).toBe('Part 2');
    });
  });
});
