import type { Page } from 'playwright-core';
import { send, useBrowserSandbox } from '../support/browser-sandbox';
import { eventually } from '../support/eventually';

/**
 * A mentor match in the sandbox page: Ada (the organiser) runs this week's mentor matches, Yuki
 * (who wants to learn prototyping) and Grace (who mentors it) each accept in their DM with Guild,
 * and their kickoff group DM opens with suggested first topics.
 */
describe('mentor matches in the sandbox page', () => {
  const s = useBrowserSandbox();

  const guildDm = async (page: Page) => {
    await page.locator('#sidebar a[data-conversation]', { hasText: 'Guild' }).first().click();
  };
  const proposal = (page: Page) => page.locator('#messages article', { hasText: 'Mentor match in Design guild' }).last();

  it('runs the round, both people accept in their DMs, and the kickoff group DM arrives', async () => {
    const ada = await s.open('ada', 'design');
    await send(ada, '/guild mentoring run');
    await ada.locator('.message.ephemeral', { hasText: /Proposed \d+ mentor match/ }).waitFor({ timeout: 15_000 });

    const yuki = await s.open('yuki', 'design');
    await guildDm(yuki);
    await proposal(yuki).waitFor({ timeout: 15_000 });
    expect(await proposal(yuki).textContent()).toContain('they can mentor you in prototyping, level 5 vs your 2');
    await s.screenshot(yuki, 'mentoring-proposal');
    await proposal(yuki).getByRole('button', { name: 'Accept' }).click();
    await proposal(yuki).filter({ hasText: 'You accepted. Waiting for' }).waitFor({ timeout: 15_000 });

    const grace = await s.open('grace', 'design');
    await guildDm(grace);
    await proposal(grace).filter({ hasText: 'Would you mentor' }).waitFor({ timeout: 15_000 });
    await proposal(grace).getByRole('button', { name: 'Accept' }).click();
    await proposal(grace).filter({ hasText: 'You both accepted' }).waitFor({ timeout: 15_000 });

    // The kickoff group DM of the two, read in Yuki's tab.
    const pair = [s.idOf('grace'), s.idOf('yuki')];
    const mpim = await eventually(async () => s.sandbox.slack.dmChannelFor(pair), 15_000);
    await yuki.goto(`${s.sandbox.url}u/${s.idOf('yuki')}/c/${mpim}`);
    const kickoff = yuki.locator('#messages article', { hasText: 'Suggested first topics' });
    await kickoff.waitFor({ timeout: 15_000 });
    expect(await kickoff.textContent()).toContain('will mentor');
    await s.screenshot(yuki, 'mentoring-kickoff');
    const match = await s.db.prisma.mentorMatch.findFirstOrThrow({ where: { menteeId: s.idOf('yuki') } });
    expect(match).toMatchObject({ mentorId: s.idOf('grace'), status: 'accepted' });
  }, 120_000);
});
