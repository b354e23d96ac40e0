import { FORMING_ZONE, groupSendAt, roundDate, roundRecurrence, workingDayOn } from '../../../../src/rituals/coffee/coffee.timing';
import { nextOccurrence } from '../../../../src/scheduler/recurrence';

describe('coffee timing', () => {
  it('forms a Monday 09:00 round at 09:00 in UTC+14, before 09:00 Monday anywhere else', () => {
    const rule = roundRecurrence({ cadence: 'weekly', everyWeeks: 1, weekday: 'mo', nth: 1, time: '09:00' }, new Date('2026-12-01T00:00:00Z'));
    const occurrence = nextOccurrence(rule, new Date('2026-12-01T00:00:00Z'))!;
    expect(occurrence.toISOString()).toBe('2026-12-06T19:00:00.000Z'); // Sunday 19:00 UTC
    expect(roundDate(occurrence)).toBe('2026-12-07');
    expect(rule.timeZone).toBe(FORMING_ZONE);
    // The last place on Earth to reach Monday 09:00 is UTC−12, at 21:00 UTC on Monday.
    expect(groupSendAt([{ timeZone: 'Etc/GMT+12', workingDay: { start: 0, end: 0 } }], '2026-12-07', '09:00', occurrence) > occurrence).toBe(true);
  });

  it('makes the nth weekday of the month a monthly rule, and every N weeks anchored', () => {
    expect(roundRecurrence({ cadence: 'monthly', everyWeeks: 1, weekday: 'tu', nth: -1, time: '10:30' }, new Date())).toEqual({ kind: 'monthly-nth-weekday', nth: -1, weekday: 'tu', time: '10:30', timeZone: FORMING_ZONE });
    expect(roundRecurrence({ cadence: 'weekly', everyWeeks: 2, weekday: 'we', nth: 1, time: '09:00' }, new Date('2026-12-01T12:00:00Z'))).toMatchObject({ interval: 2, anchor: '2026-12-02' });
  });

  it('reads working hours on the date in minutes after its UTC midnight, DST included', () => {
    expect(workingDayOn('2026-12-07', 'Europe/London', 540, 1020)).toEqual({ start: 540, end: 1020 });
    expect(workingDayOn('2026-07-06', 'Europe/London', 540, 1020)).toEqual({ start: 480, end: 960 });
    expect(workingDayOn('2026-12-07', 'America/New_York', 540, 1020)).toEqual({ start: 840, end: 1320 });
    expect(workingDayOn('2026-12-07', 'Asia/Tokyo', 540, 1440)).toEqual({ start: 0, end: 900 });
  });

  it("sends at the shared zone's local time, else at the member-local time inside most members' hours", () => {
    const london = { timeZone: 'Europe/London', workingDay: workingDayOn('2026-12-07', 'Europe/London', 540, 1020) };
    const alsoLondon = { ...london };
    const newYork = { timeZone: 'America/New_York', workingDay: workingDayOn('2026-12-07', 'America/New_York', 540, 1020) };
    const tokyo = { timeZone: 'Asia/Tokyo', workingDay: workingDayOn('2026-12-07', 'Asia/Tokyo', 540, 1020) };
    const before = new Date('2026-12-06T19:00:00Z');
    expect(groupSendAt([london, alsoLondon], '2026-12-07', '09:00', before).toISOString()).toBe('2026-12-07T09:00:00.000Z');
    // 09:00 in London is 04:00 in New York; 09:00 in New York (14:00 UTC) is inside both days.
    expect(groupSendAt([london, newYork], '2026-12-07', '09:00', before).toISOString()).toBe('2026-12-07T14:00:00.000Z');
    // London and Tokyo share no working hour: 09:00 Tokyo (00:00 UTC) and 09:00 London each suit one; the earlier wins.
    expect(groupSendAt([london, tokyo], '2026-12-07', '09:00', before).toISOString()).toBe('2026-12-07T00:00:00.000Z');
    // Never in the past.
    const late = new Date('2026-12-07T10:00:00Z');
    expect(groupSendAt([london], '2026-12-07', '09:00', late)).toEqual(late);
  });
});
