import { startHarness, type Harness, type Transport } from '../support/guild-harness';

describe.each<Transport>(['http', 'socket'])('/guild over %s', (transport) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(transport);
  });
  afterAll(async () => {
    await h?.stop();
  });
  beforeEach(async () => {
    await h.db.truncate();
    h.slack.resetRecords();
  });

  const guild = (user: { id: string }, text: string, channel: { id: string } = h.channel) =>
    h.driver.command({ user, channel, command: '/guild', text });
  /** The last ephemeral text the user saw in a channel. */
  const lastEphemeral = async (user: { id: string }, channel: { id: string } = h.channel) =>
    (await h.slack.waitFor(() => h.slack.ephemerals({ user: user.id, channel: channel.id }).at(-1))).text;

  it('answers help, and an empty command, with every command and an example', async () => {
    for (const text of ['help', '']) {
      const result = await guild(h.users.ada, text);
      expect(result.failed).toBe(false);
      const seen = await lastEphemeral(h.users.ada);
      expect(seen).toContain('Guild commands');
      for (const command of ['setup', 'join', 'leave', 'profile', 'organisers add', 'topics add']) expect(seen).toContain(`/guild ${command}`);
    }
  });

  it('answers an unknown subcommand with help, not silence', async () => {
    await guild(h.users.ada, 'dance now');
    const seen = await lastEphemeral(h.users.ada);
    expect(seen).toMatch(/I don't know `\/guild dance`/);
    expect(seen).toContain('Guild commands');
  });

  it('sets a channel up as a community with the caller as organiser, once', async () => {
    await guild(h.users.ada, 'setup Design guild');
    const announcement = await h.slack.waitFor(() => h.slack.messages(h.channel.id).find((m) => m.text.includes('Design guild')));
    expect(announcement.text).toContain(`organised by <@${h.users.ada.id}>`);
    const community = await h.db.prisma.community.findFirstOrThrow({ include: { memberships: true } });
    expect(community).toMatchObject({ name: 'Design guild', channelId: h.channel.id, timeZone: 'Europe/London' });
    expect(community.memberships).toEqual([expect.objectContaining({ personId: h.users.ada.id, role: 'organiser' })]);

    await guild(h.users.grace, 'setup');
    expect(await lastEphemeral(h.users.grace)).toMatch(/already the \*Design guild\* community/);
    expect(await h.db.prisma.community.count()).toBe(1);
  });

  it('refuses setup in a direct message', async () => {
    const dm = await h.openDm(h.users.ada.id);
    await guild(h.users.ada, 'setup', { id: dm });
    expect(await lastEphemeral(h.users.ada, { id: dm })).toMatch(/works in a channel/);
    expect(await h.db.prisma.community.count()).toBe(0);
  });
});
