import { startHarness, type Harness } from '../support/guild-harness';

describe('the App Home', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('socket');
  });
  afterAll(async () => {
    await h?.stop();
  });

  const openHome = async (user: { id: string }) => {
    const before = h.slack.callsTo('views.publish').length;
    await h.driver.event({ type: 'app_home_opened', user: user.id, channel: 'D0HOME', tab: 'home', event_ts: String(Date.now() / 1000) });
    await h.slack.waitFor(() => h.slack.callsTo('views.publish').length > before);
    return JSON.stringify(h.slack.home(user.id)?.view.blocks);
  };

  it('shows an empty state, then the person\'s communities and profile, with a button to edit it', async () => {
    expect(await openHome(h.users.margaret)).toMatch(/not in a community yet/);

    await h.driver.command({ user: h.users.margaret, channel: h.channel, command: '/guild', text: 'setup Design guild' });
    await h.slack.waitFor(() => h.slack.messages(h.channel.id).length > 0);
    const home = await openHome(h.users.margaret);
    expect(home).toContain(`<#${h.channel.id}> *Design guild* · organiser`);
    expect(home).toMatch(/Time zone: \*Los Angeles, UTC−[78] \(Slack's, followed when you travel\)\*/);
    expect(home).toContain('Working hours: *09:00–17:00*');

    await h.driver.blockAction({ user: h.users.margaret, viewId: h.slack.home(h.users.margaret.id)!.id, actionId: 'guild_home_edit_profile' });
    const modal = await h.slack.waitFor(() => h.slack.views(h.users.margaret.id).at(-1));
    expect(modal.view.callback_id).toBe('guild_profile');
  });
});
