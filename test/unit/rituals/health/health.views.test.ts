import type { HealthDashboard, MonthMetrics } from '../../../../src/rituals/health/health.metrics';
import { healthCsv, healthMessage, homeBlocks, sparkline } from '../../../../src/rituals/health/health.views';

const month = (key: string, over: Partial<MonthMetrics> = {}): MonthMetrics => ({
  month: key, members: 10, joined: 1, left: 0, participants: 4, newParticipants: 1, returningParticipants: 3, retros: 1, retroParticipantsAverage: 5,
  coffeeGroupsAsked: 4, coffeeGroupsMet: 3, coffeeConnections: 3, activeMentorships: 2, eventsHeld: 1, rsvpGoing: 6, attended: 3, pollsClosed: 2, pollVoters: 6, ...over,
});
const dashboard = (over: Partial<HealthDashboard> = {}): HealthDashboard => ({
  communityId: 1, timeZone: 'Europe/London', months: [month('2026-11', { participants: 2, members: 9 }), month('2026-12')],
  skills: [{ topic: '=cmd()', mentors: 0, learners: 2 }, { topic: 'CSS', mentors: 1, learners: 1 }], quiet: { weeks: 8, count: 3, personIds: ['U0A', 'U0B'] }, ...over,
});

describe('health views', () => {
  it('draws a trend as bars scaled to the busiest month', () => {
    expect(sparkline([0, 4, 8])).toBe('▁▄█');
    expect(sparkline([0, 0])).toBe('▁▁');
  });

  it('compares this month with the last, names skills gaps (escaped) and the quiet members', () => {
    const text = JSON.stringify(healthMessage('Design <team>', dashboard()).blocks);
    expect(text).toContain('Health of Design &lt;team&gt;, 2026-12 so far');
    expect(text).toContain('*Members:* 10 (+1 on 2026-11)');
    expect(text).toContain('4 (40% of members) (+2 on 2026-11)');
    expect(text).toContain('3 of 4 asked met (75%)');
    expect(text).toContain('No mentor yet for: =cmd()');
    expect(text).toContain('2 closed, 3.0 voters each (turnout 30%)');
    expect(text).toContain('<@U0A> <@U0B> and 1 more');
  });

  it('writes CSV whose cells a spreadsheet cannot run, full-width signs included', () => {
    const csv = healthCsv(dashboard({ skills: [{ topic: '=HYPERLINK("x")', mentors: 0, learners: 1 }, { topic: '＝1+1', mentors: 0, learners: 0 }] }));
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('month,members,joined,left,participants,new_participants,returning_participants,retros,retro_participants_average,coffee_groups_asked,coffee_groups_met,coffee_connections,active_mentorships,events_held,rsvp_going,attended,polls_closed,poll_voters');
    expect(lines[2]).toBe('2026-12,10,1,0,4,1,3,1,5.00,4,3,3,2,1,6,3,2,6');
    expect(csv).toContain(`"'=HYPERLINK(""x"")",0,1`);
    expect(csv).toContain("'＝1+1,0,0");
  });

  it('shows organisers a line per community on the Home, and nothing to others', () => {
    expect(homeBlocks([])).toEqual([]);
    expect(JSON.stringify(homeBlocks([{ name: 'Design', dashboard: dashboard() }]))).toContain('4 of 10 took part this month');
  });
});
