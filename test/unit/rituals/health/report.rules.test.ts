import type { MonthMetrics } from '../../../../src/rituals/health/health.metrics';
import { isQuietMonth, monthEnd, nextMonth, nextPlannedMonth, planAt, sendAt, snoozeHold } from '../../../../src/rituals/health/report.rules';

const quiet: MonthMetrics = {
  month: '2026-11', members: 4, joined: 0, left: 0, participants: 0, newParticipants: 0, returningParticipants: 0, retros: 0, retroParticipantsAverage: 0,
  coffeeGroupsAsked: 0, coffeeGroupsMet: 0, coffeeConnections: 0, activeMentorships: 2, eventsHeld: 0, rsvpGoing: 0, attended: 0, pollsClosed: 0, pollVoters: 0,
};

describe('monthly report timing', () => {
  it('plans a month before its next 1st begins in the earliest zone, and arms the next plan after now', () => {
    expect(planAt('2026-12')).toEqual(new Date('2026-12-31T10:00:00Z'));
    expect(planAt('2027-02')).toEqual(new Date('2027-02-28T10:00:00Z'));
    expect(nextMonth('2026-12')).toBe('2027-01');
    expect(nextPlannedMonth(new Date('2026-12-31T09:59:59Z'))).toBe('2026-12');
    expect(nextPlannedMonth(new Date('2026-12-31T10:00:00Z'))).toBe('2027-01');
    expect(nextPlannedMonth(new Date('2026-12-05T00:00:00Z'))).toBe('2026-12');
  });

  it("sends at 09:00 on the 1st in the organiser's zone, never before the community's month ended", () => {
    expect(sendAt('2026-12', 'Europe/London', 'Europe/London')).toEqual(new Date('2027-01-01T09:00:00Z'));
    expect(sendAt('2026-12', 'America/Los_Angeles', 'Europe/London')).toEqual(new Date('2027-01-01T17:00:00Z'));
    // Summer time: 09:00 BST is 08:00 UTC.
    expect(sendAt('2027-06', 'Europe/London', 'UTC')).toEqual(new Date('2027-07-01T08:00:00Z'));
    // Kiritimati's 09:00 comes before Los Angeles' December is over: at its end, then.
    expect(sendAt('2026-12', 'Pacific/Kiritimati', 'America/Los_Angeles')).toEqual(new Date('2027-01-01T08:00:00Z'));
    expect(monthEnd('2026-02', 'UTC')).toEqual(new Date('2026-02-28T23:59:59.999Z'));
  });

  it('holds a report for a snooze that ends before the next one, and skips it for a longer snooze', () => {
    const now = new Date('2027-01-01T09:00:00Z');
    expect(snoozeHold(null, '2026-12', 'Europe/London', 'UTC', now)).toBe('send');
    expect(snoozeHold(new Date('2027-01-01'), '2026-12', 'Europe/London', 'UTC', now)).toBe('send');
    expect(snoozeHold(new Date('2027-01-10'), '2026-12', 'Europe/London', 'UTC', now)).toEqual(new Date('2027-01-10T09:00:00Z'));
    expect(snoozeHold(new Date('2027-01-10'), '2026-12', 'Asia/Tokyo', 'UTC', now)).toEqual(new Date('2027-01-10T00:00:00Z'));
    expect(snoozeHold(new Date('2027-02-01'), '2026-12', 'Europe/London', 'UTC', now)).toBe('skip');
    expect(snoozeHold(new Date('2027-01-31'), '2026-12', 'Europe/London', 'UTC', now)).toEqual(new Date('2027-01-31T09:00:00Z'));
  });

  it('calls a month quiet only when nothing at all happened (ongoing mentorships are not activity)', () => {
    expect(isQuietMonth(quiet)).toBe(true);
    for (const field of ['participants', 'joined', 'left', 'retros', 'coffeeGroupsAsked', 'eventsHeld', 'pollsClosed'] as const) expect(isQuietMonth({ ...quiet, [field]: 1 })).toBe(false);
  });
});
