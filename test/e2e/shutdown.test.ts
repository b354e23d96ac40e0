import { startHarness, type Harness } from '../support/guild-harness';

describe('graceful shutdown', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('http');
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('finishes work in flight before stopping, and stops taking new work', async () => {
    // Slow Slack: /guild setup's users.info call takes 600 ms, after the command was acknowledged.
    h.slack.faults.set({ method: 'users.info', delayMs: 600 });
    const acked = await h.driver.command({ user: h.users.ada, channel: h.channel, command: '/guild', text: 'setup' });
    expect(acked.status).toBe(200);
    expect(h.slack.messages(h.channel.id)).toHaveLength(0); // the work is still in flight

    const startedAt = Date.now();
    await h.guild.stop();
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(300);
    expect(h.slack.messages(h.channel.id).map((m) => m.text)).toEqual([expect.stringContaining('is now the *design* community')]);
    expect(await h.db.prisma.community.count()).toBe(1);

    const refused = await h.driver.command({ user: h.users.grace, channel: h.channel, command: '/guild', text: 'join' });
    expect(refused.failed).toBe(true);
    h.slack.faults.clear();
    await h.restart();
  });
});
