import { guildReply, useHarness, type Transport } from '../support/guild-harness';

describe.each<Transport>(['http', 'socket'])('/guild over %s', (transport) => {
  const h = useHarness(transport);

  const guild = (user: { id: string }, text: string, channel: { id: string } = h.channel) =>
    h.driver.command({ user, channel, command: '/guild', text });
  /** The last ephemeral text the user saw in a channel. */
  const lastEphemeral = async (user: { id: string }, channel: { id: string } = h.channel) =>
    (await h.slack.waitFor(() => h.slack.ephemerals({ user: user.id, channel: channel.id }).at(-1))).text;

  it('answers help, and an empty command, with every command of Guild and of every ritual', async () => {
    for (const text of ['help', '']) {
      const result = await guild(h.users.ada, text);
      expect(result.failed).toBe(false);
      const seen = await lastEphemeral(h.users.ada);
      // The fallback text names the topics; the card (the blocks) lists every command under its topic.
      expect(seen).toBe(`Guild commands, by topic: community, ${h.guild.help.map((t) => t.topic).join(', ')}. \`/guild help &lt;topic&gt;\` explains one.`);
      const blocks = h.slack.ephemerals({ user: h.users.ada.id, channel: h.channel.id }).at(-1)?.blocks ?? [];
      const card = JSON.stringify(blocks);
      for (const command of ['setup', 'join', 'leave', 'profile', 'organisers add', 'topics add']) expect(card).toContain(`/guild ${command}`);
      // Every ritual's commands, from its own help entries, under the ritual's title.
      for (const topic of h.guild.help) {
        expect(card).toContain(`*${topic.title}*  \`/guild help ${topic.topic}\``);
        for (const entry of topic.entries) expect(card).toContain(JSON.stringify(`\`${entry.usage.replace(/</g, '&lt;').replace(/>/g, '&gt;')}\``).slice(1, -1));
      }
      // The answer people get most stays light: one-byte text (half the bytes to serialise), a few blocks.
      expect(card).toMatch(/^[\u0000-\u00ff]*$/);
      expect(blocks.length).toBeLessThanOrEqual(h.guild.help.length + 3);
    }
  });

  it('answers help on one topic with each command, what it does and an example', async () => {
    await guild(h.users.ada, 'help retro');
    const card = JSON.stringify(h.slack.ephemerals({ user: h.users.ada.id, channel: h.channel.id }).at(-1)?.blocks);
    expect(card).toContain('"text":"Retrospectives"');
    for (const example of ['/retro Sprint 42', '/retro history 2', '/retro schedule']) expect(card).toContain(`_e.g._ \`${example}\``);
    // The first word of a command leads to its topic too: `/guild pulse` is part of health.
    await guild(h.users.ada, 'help pulse');
    expect(JSON.stringify(h.slack.ephemerals({ user: h.users.ada.id, channel: h.channel.id }).at(-1)?.blocks)).toContain('"text":"Community health"');
    await guild(h.users.ada, 'help setup');
    expect(JSON.stringify(h.slack.ephemerals({ user: h.users.ada.id, channel: h.channel.id }).at(-1)?.blocks)).toContain('_e.g._ `/guild setup Design guild`');
  });

  it('answers an unknown subcommand with the problem and where the help is, not silence nor the whole help', async () => {
    await guild(h.users.ada, 'dance now');
    const seen = await lastEphemeral(h.users.ada);
    expect(seen).toBe("I don't know `/guild dance`.\n`/guild help` lists every command.");
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

describe.each<Transport>(['http', 'socket'])('membership, organisers and topics over %s', (transport) => {
  const h = useHarness(transport);
  beforeEach(async () => {
    await guild(h.users.ada, 'setup');
    await h.slack.waitFor(() => h.slack.messages(h.channel.id).length > 0);
  });

  const guild = (user: { id: string }, text: string) => h.driver.command({ user, channel: h.channel, command: '/guild', text });
  const reply = (user: { id: string }, text: string) => guildReply(h, user, text);
  const roles = async () =>
    Object.fromEntries(
      (await h.db.prisma.membership.findMany({ where: { leftAt: null } })).map((m) => [m.personId, m.role]),
    );

  it('lets people join and leave, with clear answers for repeats and non-members', async () => {
    expect(await reply(h.users.grace, 'join')).toMatch(/Welcome to \*design\*/);
    expect(await reply(h.users.grace, 'join')).toMatch(/already a member/);
    expect(await roles()).toEqual({ [h.users.ada.id]: 'organiser', [h.users.grace.id]: 'member' });
    expect(await reply(h.users.grace, 'leave')).toMatch(/You have left \*design\*/);
    expect(await reply(h.users.grace, 'leave')).toMatch(/not a member.*\/guild join/);
    expect(await reply(h.users.alan, 'leave')).toMatch(/not a member/);
    expect(await roles()).toEqual({ [h.users.ada.id]: 'organiser' });
    expect(await reply(h.users.grace, 'join')).toMatch(/Welcome/);
  });

  it('keeps at least one organiser', async () => {
    expect(await reply(h.users.ada, 'leave')).toMatch(/only organiser/);
    expect(await reply(h.users.ada, `organisers remove <@${h.users.ada.id}|ada>`)).toMatch(/at least one organiser/);
    expect(await roles()).toEqual({ [h.users.ada.id]: 'organiser' });
  });

  it('lets organisers, and only organisers, share the role', async () => {
    const refused = await reply(h.users.grace, `organisers add <@${h.users.grace.id}|grace>`);
    expect(refused).toMatch(/Only this community's organisers can add organisers/);
    expect(await roles()).toEqual({ [h.users.ada.id]: 'organiser' });

    expect(await reply(h.users.ada, `organisers add <@${h.users.grace.id}|grace>`)).toMatch(/is now an organiser/);
    expect(await roles()).toEqual({ [h.users.ada.id]: 'organiser', [h.users.grace.id]: 'organiser' });
    expect(await reply(h.users.alan, 'organisers')).toContain(`<@${h.users.ada.id}>, <@${h.users.grace.id}>`);

    expect(await reply(h.users.alan, `organisers remove <@${h.users.ada.id}>`)).toMatch(/Only this community's organisers/);
    expect(await reply(h.users.grace, `organisers remove <@${h.users.ada.id}>`)).toMatch(/no longer an organiser/);
    expect(await roles()).toEqual({ [h.users.ada.id]: 'member', [h.users.grace.id]: 'organiser' });
  });

  it('refuses deleted accounts, bots and unknown people as organisers, and deactivates the deleted', async () => {
    const gone = h.slack.addUser({ name: 'gone', tz: 'UTC' });
    await guild(gone, 'join');
    await h.slack.waitFor(() => h.slack.ephemerals({ user: gone.id }).length > 0);
    h.slack.deleteUser(gone.id);
    expect(await reply(h.users.ada, `organisers add <@${gone.id}|gone>`)).toMatch(/has been deactivated/);
    expect((await h.db.prisma.person.findUniqueOrThrow({ where: { id: gone.id } })).deactivatedAt).not.toBeNull();

    const bot = h.slack.addUser({ name: 'robot', isBot: true });
    expect(await reply(h.users.ada, `organisers add <@${bot.id}>`)).toMatch(/Bots and apps cannot be organisers/);
    expect(await reply(h.users.ada, 'organisers add <@U0NOBODY99>')).toMatch(/Slack does not know that person/);
    expect(await reply(h.users.ada, 'organisers add @grace')).toMatch(/plain text "@grace"/);
    expect(await roles()).toEqual({ [h.users.ada.id]: 'organiser', [gone.id]: 'member' });
  });

  it('lets organisers define topics, case-insensitively and within limits', async () => {
    expect(await reply(h.users.ada, 'topics')).toMatch(/no topics yet/);
    expect(await reply(h.users.ada, 'topics add Accessibility, design systems, accessibility')).toBe('Added *Accessibility*, *design systems*.');
    expect(await reply(h.users.ada, 'topics add ACCESSIBILITY, research')).toBe('Added *research*. Already there: ACCESSIBILITY.');
    expect(await reply(h.users.grace, 'topics add kotlin')).toMatch(/Only this community's organisers can change topics/);
    expect(await reply(h.users.ada, `topics add ${'x'.repeat(41)}`)).toMatch(/at most 40 characters/);
    expect(await reply(h.users.grace, 'topics')).toBe('Topics of *design*: Accessibility, design systems, research.');
    expect(await reply(h.users.ada, 'topics remove Design Systems')).toMatch(/Removed the topic \*design systems\*/);
    expect(await reply(h.users.ada, 'topics remove design systems')).toMatch(/no topic called "design systems"/);
    expect(await h.db.prisma.topic.count()).toBe(2);
  });

  it('answers commands in a channel that is not a community', async () => {
    const other = h.slack.addChannel({ name: 'random', members: [h.users.grace.id] });
    await h.driver.command({ user: h.users.grace, channel: other, command: '/guild', text: 'join' });
    const seen = await h.slack.waitFor(() => h.slack.ephemerals({ user: h.users.grace.id, channel: other.id }).at(-1));
    expect(seen.text).toMatch(/not a Guild community yet.*\/guild setup/);
  });
});
