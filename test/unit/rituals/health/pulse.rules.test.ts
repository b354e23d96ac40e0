import { validateRecurrence, nextOccurrence } from '../../../../src/scheduler/recurrence';
import { checkComment, DEFAULT_PULSE_WHEN, deterministicShuffle, MIN_RESPONSES, parsePulseSchedule, pulsePseudonym, roundResults, scoreSummary, type PulseResponse } from '../../../../src/rituals/health/pulse.rules';
import { pulseRecurrence } from '../../../../src/rituals/health/pulse.schedule';

describe('parsePulseSchedule', () => {
  it('defaults to the first Monday at 10:00', () => {
    expect(parsePulseSchedule([])).toEqual({ ok: true, value: DEFAULT_PULSE_WHEN });
    expect(DEFAULT_PULSE_WHEN).toEqual({ day: { kind: 'nth-weekday', nth: 1, weekday: 'mo' }, time: '10:00' });
  });

  it('reads a day of the month or an nth weekday, and a time', () => {
    expect(parsePulseSchedule(['1', '9:05'])).toEqual({ ok: true, value: { day: { kind: 'day-of-month', day: 1 }, time: '09:05' } });
    expect(parsePulseSchedule(['last-Friday', '16:30'])).toEqual({ ok: true, value: { day: { kind: 'nth-weekday', nth: -1, weekday: 'fr' }, time: '16:30' } });
    expect(parsePulseSchedule(['second-tue', '08:00'])).toEqual({ ok: true, value: { day: { kind: 'nth-weekday', nth: 2, weekday: 'tu' }, time: '08:00' } });
  });

  it('says what is wrong with a bad day or time', () => {
    expect(parsePulseSchedule(['31', '10:00'])).toMatchObject({ ok: false, problem: expect.stringMatching(/^Day 31 is not in every month: give 1 to 28/) });
    expect(parsePulseSchedule(['0', '10:00'])).toMatchObject({ ok: false, problem: expect.stringMatching(/^Day 0 is not in every month/) });
    expect(parsePulseSchedule(['fifth-monday', '10:00'])).toMatchObject({ ok: false, problem: expect.stringMatching(/^"fifth-monday" is not a day/) });
    expect(parsePulseSchedule(['monday', '10:00'])).toMatchObject({ ok: false, problem: expect.stringMatching(/^"monday" is not a day/) });
    expect(parsePulseSchedule(['1', '25:00'])).toMatchObject({ ok: false, problem: expect.stringMatching(/^"25:00" is not a time like 10:00/) });
    expect(parsePulseSchedule(['1'])).toMatchObject({ ok: false, problem: expect.stringMatching(/^Give a day of the month/) });
  });
});

describe('pulseRecurrence', () => {
  const now = new Date('2026-12-15T12:00:00Z');

  it('makes a valid monthly rule on a day of the month, in the community zone', () => {
    const rule = pulseRecurrence({ day: { kind: 'day-of-month', day: 3 }, time: '09:30' }, 'Europe/Berlin', now);
    expect(validateRecurrence(rule)).toMatchObject({ ok: true });
    expect(nextOccurrence(rule, now)).toEqual(new Date('2027-01-03T08:30:00Z'));
    expect(nextOccurrence(rule, new Date('2027-01-03T08:30:00Z'))).toEqual(new Date('2027-02-03T08:30:00Z'));
  });

  it('makes the nth weekday of the month', () => {
    const rule = pulseRecurrence({ day: { kind: 'nth-weekday', nth: -1, weekday: 'fr' }, time: '16:00' }, 'UTC', now);
    expect(validateRecurrence(rule)).toMatchObject({ ok: true });
    expect(nextOccurrence(rule, now)).toEqual(new Date('2026-12-25T16:00:00Z'));
  });
});

describe('checkComment', () => {
  it('trims, takes empty as none, and refuses more than 1,000 characters', () => {
    expect(checkComment('  More demos ')).toEqual({ ok: true, value: 'More demos' });
    expect(checkComment('   ')).toEqual({ ok: true, value: undefined });
    expect(checkComment(undefined)).toEqual({ ok: true, value: undefined });
    expect(checkComment('x'.repeat(1001))).toEqual({ ok: false, problem: 'Keep it to 1000 characters; it has 1001.' });
  });
});

describe('roundResults', () => {
  const response = (value: number | null, safety: number | null, comment: string | null = null): PulseResponse => ({ value, safety, comment });

  it(`shows only the count below ${MIN_RESPONSES} responses`, () => {
    const four = [response(5, 5, 'secret idea'), response(1, 1), response(3, null), response(null, 2)];
    expect(roundResults(four, 'k')).toEqual({ shown: false, responses: 4 });
  });

  it('from 5 responses: averages and distributions of the scores given, and every comment', () => {
    const five = [response(5, 4, 'a'), response(4, 4), response(4, null, 'b'), response(2, 2), response(null, null, 'c')];
    expect(roundResults(five, 'k')).toEqual({
      shown: true,
      responses: 5,
      value: { answered: 4, average: 3.75, distribution: [0, 1, 0, 2, 1] },
      safety: { answered: 3, average: 10 / 3, distribution: [0, 1, 0, 2, 0] },
      comments: expect.arrayContaining(['a', 'b', 'c']),
    });
  });

  it('leaves out a question nobody scored', () => {
    const five = Array.from({ length: 5 }, () => response(3, null));
    expect(roundResults(five, 'k')).not.toHaveProperty('safety');
    expect(scoreSummary([null, null])).toBeUndefined();
  });
});

describe('deterministicShuffle', () => {
  const texts = Array.from({ length: 12 }, (_, i) => `idea ${i}`);

  it('depends on the texts and the key, not on the order they came in', () => {
    const once = deterministicShuffle(texts, 'round-1');
    expect(deterministicShuffle([...texts].reverse(), 'round-1')).toEqual(once);
    expect([...once].sort()).toEqual([...texts].sort());
    expect(once).not.toEqual(texts);
    expect(deterministicShuffle(texts, 'round-2')).not.toEqual(once);
  });
});

describe('pulsePseudonym', () => {
  it('differs by secret, round and person, and holds neither', () => {
    const p = pulsePseudonym('s', 1, 'U0ADA');
    expect(p).not.toContain('U0ADA');
    expect(new Set([p, pulsePseudonym('t', 1, 'U0ADA'), pulsePseudonym('s', 2, 'U0ADA'), pulsePseudonym('s', 1, 'U0BOB')]).size).toBe(4);
    expect(pulsePseudonym('s', 1, 'U0ADA')).toBe(p);
  });
});
