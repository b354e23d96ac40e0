import { checkReason, distribution, isoWeek, overlapText, pages, parseCapacity, reasonPhrases, workingDayOn } from '../../../../src/rituals/mentoring/mentoring.rules';
import { parseScheduleWords } from '../../../../src/rituals/mentoring/mentoring.schedule';
import { levelValue, matchValue } from '../../../../src/rituals/mentoring/mentoring.ids';

describe('parseCapacity', () => {
  it.each([['0', 0], ['1', 1], ['10', 10], ['007', 7]])('reads %s as %d', (word, n) => {
    expect(parseCapacity([word])).toEqual({ ok: true, value: n });
  });

  it.each([[['11']], [['-1']], [['1.5']], [['two']], [[]], [['1', '2']], [['1e1']], [['999']]])('refuses %j and says how to fix it', (words) => {
    const parsed = parseCapacity(words);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toMatch(/from 0 to 10, e\.g\. `\/guild mentoring capacity 2`/);
  });
});

describe('checkReason', () => {
  it('treats blank as no reason, trims, and refuses more than 500 characters', () => {
    expect(checkReason(undefined)).toEqual({ ok: true, value: undefined });
    expect(checkReason('   ')).toEqual({ ok: true, value: undefined });
    expect(checkReason(' busy ')).toEqual({ ok: true, value: 'busy' });
    expect(checkReason('é'.repeat(500))).toEqual({ ok: true, value: 'é'.repeat(500) });
    expect(checkReason('x'.repeat(501))).toEqual({ ok: false, problem: 'Keep the reason to 500 characters; it has 501.' });
  });
});

describe('isoWeek', () => {
  it('names the ISO week in the community zone, across the year boundary', () => {
    expect(isoWeek(new Date('2026-12-01T12:00:00Z'), 'UTC')).toBe('2026-W49');
    expect(isoWeek(new Date('2027-01-01T12:00:00Z'), 'UTC')).toBe('2026-W53');
    // Sunday 23:30 in UTC is already Monday in Tokyo: the next week there.
    expect(isoWeek(new Date('2026-12-06T23:30:00Z'), 'UTC')).toBe('2026-W49');
    expect(isoWeek(new Date('2026-12-06T23:30:00Z'), 'Asia/Tokyo')).toBe('2026-W50');
  });
});

describe('workingDayOn', () => {
  it('turns local working hours into minutes after UTC midnight, DST included', () => {
    const nine = { workdayStart: 540, workdayEnd: 1020 };
    expect(workingDayOn({ ...nine, timeZone: 'UTC' }, new Date('2026-12-01T00:00:00Z'))).toEqual({ start: 540, end: 1020 });
    expect(workingDayOn({ ...nine, timeZone: 'America/New_York' }, new Date('2026-12-01T12:00:00Z'))).toEqual({ start: 840, end: 1320 });
    expect(workingDayOn({ ...nine, timeZone: 'America/New_York' }, new Date('2026-07-01T12:00:00Z'))).toEqual({ start: 780, end: 1260 });
    expect(workingDayOn({ ...nine, timeZone: 'Asia/Tokyo' }, new Date('2026-12-01T12:00:00Z'))).toEqual({ start: 0, end: 480 });
  });

  it('runs a night shift past midnight', () => {
    expect(workingDayOn({ timeZone: 'UTC', workdayStart: 1320, workdayEnd: 360 }, new Date('2026-12-01T00:00:00Z'))).toEqual({ start: 1320, end: 1800 });
  });
});

describe('reasonPhrases', () => {
  const reasons = [{ kind: 'topic-fit' as const, topic: 'accessibility', mentorLevel: 4, menteeLevel: 2 }, { kind: 'overlap' as const, minutes: 180 }];

  it('says why from each side', () => {
    expect(reasonPhrases(reasons, 'mentor')).toEqual(['you can mentor accessibility, level 4 vs 2', '3 h of working hours overlap']);
    expect(reasonPhrases(reasons, 'mentee')).toEqual(['they can mentor you in accessibility, level 4 vs your 2', '3 h of working hours overlap']);
  });

  it('says when hours do not overlap, and short overlaps in minutes', () => {
    expect(reasonPhrases([{ kind: 'overlap', minutes: 0 }], 'mentor')).toEqual(['no working hours overlap (plan around your zones)']);
    expect(overlapText(45)).toBe('45 min');
    expect(overlapText(150)).toBe('2.5 h');
  });
});

describe('pages and distribution', () => {
  it('splits into pages of at most the size', () => {
    expect(pages([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(pages([], 2)).toEqual([]);
  });

  it('counts levels per topic and those not given, ignoring nonsense', () => {
    expect(distribution('Kotlin', [1, 3, 3, 5, null, 7], 8)).toEqual({ topic: 'Kotlin', counts: [1, 0, 2, 0, 1], notGiven: 4 });
  });
});

describe('parseScheduleWords', () => {
  it('reads a weekday and a time', () => {
    expect(parseScheduleWords(['Mon', '9:05'])).toEqual({ ok: true, value: { weekday: 'mo', time: '09:05' } });
    expect(parseScheduleWords(['thursday', '16:30'])).toEqual({ ok: true, value: { weekday: 'th', time: '16:30' } });
  });

  it.each([[[]], [['mon']], [['funday', '10:00']], [['mon', '25:00']], [['mon', '10']], [['mon', '10:00', 'utc']]])('refuses %j with an example', (words) => {
    const parsed = parseScheduleWords(words);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toMatch(/e\.g\. `\/guild mentoring schedule mon 10:00`/);
  });
});

describe('value codecs', () => {
  it('round-trips and refuses forged values', () => {
    expect(matchValue.decode(matchValue.encode({ matchId: 12 }))).toEqual({ matchId: 12 });
    expect(levelValue.decode(levelValue.encode({ topicId: 3, level: 4 }))).toEqual({ topicId: 3, level: 4 });
    for (const bad of ['0', 'x', '1:2', '-1']) expect(matchValue.decode(bad)).toBeUndefined();
    for (const bad of ['3:0', '3:6', '3', '0:3', '3:4:5', '3:x']) expect(levelValue.decode(bad)).toBeUndefined();
  });
});
