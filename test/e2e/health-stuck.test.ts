import { guildReply, useHarness } from '../support/guild-harness';

/** "Anything stuck" on the organiser's App Home, over the local Slack: Retry puts a dead job back, for organisers only. */
describe("the organiser's Home: anything stuck", () => {
  const h = useHarness('http');

  const openHome = async (user: { id: string }) => {
    const before = h.slack.callsTo('views.publish').length;
    await h.driver.event({ type: 'app_home_opened', user: user.id, channel: 'D0HOME', tab: 'home', event_ts: String(Date.now() / 1000) });
    await h.slack.waitFor(() => h.slack.callsTo('views.publish').length > before, { description: 'the Home published' });
    return JSON.stringify(h.slack.home(user.id)?.view.blocks);
  };
  const clickRetry = (user: { id: string }) => h.driver.blockAction({ user, viewId: h.slack.home(user.id)!.id, actionId: 'health_stuck_retry' });

  it("lets an organiser retry a dead job of their community, and refuses someone who no longer organises it", async () => {
    const { ada, alan } = h.users;
    await guildReply(h, ada, 'setup');
    await guildReply(h, alan, 'join');
    const community = await h.db.prisma.community.findFirstOrThrow();
    expect(await openHome(ada)).toContain('Nothing stuck.');
    expect(await openHome(alan)).not.toContain('Anything stuck');

    // A job of a kind no handler takes: put back, it stays pending (the heartbeat claims only kinds it knows).
    const now = new Date();
    const job = await h.db.prisma.job.create({ data: { key: 'e2e:stuck', kind: 'e2e.nothing', payload: { communityId: community.id }, runAt: now, finishedAt: now, status: 'dead', attempts: 5, lastError: 'no handler <x>' } });
    await h.db.prisma.membership.update({ where: { communityId_personId: { communityId: community.id, personId: alan.id } }, data: { role: 'organiser' } });
    for (const person of [ada, alan]) expect(await openHome(person)).toContain('failed for good');
    expect(await openHome(ada)).toContain('no handler &lt;x&gt;');

    // Alan stops organising; his Home still shows the button.
    await h.db.prisma.membership.update({ where: { communityId_personId: { communityId: community.id, personId: alan.id } }, data: { role: 'member' } });
    const dialogs = h.slack.views(alan.id).length;
    await clickRetry(alan);
    const refusal = await h.slack.waitFor(() => h.slack.views(alan.id).at(dialogs), { description: 'the refusal' });
    expect(JSON.stringify(refusal.view.blocks)).toContain("Only this community's organisers can retry its jobs.");
    expect((await h.db.prisma.job.findUniqueOrThrow({ where: { id: job.id } })).status).toBe('dead');

    const published = h.slack.callsTo('views.publish').length;
    await clickRetry(ada);
    await h.slack.waitFor(() => h.slack.callsTo('views.publish').length > published, { description: 'the Home refreshed' });
    expect(await h.db.prisma.job.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ status: 'pending', attempts: 0 });
    const home = JSON.stringify(h.slack.home(ada.id)?.view.blocks);
    expect(home).toContain('Nothing stuck.');
    expect(home).toContain('Community health');
  });
});
