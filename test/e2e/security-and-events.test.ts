import { guildReply, logged, startHarness, useHarness, type Harness, type Transport } from '../support/guild-harness';
import { eventually } from '../support/eventually';

describe('signed HTTP requests', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('http');
  });
  afterAll(async () => {
    await h?.stop();
  });

  it.each(['forged', 'stale', 'missing'] as const)('rejects a %s signature with 401 and does nothing', async (signature) => {
    h.slack.resetRecords();
    const result = await h.driver.command({ user: h.users.ada, channel: h.channel, command: '/guild', text: 'setup' }, { signature });
    expect(result.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await h.db.prisma.community.count()).toBe(0);
    expect(h.slack.messages(h.channel.id)).toHaveLength(0);
    expect(h.slack.ephemerals({ user: h.users.ada.id })).toHaveLength(0);
  });

  it('rejects a request stamped more than five minutes in the future, however well signed', async () => {
    h.slack.resetRecords();
    const inTenMinutes = Math.floor(Date.now() / 1000) + 600;
    const result = await h.driver.command({ user: h.users.ada, channel: h.channel, command: '/guild', text: 'setup' }, { timestamp: inTenMinutes });
    expect(result.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await h.db.prisma.community.count()).toBe(0);
    // A few seconds of clock skew is still fine.
    const skewed = await h.driver.command({ user: h.users.ada, channel: h.channel, command: '/guild', text: 'help' }, { timestamp: Math.floor(Date.now() / 1000) + 30 });
    expect(skewed.status).toBe(200);
  });

  it('answers Slack\'s URL verification', async () => {
    const result = await h.driver.urlVerification('challenge-token-42');
    expect(result.status).toBe(200);
    expect(JSON.stringify(result.body)).toContain('challenge-token-42');
  });

  it('serves /healthz, and /readyz while the database answers', async () => {
    const health = await fetch(`${h.guild.url}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${h.guild.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('never logs the bot token or the signing secret', () => {
    const all = JSON.stringify(h.logs);
    expect(all).not.toContain(h.slack.botToken);
    expect(all).not.toContain('e2e-signing-secret-3f9a0c');
  });
});

describe.each<Transport>(['http', 'socket'])('Slack events over %s', (transport) => {
  const h = useHarness(transport);
  beforeEach(async () => {
    await guildReply(h, h.users.ada, 'setup');
    await guildReply(h, h.users.grace, 'join');
  });

  const slackUser = (user: { id: string; name: string }, deleted: boolean) => ({ id: user.id, team_id: h.slack.team.id, name: user.name, deleted, is_bot: false, tz: 'UTC' });

  it('deactivates a deleted account once, however often the event is redelivered', async () => {
    const first = await h.driver.event({ type: 'user_change', user: slackUser(h.users.grace, true), event_ts: '1' });
    const retries = [
      await h.driver.redeliver(first.eventId!, { retryNum: 1, reason: 'http_timeout' }),
      await h.driver.redeliver(first.eventId!, { retryNum: 2, reason: 'http_timeout' }),
    ];
    expect([first, ...retries].map((r) => r.failed)).toEqual([false, false, false]);
    const person = await eventually(async () => {
      const p = await h.db.prisma.person.findUniqueOrThrow({ where: { id: h.users.grace.id } });
      return p.deactivatedAt ? p : undefined;
    });
    expect(person.deactivatedAt).toBeInstanceOf(Date);
    await new Promise((resolve) => setTimeout(resolve, 200)); // let the redeliveries' listeners finish
    expect(logged(h, 'person deactivated')).toHaveLength(1);
    expect(await h.db.prisma.processedDelivery.count({ where: { key: `event:${first.eventId}` } })).toBe(1);

    // A deactivated organiser no longer counts; a reactivation event brings them back.
    const organisers = () => guildReply(h, h.users.alan, 'organisers');
    await h.db.prisma.membership.updateMany({ where: { personId: h.users.grace.id }, data: { role: 'organiser' } });
    expect(await organisers()).toBe(`Organisers of *design*: <@${h.users.ada.id}>.`);
    await h.driver.event({ type: 'user_change', user: slackUser(h.users.grace, false), event_ts: '2' });
    await eventually(async () => ((await h.db.prisma.person.findUniqueOrThrow({ where: { id: h.users.grace.id } })).deactivatedAt === null ? true : undefined));
    expect(await organisers()).toBe(`Organisers of *design*: <@${h.users.ada.id}>, <@${h.users.grace.id}>.`);
  });

  it('invites someone who joins the community channel by DM, once despite redelivery', async () => {
    const first = await h.driver.event({ type: 'member_joined_channel', user: h.users.alan.id, channel: h.channel.id, channel_type: 'C', team: h.slack.team.id, event_ts: '3' });
    await h.driver.redeliver(first.eventId!, { retryNum: 1, reason: 'http_timeout' });
    const dm = await h.slack.waitFor(() => h.slack.dms(h.users.alan.id)[0]);
    expect(dm.text).toMatch(/Welcome to <#.*\*design\* community.*\/guild join/);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(h.slack.dms(h.users.alan.id)).toHaveLength(1);

    // Members who join the channel are not invited to what they already belong to.
    await h.driver.event({ type: 'member_joined_channel', user: h.users.grace.id, channel: h.channel.id, channel_type: 'C', team: h.slack.team.id, event_ts: '4' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Grace has her welcome DM from joining, and no invitation.
    expect(h.slack.dms(h.users.grace.id).filter((m) => m.text.includes('community of practice'))).toHaveLength(0);
  });
});
