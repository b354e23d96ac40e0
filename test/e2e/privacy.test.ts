import { HealthMetrics } from '../../src/rituals/health/health.metrics';
import { ManualClock } from '../../src/scheduler/clock';
import { eventFormValues, moveClock } from '../support/event-form';
import { guildReply, useHarness } from '../support/guild-harness';

/**
 * `/guild my-data` and `/guild forget-me` over the local Slack: Alan takes part (coffee, an
 * avoid list, an event he goes to), downloads his data, then erases it. Afterwards no table holds
 * his Slack id or name, and the month's participation still counts him, anonymously.
 */
describe('my data and forget me', () => {
  const clock = new ManualClock('2026-12-07T08:00:00Z');
  const h = useHarness('http', { clock });

  /** Every text, array and JSON cell of every table that mentions `needle` (checked independently of Guild's own search). */
  async function mentions(needle: string): Promise<string[]> {
    const columns = await h.db.prisma.$queryRawUnsafe<{ t: string; c: string }[]>(
      `SELECT table_name AS t, column_name AS c FROM information_schema.columns WHERE table_schema = current_schema() AND data_type IN ('text', 'ARRAY', 'jsonb', 'json', 'character varying') AND table_name <> '_prisma_migrations'`,
    );
    const found: string[] = [];
    for (const { t, c } of columns) {
      const rows = await h.db.prisma.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM "${t}" WHERE strpos("${c}"::text, $1) > 0`, needle);
      if (rows[0]!.n > 0) found.push(`${t}.${c}`);
    }
    return found;
  }

  it('sends a person their data, then forgets them everywhere while the totals still add up', async () => {
    const { ada, alan, grace } = h.users;
    await guildReply(h, ada, 'setup');
    for (const person of [alan, grace]) await guildReply(h, person, 'join');
    await guildReply(h, alan, 'coffee join');
    await guildReply(h, alan, `coffee avoid <@${grace.id}>`);
    const before = h.slack.views(ada.id).length;
    await h.driver.command({ user: ada, channel: h.channel, command: '/guild', text: 'event' });
    const form = await h.slack.waitFor(() => h.slack.views(ada.id).length > before && h.slack.views(ada.id).at(-1));
    await h.driver.submitView({ user: ada, viewId: form.id, values: eventFormValues({ kind: 'talk', title: 'Privacy by design', startDate: '2026-12-07', startTime: '10:00', timeZone: 'UTC' }) });
    const announcement = await h.slack.waitFor(() => h.slack.messages(h.channel.id).find((m) => m.text.includes('Privacy by design')), { description: 'the announcement' });
    await h.driver.blockAction({ user: alan, channel: { id: announcement.channel }, messageTs: announcement.ts, actionId: 'event_rsvp_going' });
    await h.slack.waitFor(() => h.slack.ephemerals({ user: alan.id }).find((e) => e.text.startsWith("You're going")));
    await moveClock(clock, '2026-12-07T12:00:00Z');
    const community = await h.db.prisma.community.findFirstOrThrow();
    const metrics = new HealthMetrics(h.db.prisma);
    const counted = await metrics.dashboard(community.id, { now: clock.now(), months: 1 });
    expect(counted.months[0]!.participants).toBe(1);

    await guildReply(h, alan, 'my-data');
    const file = await h.slack.waitFor(() => h.slack.files().find((f) => f.name === 'my-guild-data.json'), { description: 'the data file' });
    const data = JSON.parse(file.content.toString('utf8')) as Record<string, unknown[]>;
    expect(Object.keys(data)).toEqual(expect.arrayContaining(['Person', 'Membership', 'CoffeeAvoid', 'EventRsvp']));
    expect(await mentions(alan.id)).not.toEqual([]);

    // Someone else's confirmation button does nothing for them; Alan's own erases his data.
    await h.driver.command({ user: alan, channel: h.channel, command: '/guild', text: 'forget-me' });
    const confirm = await h.slack.waitFor(() => h.slack.ephemerals({ user: alan.id }).find((e) => e.text === 'Erase your data from Guild?'), { description: 'the confirmation' });
    await h.driver.blockAction({ user: alan, channel: h.channel, messageTs: confirm.ts, actionId: 'privacy_forget_me' });
    await h.slack.waitFor(() => h.slack.ephemerals({ user: alan.id }).find((e) => e.text.startsWith('Done: your data is erased')), { description: 'the erasure confirmed' });
    expect(await mentions(alan.id)).toEqual([]);
    expect(await mentions(alan.realName ?? 'Alan Turing')).toEqual([]);
    const after = await metrics.dashboard(community.id, { now: clock.now(), months: 1 });
    // What he took part in still counts; he is no longer a member.
    expect(after.months[0]).toEqual({ ...counted.months[0], members: counted.months[0]!.members - 1, left: counted.months[0]!.left + 1 });
    expect(await h.db.prisma.coffeeAvoid.count()).toBe(0);
  }, 60_000);
});
