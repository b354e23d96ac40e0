import { JOIN_ACTION, MENTORING_ACTION, mentoringValue, OPT_INS_ACTION, optInValue, PROFILE_SETUP_ACTION } from '../../src/community/onboarding.views';
import { eventually } from '../support/eventually';
import { guildReply, useHarness, type Transport } from '../support/guild-harness';

type Block = { type: string; block_id?: string; text?: { text: string }; accessory?: { action_id?: string; value?: string }; elements?: { action_id?: string; type: string }[] };

describe.each<Transport>(['http', 'socket'])('joining a community over %s', (transport) => {
  const h = useHarness(transport);
  beforeEach(async () => {
    await guildReply(h, h.users.ada, 'setup Design guild');
    await guildReply(h, h.users.ada, 'topics add Accessibility');
  });

  const membership = (userId: string) => h.db.prisma.membership.findFirstOrThrow({ where: { personId: userId } });
  /** The welcome DM a person got, once it arrived. */
  const welcome = (userId: string) => h.slack.waitFor(() => h.slack.dms(userId).find((m) => m.text.startsWith('Welcome to *Design guild*!')), { description: 'the welcome DM' });
  const openHome = async (user: { id: string }) => {
    const before = h.slack.callsTo('views.publish').length;
    await h.driver.event({ type: 'app_home_opened', user: user.id, channel: 'D0HOME', tab: 'home', event_ts: String(Date.now() / 1000) });
    await h.slack.waitFor(() => h.slack.callsTo('views.publish').length > before);
    return h.slack.home(user.id)!;
  };
  const homeText = (user: { id: string }) => JSON.stringify(h.slack.home(user.id)?.view.blocks);

  it('welcomes by DM after `/guild join`: what the community runs, the profile button, the opt-ins; the defaults hold meanwhile', async () => {
    expect(await guildReply(h, h.users.grace, 'join')).toMatch(/I sent you a DM/);
    const dm = await welcome(h.users.grace.id);
    const blocks = dm.blocks as Block[];
    expect(blocks[0]?.text?.text).toMatch(/Here is what it runs:\n• \*Retrospectives\*/);
    expect(blocks.find((b) => b.accessory?.action_id === PROFILE_SETUP_ACTION)).toBeDefined();
    const controls = blocks.find((b) => b.type === 'actions')?.elements?.map((e) => e.action_id);
    expect(controls).toEqual([OPT_INS_ACTION, MENTORING_ACTION]);

    // Never filling the profile leaves Slack's zone and 09:00–17:00, and nothing opted in.
    const person = await h.db.prisma.person.findUniqueOrThrow({ where: { id: h.users.grace.id } });
    expect(person).toMatchObject({ slackTimeZone: 'America/New_York', timeZone: null, workdayStart: 540, workdayEnd: 1020 });
    expect(await membership(h.users.grace.id)).toMatchObject({ coffee: false, eventSuggestions: false, mentoring: null });

    // "Set up my profile" opens the form with the community's topics.
    await h.driver.blockAction({ user: h.users.grace, channel: dm.channel, messageTs: dm.ts, actionId: PROFILE_SETUP_ACTION });
    const form = await h.slack.waitFor(() => h.slack.views(h.users.grace.id).at(-1));
    expect(form.view.callback_id).toBe('guild_profile');
    expect(JSON.stringify(form.view.blocks)).toContain('My level in Accessibility');

    // Opting in from the DM itself.
    await h.driver.blockAction({ user: h.users.grace, channel: dm.channel, messageTs: dm.ts, actionId: OPT_INS_ACTION, selectedOptions: [optInValue.encode({ optIn: 'coffee' })] });
    await h.driver.blockAction({ user: h.users.grace, channel: dm.channel, messageTs: dm.ts, actionId: MENTORING_ACTION, selectedOption: mentoringValue.encode({ communityId: (await membership(h.users.grace.id)).communityId, role: 'mentee' }) });
    expect(await eventually(async () => {
      const m = await membership(h.users.grace.id);
      return m.coffee && m.mentoring === 'mentee' ? m : undefined;
    })).toMatchObject({ eventSuggestions: false });
  });

  it('welcomes after the invitation DM\'s Join button, and turns the invitation into a line saying so', async () => {
    await h.driver.event({ type: 'member_joined_channel', user: h.users.alan.id, channel: h.channel.id, channel_type: 'C', team: h.slack.team.id });
    const invite = await h.slack.waitFor(() => h.slack.dms(h.users.alan.id)[0]);
    expect((invite.blocks as Block[])[0]?.accessory?.action_id).toBe(JOIN_ACTION);
    const click = await h.driver.blockAction({ user: h.users.alan, channel: invite.channel, messageTs: invite.ts, actionId: JOIN_ACTION });
    expect(click.failed).toBe(false);
    await welcome(h.users.alan.id);
    expect(await membership(h.users.alan.id)).toMatchObject({ leftAt: null, role: 'member' });
    await h.slack.waitFor(() => h.slack.messages(invite.channel).find((m) => m.ts === invite.ts && m.text.startsWith('You joined *Design guild*')));

    // The invitation no longer offers the button, and one welcome was sent.
    expect(h.slack.messages(invite.channel).find((m) => m.ts === invite.ts)?.blocks ?? []).toEqual([]);
    expect(h.slack.dms(h.users.alan.id).filter((m) => m.text.startsWith('Welcome to *Design guild*!'))).toHaveLength(1);
  });

  it('joins from the App Home, and opts in and out there, the Home saying it in plain words', async () => {
    let home = await openHome(h.users.margaret);
    expect(homeText(h.users.margaret)).toContain('Communities you could join');
    await h.driver.blockAction({ user: h.users.margaret, viewId: home.id, actionId: JOIN_ACTION });
    await welcome(h.users.margaret.id);
    await h.slack.waitFor(() => (homeText(h.users.margaret).includes('You take part in: nothing yet') ? true : undefined));
    expect(homeText(h.users.margaret)).toContain('Organisers see your opt-ins, and your levels only as counts');
    expect(homeText(h.users.margaret)).toMatch(/Working hours: \*09:00–17:00\*/);

    home = h.slack.home(h.users.margaret.id)!;
    await h.driver.blockAction({ user: h.users.margaret, viewId: home.id, actionId: OPT_INS_ACTION, selectedOptions: [optInValue.encode({ optIn: 'coffee' }), optInValue.encode({ optIn: 'events' })] });
    await h.slack.waitFor(() => (homeText(h.users.margaret).includes('You take part in: coffee groups, event suggestions.') ? true : undefined));
    expect(await membership(h.users.margaret.id)).toMatchObject({ coffee: true, eventSuggestions: true });

    home = h.slack.home(h.users.margaret.id)!;
    const communityId = (await membership(h.users.margaret.id)).communityId;
    await h.driver.blockAction({ user: h.users.margaret, viewId: home.id, actionId: MENTORING_ACTION, selectedOption: mentoringValue.encode({ communityId, role: 'both' }) });
    await h.slack.waitFor(() => (homeText(h.users.margaret).includes('mentoring as a mentor and a mentee') ? true : undefined));

    // Opting out again.
    home = h.slack.home(h.users.margaret.id)!;
    await h.driver.blockAction({ user: h.users.margaret, viewId: home.id, actionId: OPT_INS_ACTION, selectedOptions: [] });
    home = h.slack.home(h.users.margaret.id)!;
    await h.driver.blockAction({ user: h.users.margaret, viewId: home.id, actionId: MENTORING_ACTION, selectedOption: mentoringValue.encode({ communityId, role: 'none' }) });
    await h.slack.waitFor(() => (homeText(h.users.margaret).includes('You take part in: nothing yet') ? true : undefined));
    expect(await membership(h.users.margaret.id)).toMatchObject({ coffee: false, eventSuggestions: false, mentoring: null });
  });
});
