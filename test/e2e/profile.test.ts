import { guildReply, logged, useHarness, type Transport } from '../support/guild-harness';
import { eventually } from '../support/eventually';
import { interestValue, PROFILE_ZONE_ACTION, zoneValue } from '../../src/community/profile.views';

type Block = { block_id?: string; type: string; element?: { initial_value?: string; initial_date?: string; initial_option?: { text: { text: string }; value: string }; initial_options?: { value: string }[]; options?: { value: string }[] }; elements?: { text: string }[] };
const zone = (name: string) => ({ [PROFILE_ZONE_ACTION]: zoneValue.encode({ zone: name }) });

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe.each<Transport>(['http', 'socket'])('/guild profile over %s', (transport) => {
  const h = useHarness(transport, { logLevel: 'debug' }); // 'profile saved' is a debug line
  beforeEach(async () => {
    await guildReply(h, h.users.ada, 'setup');
    await guildReply(h, h.users.ada, 'topics add Accessibility, Research');
    await guildReply(h, h.users.grace, 'join');
  });

  /** Opens the profile form for a user and returns the open view. */
  const openProfile = async (user: { id: string }, channel: { id: string } = h.channel) => {
    const before = new Set(h.slack.views(user.id).map((v) => v.id));
    const result = await h.driver.command({ user, channel, command: '/guild', text: 'profile' });
    expect(result.failed).toBe(false);
    // The new form, not one still open from before.
    return h.slack.waitFor(() => h.slack.views(user.id).find((v) => !before.has(v.id)));
  };
  const topicIds = async () => Object.fromEntries((await h.db.prisma.topic.findMany()).map((t) => [t.name, String(t.id)]));
  /** The zone every ritual uses for a person (CommunityService.timeZoneOf, local-time delivery): pinned, else Slack's. */
  const zoneInUse = async (id: string) => {
    const p = await h.db.prisma.person.findUniqueOrThrow({ where: { id } });
    return p.timeZone ?? p.slackTimeZone;
  };
  const profileOf = (id: string) => h.db.prisma.person.findUniqueOrThrow({ where: { id }, include: { skills: { include: { topic: true } } } });

  it('opens a form with Slack\'s time zone and the community\'s topics, and saves it', async () => {
    const open = await openProfile(h.users.grace);
    const blocks = open.view.blocks as Block[];
    expect(blocks.find((b) => b.block_id === 'timeZone')?.element?.initial_option).toEqual({
      text: { type: 'plain_text', text: expect.stringMatching(/^Use my Slack time zone \(New York, UTC−[45]\)$/) },
      value: 'slack',
    });
    expect(blocks.find((b) => b.type === 'context' && b.elements?.[0]?.text.startsWith('Levels match mentors'))).toBeDefined();
    const topics = await topicIds();
    expect(blocks.map((b) => b.block_id)).toEqual(expect.arrayContaining(['mentorTopics', 'learnTopics', `level_${topics.Accessibility}`, `level_${topics.Research}`]));

    const snooze = inDays(30);
    const result = await h.driver.submitView({
      user: h.users.grace,
      viewId: open.id,
      values: {
        timeZone: zone('Europe/Berlin'),
        workdayStart: { value: '08:30' },
        newInterests: { value: 'typography, service design' },
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
    const reopened = again.view.blocks as Block[];
    expect(reopened.find((b) => b.block_id === 'timeZone')?.element?.initial_option).toEqual({
      text: { type: 'plain_text', text: expect.stringMatching(/^Berlin · UTC\+[12] · Europe\/Berlin$/) },
      value: 'zone:Europe/Berlin',
    });
    expect(reopened.find((b) => b.block_id === 'interests')?.element?.initial_options?.map((o) => o.value)).toEqual(['i:typography', 'i:service design']);
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
        timeZone: zone('Mars/Olympus_Mons'),
        workdayEnd: { value: '09:00' },
        snoozeUntil: { value: inDays(-1) },
        mentorTopics: { value: [topics.Research!] },
        learnTopics: { value: [topics.Research!] },
      },
    });
    expect(result.body).toMatchObject({ response_action: 'errors' });
    const [view] = h.slack.views(h.users.grace.id);
    expect(view?.errors).toEqual({
      timeZone: expect.stringMatching(/not one I know/),
      workdayEnd: expect.stringMatching(/different time/),
      snoozeUntil: expect.stringMatching(/after today/),
      learnTopics: expect.stringMatching(/not both/),
    });
    const person = await profileOf(h.users.grace.id);
    expect(person).toMatchObject({ timeZone: null, workdayEnd: 1020, snoozedUntil: null, skills: [] });
  });

  it('saves a form submitted twice at once only once', async () => {
    const open = await openProfile(h.users.grace);
    const values = { newInterests: { value: 'pairing' } };
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
    const blocks = open.view.blocks as Block[];
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

  it('suggests what others in the community wrote as interests, and keeps picked and new ones', async () => {
    await h.db.prisma.person.update({ where: { id: h.users.ada.id }, data: { interests: ['Typography', 'pairing'] } });
    await guildReply(h, h.users.margaret, 'join');
    await h.db.prisma.person.update({ where: { id: h.users.margaret.id }, data: { interests: ['typography', 'Research ops'] } });
    const open = await openProfile(h.users.grace);
    const menu = (open.view.blocks as Block[]).find((b) => b.block_id === 'interests');
    // Most common first: typography is Ada's and Margaret's, whatever its case.
    expect(menu?.element?.options?.map((o) => o.value)).toEqual(['i:Typography', 'i:pairing', 'i:Research ops']);
    await h.driver.submitView({ user: h.users.grace, viewId: open.id, values: { interests: { value: [interestValue.encode('Typography')] }, newInterests: { value: 'kerning' } } });
    const saved = await eventually(async () => {
      const p = await profileOf(h.users.grace.id);
      return p.interests.length ? p.interests : undefined;
    });
    expect(saved).toEqual(['Typography', 'kerning']);
  });

  describe('the time zone menu (an options request)', () => {
    const ask = async (value: string) => {
      const open = await openProfile(h.users.grace);
      const result = await h.driver.blockSuggestion({ user: h.users.grace, viewId: open.id, actionId: PROFILE_ZONE_ACTION, value });
      expect(result.failed).toBe(false);
      return result.options.options.map((o) => ({ text: String((o.text as { text: string }).text), value: String(o.value) }));
    };

    it('opens with the person\'s Slack zone first, then one city per offset', async () => {
      const options = await ask('');
      expect(options[0]).toEqual({ text: expect.stringMatching(/^Use my Slack time zone \(New York, UTC−[45]\)$/), value: 'slack' });
      expect(options.map((o) => o.value)).toEqual(expect.arrayContaining(['zone:Europe/Berlin', 'zone:Asia/Calcutta', 'zone:Asia/Tokyo', 'zone:UTC']));
      expect(options.length).toBeGreaterThan(25);
    });

    it('finds zones by city, by zone name and by offset', async () => {
      expect((await ask('berl'))[0]).toEqual({ text: expect.stringMatching(/^Berlin · UTC\+[12] · Europe\/Berlin$/), value: 'zone:Europe/Berlin' });
      expect((await ask('America/Sao_Paulo'))[0]?.value).toBe('zone:America/Sao_Paulo');
      expect((await ask('+5:30')).map((o) => o.value)).toContain('zone:Asia/Calcutta');
      expect((await ask('UTC-3')).map((o) => o.value)).toContain('zone:America/Sao_Paulo');
      expect((await ask('-03:00')).map((o) => o.value)).toContain('zone:America/Sao_Paulo');
      expect(await ask('Atlantis')).toEqual([]);
    });

    it('never offers more than Slack\'s 100 options, each within Slack\'s lengths', async () => {
      const options = await ask('a');
      expect(options).toHaveLength(100);
      for (const o of options) {
        expect(o.text.length).toBeLessThanOrEqual(75);
        expect(o.value.length).toBeLessThanOrEqual(150);
      }
    });

    it('saves the zone picked from it, pinned', async () => {
      const open = await openProfile(h.users.grace);
      const found = await h.driver.blockSuggestion({ user: h.users.grace, viewId: open.id, actionId: PROFILE_ZONE_ACTION, value: 'tokyo' });
      const tokyo = String(found.options.options[0]?.value);
      await h.driver.submitView({ user: h.users.grace, viewId: open.id, values: { timeZone: { [PROFILE_ZONE_ACTION]: tokyo } } });
      expect(await eventually(async () => (await profileOf(h.users.grace.id)).timeZone ?? undefined)).toBe('Asia/Tokyo');
    });
  });

  describe('a time zone Slack changes later (travel)', () => {
    const travel = async (tz: string) => {
      h.slack.user(h.users.grace.id)!.tz = tz;
      const slackUser = { id: h.users.grace.id, team_id: h.slack.team.id, name: 'grace', deleted: false, is_bot: false, tz };
      const result = await h.driver.event({ type: 'user_change', user: slackUser });
      expect(result.failed).toBe(false);
    };
    afterEach(() => {
      h.slack.user(h.users.grace.id)!.tz = 'America/New_York';
    });

    it('is followed when the person follows Slack', async () => {
      await openProfile(h.users.grace); // Guild learns Slack's zone
      await travel('Asia/Tokyo');
      expect(await eventually(async () => ((await profileOf(h.users.grace.id)).slackTimeZone === 'Asia/Tokyo' ? true : undefined))).toBe(true);
      expect(await zoneInUse(h.users.grace.id)).toBe('Asia/Tokyo');
      const open = await openProfile(h.users.grace);
      expect((open.view.blocks as Block[]).find((b) => b.block_id === 'timeZone')?.element?.initial_option?.text.text).toBe('Use my Slack time zone (Tokyo, UTC+9)');
    });

    it('leaves a pinned zone as it is', async () => {
      const open = await openProfile(h.users.grace);
      await h.driver.submitView({ user: h.users.grace, viewId: open.id, values: { timeZone: zone('America/New_York') } });
      await eventually(async () => (await profileOf(h.users.grace.id)).timeZone ?? undefined);
      await travel('Asia/Tokyo');
      await eventually(async () => ((await profileOf(h.users.grace.id)).slackTimeZone === 'Asia/Tokyo' ? true : undefined));
      expect(await zoneInUse(h.users.grace.id)).toBe('America/New_York');
      const again = await openProfile(h.users.grace);
      expect((again.view.blocks as Block[]).find((b) => b.block_id === 'timeZone')?.element?.initial_option?.value).toBe('zone:America/New_York');
    });
  });
});
