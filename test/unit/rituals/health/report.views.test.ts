import type { KnownBlock } from '@slack/types';
import type { HealthDashboard, MonthMetrics } from '../../../../src/rituals/health/health.metrics';
import { parseReportCommand } from '../../../../src/rituals/health/report.command';
import type { HealthReports } from '../../../../src/rituals/health/report.service';
import { reportMessage } from '../../../../src/rituals/health/report.views';

const month = (key: string, over: Partial<MonthMetrics> = {}): MonthMetrics => ({
  month: key, members: 10, joined: 1, left: 0, participants: 4, newParticipants: 1, returningParticipants: 3, retros: 1, retroParticipantsAverage: 5,
  coffeeGroupsAsked: 4, coffeeGroupsMet: 3, coffeeConnections: 3, activeMentorships: 2, eventsHeld: 1, rsvpGoing: 6, attended: 3, pollsClosed: 2, pollVoters: 6, ...over,
});
const nothing = { joined: 0, left: 0, participants: 0, newParticipants: 0, returningParticipants: 0, retros: 0, coffeeGroupsAsked: 0, coffeeGroupsMet: 0, coffeeConnections: 0, eventsHeld: 0, rsvpGoing: 0, attended: 0, pollsClosed: 0, pollVoters: 0 };
const dashboard = (last: MonthMetrics, over: Partial<HealthDashboard> = {}): HealthDashboard => ({
  communityId: 1, timeZone: 'UTC', months: [month('2026-10'), last], skills: [], quiet: { weeks: 8, count: 0, personIds: [] }, ...over,
});
const texts = (blocks: KnownBlock[]) => JSON.stringify(blocks);
const URL = 'https://guild.example/health/1/2026-11.png?sig=abc';

describe('the monthly report DM', () => {
  it("shows last month as /guild health does, escaped, with the chart image and the channel's hint", () => {
    const { text, blocks } = reportMessage({ communityName: '<!channel> *Design* & co', channelId: 'C0DESIGN', dashboard: dashboard(month('2026-11')), chartUrl: URL });
    expect(text).toBe('Monthly report: 4 of 10 members of &lt;!channel&gt; *Design* &amp; co took part in 2026-11.');
    expect(texts(blocks)).toContain('*Health of &lt;!channel&gt; *Design* &amp; co in 2026-11*');
    // Mrkdwn never carries the name live (the image's alt text is plain text).
    const sections = texts(blocks.filter((b) => b.type === 'section'));
    expect(sections).not.toContain('<!channel>');
    expect(sections).not.toContain('so far');
    const image = blocks.find((b) => b.type === 'image');
    expect(image).toMatchObject({ type: 'image', image_url: URL, alt_text: expect.stringContaining('<!channel> *Design* & co') });
    expect(texts(blocks.filter((b) => b.type === 'context'))).toContain('In <#C0DESIGN>: `/guild health` shows this month so far, `/guild health csv` sends these figures as a file, and `/guild health report off` stops this monthly report for you.');
  });

  it('has no image block when Guild has no public address for the chart', () => {
    expect(reportMessage({ communityName: 'Design', channelId: 'C0DESIGN', dashboard: dashboard(month('2026-11')) }).blocks.some((b) => b.type === 'image')).toBe(false);
  });

  it('says "quiet month" in one short section when nothing happened', () => {
    const { text, blocks } = reportMessage({ communityName: 'Books <b>', channelId: 'C0BOOKS', dashboard: dashboard(month('2026-11', { ...nothing, members: 1, activeMentorships: 1 })), chartUrl: URL });
    expect(text).toBe('Monthly report: Books &lt;b&gt; had a quiet month in 2026-11.');
    expect(blocks.map((b) => b.type)).toEqual(['section', 'context']);
    expect(texts(blocks)).toContain('*Books &lt;b&gt;* had a quiet month in 2026-11: no retro, coffee round, event or poll, and nobody joined, left or took part. 1 member; 1 mentorship went on.');
  });

  it("keeps within Slack's limits with the longest name, many topics and many quiet members", () => {
    const long = '&'.repeat(500) + '😀'.repeat(300);
    const skills = Array.from({ length: 400 }, (_, i) => ({ topic: `<topic ${i}> ${'x'.repeat(60)}`, mentors: 0, learners: 2 }));
    const personIds = Array.from({ length: 50 }, (_, i) => `U0${String(i).padStart(9, '0')}`);
    const { text, blocks } = reportMessage({ communityName: long, channelId: 'C0DESIGN', dashboard: dashboard(month('2026-11'), { skills, quiet: { weeks: 8, count: 900, personIds } }), chartUrl: URL });
    expect(blocks.length).toBeLessThanOrEqual(50);
    expect(text.length).toBeLessThanOrEqual(4000);
    for (const block of blocks) {
      if (block.type === 'section') expect(block.text!.text.length).toBeLessThanOrEqual(3000);
      if (block.type === 'image') expect(block.alt_text.length).toBeLessThanOrEqual(2000);
      if (block.type === 'context') for (const e of block.elements) expect('text' in e ? e.text.length : 0).toBeLessThanOrEqual(3000);
    }
    expect(texts(blocks)).toContain('and 850 more');
  });
});

describe('/guild health report', () => {
  const reports = {} as HealthReports;

  it('takes on, off (any case) or nothing, and refuses anything else clearly', () => {
    for (const words of [[], ['on'], ['OFF']]) expect(parseReportCommand(reports, words).ok).toBe(true);
    expect(parseReportCommand(reports, ['maybe'])).toEqual({ ok: false, problem: '`/guild health report` takes `on` or `off`, not "maybe".' });
    expect(parseReportCommand(reports, ['off', 'now'])).toEqual({ ok: false, problem: '`/guild health report` takes `on` or `off`, not "off now".' });
  });
});
