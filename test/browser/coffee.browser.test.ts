import type { Page } from 'playwright-core';
import { send, useBrowserSandbox } from '../support/browser-sandbox';

/**
 * A coffee round in the sandbox page: Ada and Alan opt in, Ada (the Design guild's organiser)
 * runs a round, their group DM gets the intro, the clock is fast-forwarded three days to the
 * follow-up, and Alan answers it there: the message shows his answer, and Ada's pairing stats count it.
 */
describe('coffee groups in the sandbox page', () => {
  const s = useBrowserSandbox();

  const inGroupDm = async (person: string, other: string): Promise<Page> => {
    const channel = await s.sandbox.slack.waitFor(() => s.sandbox.slack.dmChannelFor([s.idOf(person), s.idOf(other)]), { timeoutMs: 10_000 });
    const page = await s.context.newPage();
    await page.goto(`${s.sandbox.url}u/${s.idOf(person)}/c/${channel}`);
    await page.waitForSelector('body[data-ready="1"]');
    return page;
  };
  const message = (page: Page, text: string) => page.locator('#messages article', { hasText: text }).last();

  it('runs a round, brings the follow-up by the clock, and shows an answer clicked in the group DM', async () => {
    const ada = await s.open('ada');
    const alan = await s.open('alan');
    await send(alan, '/guild coffee join');
    await alan.locator('.message.ephemeral', { hasText: 'You take part in the coffee groups' }).waitFor({ timeout: 10_000 });
    await send(ada, '/guild coffee join');
    await ada.locator('.message.ephemeral', { hasText: 'You take part in the coffee groups' }).waitFor({ timeout: 10_000 });
    await send(ada, '/guild coffee run');
    await ada.locator('.message.ephemeral', { hasText: 'The round is out: 1 group' }).waitFor({ timeout: 10_000 });

    const dm = await inGroupDm('alan', 'ada');
    const intro = message(dm, 'Coffee time');
    await intro.waitFor({ timeout: 10_000 });
    expect(await intro.textContent()).toMatch(/Why you:.*overlap/);
    await s.screenshot(dm, 'coffee-intro');

    // Three days on, the follow-up asks whether they met.
    for (let day = 0; day < 3; day += 1) await ada.getByRole('button', { name: '+1 day' }).click();
    const followUp = message(dm, 'Did your coffee group meet?');
    await followUp.waitFor({ timeout: 15_000 });
    await followUp.getByRole('button', { name: 'Met' }).click();
    await message(dm, 'Did your coffee group meet?').filter({ hasText: ': Met' }).waitFor({ timeout: 10_000 });
    await s.screenshot(dm, 'coffee-follow-up-answered');
    const answers = await s.db.prisma.coffeeGroupMember.findMany({ orderBy: { personId: 'asc' } });
    expect(answers.find((a) => a.personId === s.idOf('alan'))?.answer).toBe('met');
    expect(answers.find((a) => a.personId === s.idOf('ada'))?.answer).toBeNull();

    // Ada, the organiser, reads the figures in the community's channel: the group met.
    await send(ada, '/guild pairing stats');
    await ada.locator('.message.ephemeral', { hasText: 'Coffee groups: 1 round, 1 group, 100% of groups asked said they met, 1 unique connection.' }).waitFor({ timeout: 10_000 });
  }, 90_000);
});
