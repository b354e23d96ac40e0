import { DateTime } from 'luxon';
import { PNG } from 'pngjs';
import type { KnownBlock } from '@slack/types';
import { ManualClock } from '../../src/scheduler/clock';
import { eventually } from '../support/eventually';
import { guildReply, useHarness } from '../support/guild-harness';

/**
 * The monthly health report over the local Slack with the real Guild and its scheduler: Ada
 * (London) and Grace (New York) organise #design and each get last month's report on the 1st at
 * 09:00 their time, once, with the trend chart as an image Guild serves; Alan, an organiser who
 * turned it off, and Margaret, a member, get none. The month is the one running now (communities
 * are stamped by the database's clock), its plan just ahead.
 */
describe('the monthly health report end to end', () => {
  const month = DateTime.utc().plus({ days: 2 }).startOf('month');
  const planAt = month.plus({ months: 1 }).minus({ hours: 14 });
  const nineIn = (zone: string) => month.plus({ months: 1 }).setZone(zone, { keepLocalTime: true }).set({ hour: 9 });
  const clock = new ManualClock(planAt.minus({ hours: 1 }).toJSDate());
  const h = useHarness('http', { clock });

  const reportsTo = (userId: string) => h.slack.dms(userId).filter((m) => m.text.startsWith('Monthly report:'));
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it("DMs each organiser last month's report at 09:00 their time, once, with a chart that is a PNG", async () => {
    // Guild arms the month's plan when it starts: restarted here, after the harness emptied the database.
    await h.guild.stop();
    await h.restart();
    const { ada, grace, alan, margaret } = h.users;
    await guildReply(h, ada, 'setup Design guild');
    for (const person of [grace, alan, margaret]) await guildReply(h, person, 'join');
    for (const person of [grace, alan]) expect(await guildReply(h, ada, `organisers add <@${person.id}|${person.name}>`)).toMatch(/organiser/);
    expect(await guildReply(h, alan, 'health report maybe')).toMatch(/^`\/guild health report` takes `on` or `off`, not "maybe"\./);
    expect(await guildReply(h, margaret, 'health report off')).toMatch(/Only this community's organisers can turn the monthly health report off/);
    expect(await guildReply(h, alan, 'health report off')).toBe('The monthly health report of *Design guild* is off for you. The other organisers still get theirs; `/guild health report on` starts yours again.');
    expect(await guildReply(h, grace, 'health report')).toBe('You get the monthly health report of *Design guild* by DM on the 1st at 09:00 your time. `/guild health report off` stops it.');

    // The plan: one send per organiser, each at their own 09:00.
    clock.set(planAt.plus({ seconds: 1 }).toJSDate());
    const sends = await eventually(async () => {
      const jobs = await h.db.prisma.job.findMany({ where: { kind: 'health.report.send' }, select: { runAt: true, payload: true } });
      return jobs.length === 3 ? jobs : undefined;
    }, 15_000);
    const runAtOf = (userId: string) => sends.find((j) => (j.payload as { personId: string }).personId === userId)!.runAt.toISOString();
    expect(runAtOf(ada.id)).toBe(nineIn('Europe/London').toUTC().toISO());
    expect(runAtOf(grace.id)).toBe(nineIn('America/New_York').toUTC().toISO());

    clock.set(nineIn('Europe/London').minus({ minutes: 1 }).toJSDate());
    await pause(2500);
    expect(reportsTo(ada.id)).toHaveLength(0);

    clock.set(nineIn('Europe/London').plus({ seconds: 1 }).toJSDate());
    const [report] = await h.slack.waitFor(() => (reportsTo(ada.id).length ? reportsTo(ada.id) : undefined), { description: "Ada's monthly report", timeoutMs: 15_000 });
    expect(report!.text).toMatch(new RegExp(`^Monthly report: \\d+ of 4 members of Design guild took part in ${month.toFormat('yyyy-MM')}\\.$`));
    const blocks = report!.blocks as KnownBlock[];
    expect(JSON.stringify(blocks)).toContain(`*Health of Design guild in ${month.toFormat('yyyy-MM')}*`);
    expect(JSON.stringify(blocks)).toContain('`/guild health report off` stops this monthly report for you.');
    const imageUrl = blocks.flatMap((b) => (b.type === 'image' && 'image_url' in b ? [b.image_url] : []))[0] ?? '';
    expect(imageUrl).toMatch(new RegExp(`/health/\\d+/${month.toFormat('yyyy-MM')}\\.png\\?sig=`));
    const response = await fetch(imageUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    const png = PNG.sync.read(Buffer.from(await response.arrayBuffer()));
    expect(png.width).toBeGreaterThan(300);
    expect(png.height).toBeGreaterThan(150);
    expect(reportsTo(grace.id)).toHaveLength(0);

    clock.set(nineIn('America/New_York').plus({ seconds: 1 }).toJSDate());
    await h.slack.waitFor(() => (reportsTo(grace.id).length ? true : undefined), { description: "Grace's monthly report", timeoutMs: 15_000 });
    await pause(2500);
    expect(reportsTo(ada.id)).toHaveLength(1);
    expect(reportsTo(grace.id)).toHaveLength(1);
    expect(reportsTo(alan.id)).toHaveLength(0);
    expect(reportsTo(margaret.id)).toHaveLength(0);
    expect(await h.db.prisma.job.findFirst({ where: { key: `health:report-plan:${month.plus({ months: 1 }).toFormat('yyyy-MM')}` } })).toMatchObject({ status: 'pending' });
  }, 120_000);
});
