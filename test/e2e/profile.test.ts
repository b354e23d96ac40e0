import { guildReply, logged, useHarness, type Transport } from '../support/guild-harness';
import { eventually } from '../support/eventually';

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe.each<Transport>(['http', 'socket'])('/guild profile over %s', (transport) => {
  const h = useHarness(transport);
  beforeEach(async () => {
    await guildReply(h, h.users.ada, 'setup');
    await guildReply(h, h.users.ada, 'topics add Accessibility, Research');
    await guildReply(h, h.users.grace, 'join');
  });

  /** Opens the profile form for a user and returns the open view. */
  const openProfile = async (user: { id: string }, channel: { id: string } = h.channel) => {
    const result = await h.driver.command({ user, channel, command: '/guild', text: 'profile' });
    expect(result.failed).toBe(false);
    return h.slack.waitFor(() => h.slack.views(user.id).at(-1));
  };
  const topicIds = async () => Object.fromEntries((await h.db.prisma.topic.findMany()).map((t) => [t.name, String(t.id)]));
  const profileOf = (id: string) => h.db.prisma.person.findUniqueOrThrow({ where: { id }, include: { skills: { include: { topic: true } } } });

  it('opens a form with Slack\'s time zone and the community\'s topics, and saves it', async () => {
    const open = await openProfile(h.users.grace);
    const blocks = open.view.blocks as { block_id?: string; element?: { initial_value?: string } }[];
    expect(blocks.find((b) => b.block_id === 'timeZone')?.element?.initial_value).toBe('America/New_York');
    const topics = await topicIds();
    expect(blocks.map((b) => b.block_id)).toEqual(expect.arrayContaining(['mentorTopics', 'learnTopics', `level_${topics.Accessibility}`, `level_${topics.Research}`]));

    const snooze = inDays(30);
    const result = await h.driver.submitView({
      user: h.users.grace,
      viewId: open.id,
      values: {
        timeZone: { value: 'Europe/Berlin' },
        workdayStart: { value: '08:30' },
        interests: { value: 'typography, service design' },
        snoozeUntil: { value: snooze },
        mentorTopics: { value: [topics.Accessibility!] },
        learnTopics: { value: [topics.Research!] },
        [`level_${topics.Accessibility}`]: { value: '4' },
      },
    });
    expect(result.failed).toBe(false);
    expect(h.slack.views(h.users.grace.id)).toHaveLength(0);
    const person = await eventually(async () => {
      const p = await profileOf(h.users.grace.id);
      return p.timeZone ? p : undefined;
    });
    expect(person).toMatchObject({ timeZone: 'Europe/Berlin', slackTimeZone: 'America/New_York', workdayStart: 510, workdayEnd: 1020, interests: ['typography', 'service design'] });
    expect(person.snoozedUntil?.toISOString().slice(0, 10)).toBe(snooze);
    expect(person.skills.map((s) => [s.topic.name, s.level, s.canMentor, s.wantsToLearn]).sort()).toEqual([
      ['Accessibility', 4, true, false],
      ['Research', null, false, true],
    ]);

    // Reopening shows what was saved.
    const again = await openProfile(h.users.grace);
    const reopened = again.view.blocks as { block_id?: string; element?: { initial_value?: string; initial_date?: string; initial_options?: unknown[] } }[];
    expect(reopened.find((b) => b.block_id === 'timeZone')?.element?.initial_value).toBe('Europe/Berlin');
    expect(reopened.find((b) => b.block_id === 'snoozeUntil')?.element?.initial_date).toBe(snooze);
    expect(reopened.find((b) => b.block_id === 'mentorTopics')?.element?.initial_options).toHaveLength(1);
  });

  it('keeps the form open with an error beside each bad field, and saves nothing', async () => {
    const open = await openProfile(h.users.grace);
    const topics = await topicIds();
    const result = await h.driver.submitView({
      user: h.users.grace,
      viewId: open.id,
      values: {
        timeZone: { value: 'Mars/Olympus_Mons' },
        workdayEnd: { value: '09:00' },
        snoozeUntil: { value: inDays(-1) },
        mentorTopics: { value: [topics.Research!] },
        learnTopics: { value: [topics.Research!] },
      },
    });
    expect(result.body).toMatchObject({ response_action: 'errors' });
    const [view] = h.slack.views(h.users.grace.id);
    expect(view?.errors).toEqual({
      timeZone: expect.stringMatching(/not a time zone I know/),
      workdayEnd: expect.stringMatching(/different time/),
      snoozeUntil: expect.stringMatching(/after today/),
      learnTopics: expect.stringMatching(/not both/),
    });
    const person = await profileOf(h.users.grace.id);
    expect(person).toMatchObject({ timeZone: null, workdayEnd: 1020, snoozedUntil: null, skills: [] });
  });

  it('saves a form submitted twice at once only once', async () => {
    const open = await openProfile(h.users.grace);
    const values = { interests: { value: 'pairing' } };
    const results = await Promise.all([
      h.driver.submitView({ user: h.users.grace, viewId: open.id, values }),
      h.driver.submitView({ user: h.users.grace, viewId: open.id, values }),
    ]);
    expect(results.every((r) => !r.failed)).toBe(true);
    await eventually(async () => ((await profileOf(h.users.grace.id)).interests.length ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(logged(h, 'profile saved')).toHaveLength(1);
    expect(await h.db.prisma.processedDelivery.count({ where: { key: `profile:${open.id}` } })).toBe(1);
  });

  it('tells a non-member how to choose topics, and still saves the rest', async () => {
    const open = await openProfile(h.users.alan);
    const blocks = open.view.blocks as { block_id?: string; type: string; elements?: { text: string }[] }[];
    expect(blocks.some((b) => b.block_id === 'mentorTopics')).toBe(false);
    expect(blocks.find((b) => b.type === 'context')?.elements?.[0]?.text).toMatch(/Join a community with `\/guild join`/);
    await h.driver.submitView({ user: h.users.alan, viewId: open.id, values: { workdayStart: { value: '07:00' } } });
    expect(await eventually(async () => ((await profileOf(h.users.alan.id)).workdayStart === 420 ? true : undefined))).toBe(true);
  });

  it('opens the profile from a direct message for someone in one community', async () => {
    const dm = await h.openDm(h.users.grace.id);
    const open = await openProfile(h.users.grace, { id: dm });
    expect((open.view.blocks as { block_id?: string }[]).some((b) => b.block_id === 'mentorTopics')).toBe(true);
  });
});
