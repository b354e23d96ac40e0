import { guildReply, useHarness } from '../support/guild-harness';

/** `/guild health` over the local Slack: organisers see the figures and get the CSV by DM; members are refused. */
describe('community health for organisers', () => {
  const h = useHarness('http');

  it('shows the organiser the month so far, sends the CSV, and refuses a member', async () => {
    const { ada, alan, grace } = h.users;
    await guildReply(h, ada, 'setup');
    for (const person of [alan, grace]) await guildReply(h, person, 'join');
    expect(await guildReply(h, alan, 'health')).toMatch(/Only this community's organisers can see the community's health/);
    const reply = await guildReply(h, ada, 'health');
    expect(reply).toMatch(/Health of design: 0 of 3 members took part in \d{4}-\d{2} so far/);
    await guildReply(h, ada, 'health csv');
    const file = await h.slack.waitFor(() => h.slack.files().find((f) => f.name.startsWith('health-')), { description: 'the CSV file' });
    expect(file.content.toString('utf8').split('\r\n')[0]).toMatch(/^month,members,joined,left,participants/);
    expect(await guildReply(h, ada, 'health pie')).toMatch(/I don't know `\/guild health pie`/);
  });
});
