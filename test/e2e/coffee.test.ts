import { coffeeStats } from '../../src/rituals/coffee';
import { COFFEE_FIELDS as F } from '../../src/rituals/coffee/coffee.ids';
import { ManualClock } from '../../src/scheduler/clock';
import { eventually } from '../support/eventually';
import { guildReply, useHarness } from '../support/guild-harness';

/**
 * Coffee groups over the local Slack with the real Guild and its scheduler: members opt in, an
 * organiser sets the schedule, the round forms through the scheduler and each group's DM arrives
 * at 09:00 in its members' zone, the follow-up's answers are clicked, and the stats count them.
 */
describe('coffee groups, opt-in to stats', () => {
  // Sunday 6 December 2026, shortly before Monday 09:00 in UTC+14 (19:00 UTC), when the round forms.
  const clock = new ManualClock('2026-12-06T18:58:00Z');
  const h = useHarness('http', { clock });

  const groupDm = (...users: { id: string }[]) => {
    const channel = h.slack.dmChannelFor(users.map((u) => u.id));
    return channel ? h.slack.messages(channel) : [];
  };
  const waitForDm = (users: { id: string }[], match: string, description: string) =>
    h.slack.waitFor(() => groupDm(...users).find((m) => m.text.includes(match)), { timeoutMs: 15_000, description });
  /** Moves the clock and lets the scheduler's heartbeat (every second) see it. */
  const moveTo = async (iso: string) => {
    clock.set(iso);
    await new Promise((resolve) => setTimeout(resolve, 1500));
  };

  it('forms a round at local times, follows up, records answers from clicks and counts them', async () => {
    const { ada, alan, grace, margaret } = h.users;
    await guildReply(h, ada, 'setup');
    for (const person of [alan, grace, margaret]) await guildReply(h, person, 'join');
    for (const person of [ada, alan, grace, margaret]) expect(await guildReply(h, person, 'coffee join')).toMatch(/You take part in the coffee groups/);
    expect(await guildReply(h, grace, 'help coffee')).toContain('/guild coffee snooze &lt;weeks&gt; | resume');
    expect(await guildReply(h, grace, 'coffee settings')).toMatch(/Only this community's organisers can change the coffee settings/);
    expect(await guildReply(h, grace, 'coffee snooze 0')).toMatch(/1 to 26/);
    expect(await guildReply(h, grace, 'coffee avoid grace')).toMatch(/Mention exactly one person/);

    // Ada sets the rounds up in the form: a bad size is refused beside its field, then saved.
    const before = h.slack.views(ada.id).length;
    await h.driver.command({ user: ada, channel: h.channel, command: '/guild', text: 'coffee settings' });
    const form = await h.slack.waitFor(() => h.slack.views(ada.id).length > before && h.slack.views(ada.id).at(-1));
    const values = (followUpDays: string) => ({ [F.size]: { value: '2' }, [F.cadence]: { value: 'weekly' }, [F.everyWeeks]: { value: '1' }, [F.weekday]: { value: 'mo' }, [F.time]: { value: '09:00' }, [F.windowWeeks]: { value: '12' }, [F.followUpDays]: { value: followUpDays } });
    const refused = await h.driver.submitView({ user: ada, viewId: form.id, values: values('0') });
    expect(refused.body).toMatchObject({ response_action: 'errors', errors: { [F.followUpDays]: expect.stringMatching(/1 to 14 days/) } });
    await h.driver.submitView({ user: ada, viewId: form.id, values: values('3') });
    await h.slack.waitFor(() => h.slack.dms(ada.id).find((m) => m.text.startsWith('Coffee settings saved')), { description: 'the saved settings DM' });
    expect(h.slack.dms(ada.id).find((m) => m.text.startsWith('Coffee settings saved'))?.text).toMatch(/first round is on 2026-12-07/);

    // 19:00 UTC: the round forms through the scheduler; no intro is due yet anywhere.
    await moveTo('2026-12-06T19:00:30Z');
    await eventually(async () => ((await h.db.prisma.coffeeRound.findFirst())?.status === 'sent' ? true : undefined), 15_000);
    expect(await h.db.prisma.coffeeGroup.count()).toBe(2);
    expect(groupDm(ada, alan)).toHaveLength(0);

    // 09:00 in London: the Londoners' intro arrives; the Americans' has not.
    await moveTo('2026-12-07T09:00:05Z');
    const london = await waitForDm([ada, alan], 'Coffee time', "the Londoners' intro");
    expect(JSON.stringify(london.blocks)).toMatch(/Why you:\* .*8 h overlap/);
    expect(groupDm(grace, margaret)).toHaveLength(0);
    // New York and Los Angeles share 17:00–22:00 UTC: their intro comes at 09:00 in Los Angeles, inside both working days.
    await moveTo('2026-12-07T14:00:05Z');
    expect(groupDm(grace, margaret)).toHaveLength(0);
    await moveTo('2026-12-07T17:00:05Z');
    const americas = await waitForDm([grace, margaret], 'Coffee time', "the Americans' intro");

    // Margaret snoozes from the intro: only she hears about it.
    await h.driver.blockAction({ user: margaret, channel: americas.channel, messageTs: americas.ts, actionId: 'coffee_snooze' });
    await h.slack.waitFor(() => h.slack.ephemerals({ user: margaret.id }).find((e) => e.text.startsWith('Snoozed until')));
    expect(h.slack.ephemerals({ user: grace.id }).filter((e) => e.text.startsWith('Snoozed'))).toHaveLength(0);

    // Three days later, at the same local times, the follow-ups.
    await moveTo('2026-12-10T09:00:05Z');
    const londonAsk = await waitForDm([ada, alan], 'Did your coffee group meet?', "the Londoners' follow-up");
    await moveTo('2026-12-10T17:00:05Z');
    const americasAsk = await waitForDm([grace, margaret], 'Did your coffee group meet?', "the Americans' follow-up");
    await h.driver.blockAction({ user: ada, channel: londonAsk.channel, messageTs: londonAsk.ts, actionId: 'coffee_answer_met' });
    await h.driver.blockAction({ user: alan, channel: londonAsk.channel, messageTs: londonAsk.ts, actionId: 'coffee_answer_met' });
    await h.driver.blockAction({ user: alan, channel: londonAsk.channel, messageTs: londonAsk.ts, actionId: 'coffee_answer_met' }); // a double click
    await h.driver.blockAction({ user: grace, channel: americasAsk.channel, messageTs: americasAsk.ts, actionId: 'coffee_answer_couldnt' });
    await h.slack.waitFor(() => {
      const shown = JSON.stringify(groupDm(ada, alan).find((m) => m.ts === londonAsk.ts)?.blocks ?? []);
      return shown.includes(`<@${ada.id}>: Met`) && shown.includes(`<@${alan.id}>: Met`);
    }, { timeoutMs: 15_000, description: 'the follow-up showing both answers' });
    await eventually(async () => ((await h.db.prisma.coffeeGroupMember.count({ where: { answer: { not: null } } })) === 3 ? true : undefined));

    const community = await h.db.prisma.community.findFirstOrThrow();
    expect(await coffeeStats(h.db.prisma, community.id)).toEqual({ rounds: 1, groups: 2, metRate: 0.5, uniqueConnections: 1 });
    // The organisers' figures, over coffee and mentoring; members are told it is for organisers.
    const stats = await guildReply(h, ada, 'pairing stats');
    expect(stats).toContain('Coffee groups: 1 round, 2 groups, 50% of groups asked said they met, 1 unique connection.');
    expect(stats).toContain('Mentoring: no match proposed yet.');
    expect(await guildReply(h, grace, 'pairing stats')).toMatch(/Only .*organisers/);
    expect(await guildReply(h, ada, 'pairing')).toMatch(/Use `\/guild pairing stats`/);
    // The same figures on the organiser's App Home; a member's Home has none.
    const homeOf = async (user: { id: string }) => {
      const before = h.slack.callsTo('views.publish').length;
      await h.driver.event({ type: 'app_home_opened', user: user.id, channel: 'D0HOME', tab: 'home', event_ts: String(Date.now() / 1000) });
      await h.slack.waitFor(() => h.slack.callsTo('views.publish').length > before, { description: 'the App Home' });
      return JSON.stringify(h.slack.home(user.id)?.view.blocks);
    };
    expect(await homeOf(ada)).toContain('Coffee groups: 1 round, 2 groups');
    expect(await homeOf(grace)).not.toContain('Pairing in the communities you organise');
    // Each group DM got exactly one intro and one follow-up.
    expect(groupDm(ada, alan).filter((m) => m.botId)).toHaveLength(2);
    expect(groupDm(grace, margaret).filter((m) => m.botId)).toHaveLength(2);
  });

  it('lets an organiser preview, swap and run a round, and a member snooze and resume from the App Home', async () => {
    clock.set('2026-12-06T12:00:00Z');
    const { ada, alan, grace, margaret } = h.users;
    await guildReply(h, ada, 'setup');
    for (const person of [alan, grace, margaret]) await guildReply(h, person, 'join');
    for (const person of [ada, alan, grace, margaret]) await guildReply(h, person, 'coffee join');
    expect(await guildReply(h, ada, 'coffee preview')).toMatch(/No round is scheduled/);
    expect(await guildReply(h, alan, 'coffee avoid <@' + grace.id + '>')).toMatch(/Noted, privately/);
    expect(h.slack.messages(h.channel.id).filter((m) => m.text.includes('privately'))).toHaveLength(0);

    // Ada saves the defaults, then previews: the groups with why, and a Swap button.
    await h.driver.command({ user: ada, channel: h.channel, command: '/guild', text: 'coffee settings' });
    const form = await h.slack.waitFor(() => h.slack.views(ada.id).at(-1));
    await h.driver.submitView({ user: ada, viewId: form.id, values: {} });
    await h.slack.waitFor(() => h.slack.dms(ada.id).find((m) => m.text.startsWith('Coffee settings saved')));
    expect(await guildReply(h, ada, 'coffee preview')).toMatch(/\*The coffee round on 2026-12-07\*: 2 groups/);
    const preview = h.slack.ephemerals({ user: ada.id }).at(-1)!;
    const draft = await h.db.prisma.coffeeGroup.findMany({ include: { members: true }, orderBy: { id: 'asc' } });
    // Any swap that does not put Alan with Grace (whom he privately avoids).
    const [[a1, a2], [b1, b2]] = draft.map((g) => g.members.map((m) => m.personId)) as [[string, string], [string, string]];
    const avoided = (group: string[]) => group.includes(alan.id) && group.includes(grace.id);
    const [first, second] = !avoided([b1, a2]) && !avoided([a1, b2]) ? [a1, b1] : [a1, b2];
    const before = h.slack.views(ada.id).length;
    await h.driver.blockAction({ user: ada, channel: h.channel, messageTs: preview.ts, actionId: 'coffee_swap_open' });
    const swap = await h.slack.waitFor(() => h.slack.views(ada.id).length > before && h.slack.views(ada.id).at(-1));
    const sameGroup = await h.driver.submitView({ user: ada, viewId: swap.id, values: { [F.first]: { value: first }, [F.second]: { value: a2 } } });
    expect(sameGroup.body).toMatchObject({ response_action: 'errors', errors: { [F.second]: expect.stringMatching(/same group/) } });
    await h.driver.submitView({ user: ada, viewId: swap.id, values: { [F.first]: { value: first }, [F.second]: { value: second } } });
    await h.slack.waitFor(() => h.slack.dms(ada.id).find((m) => m.text.startsWith('Swapped')), { description: 'the swapped preview' });

    // The round's occurrence sends the swapped draft.
    await moveTo('2026-12-06T19:00:30Z');
    await eventually(async () => ((await h.db.prisma.coffeeRound.findFirst())?.status === 'sent' ? true : undefined), 15_000);
    const sent = await h.db.prisma.coffeeGroup.findMany({ include: { members: true } });
    const partnerOfFirst = second === b1 ? b2 : b1;
    expect(sent.some((g) => g.members.some((m) => m.personId === first) && g.members.some((m) => m.personId === partnerOfFirst))).toBe(true);

    // Grace snoozes on the App Home and sees it there; then resumes.
    await h.driver.event({ type: 'app_home_opened', user: grace.id, channel: 'D0HOME', tab: 'home', event_ts: String(Date.now() / 1000) });
    const home = await h.slack.waitFor(() => JSON.stringify(h.slack.home(grace.id)?.view.blocks ?? []).includes(':coffee: Coffee groups') && h.slack.home(grace.id));
    expect(JSON.stringify(home.view.blocks)).toMatch(/\*design\*: taking part/);
    await h.driver.blockAction({ user: grace, viewId: home.id, actionId: 'coffee_snooze' });
    // The Home is republished with the coffee section changed and the rest as it was.
    const snoozed = await h.slack.waitFor(() => JSON.stringify(h.slack.home(grace.id)?.view.blocks ?? []).includes('snoozed until') && h.slack.home(grace.id));
    expect(JSON.stringify(snoozed.view.blocks)).toContain('What Guild knows about you');
    expect(JSON.stringify(snoozed.view.blocks)).toContain('"action_id":"coffee_resume"');
    expect(await guildReply(h, grace, 'coffee')).toMatch(/You are snoozed until/);
    expect(await guildReply(h, grace, 'coffee resume')).toMatch(/Welcome back/);

    // A manual run now: one round per minute, however often the command is sent.
    expect(await guildReply(h, alan, 'coffee run')).toMatch(/Only this community's organisers can run coffee rounds/);
    expect(await guildReply(h, ada, 'coffee run')).toMatch(/The round is out: 2 groups/);
    expect(await guildReply(h, ada, 'coffee run')).toMatch(/went out a moment ago/);
    // Alan's private avoid list held in every round.
    const all = await h.db.prisma.coffeeGroup.findMany({ include: { members: true } });
    expect(all.filter((g) => g.members.some((m) => m.personId === alan.id) && g.members.some((m) => m.personId === grace.id))).toHaveLength(0);
  });
});
