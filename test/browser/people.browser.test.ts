import type { Page } from 'playwright-core';
import { send, useBrowserSandbox } from '../support/browser-sandbox';

/**
 * What any person meets in the sandbox page: the profile form and its field errors, the App
 * Home, two people side by side in two tabs (each seeing only their own ephemerals, unread marks
 * for the other's posts), and Slack's answers to bad input.
 */
describe('people in the sandbox page', () => {
  const s = useBrowserSandbox();

  const modal = (page: Page) => page.locator('#modal .modal');

  it('shows a profile field error beside its field, keeps what was typed, then saves', async () => {
    const grace = await s.open('grace');
    await send(grace, '/guild profile');
    await modal(grace).waitFor();
    // Interests are picked from what the community wrote; new ones are typed beside them.
    await modal(grace).getByLabel('Other interests').fill('type systems');
    await modal(grace).locator('[data-block="workdayStart"] input').fill('10:00');
    await modal(grace).locator('[data-block="workdayEnd"] input').fill('10:00');
    await modal(grace).locator('button[type="submit"]').click();
    const error = modal(grace).locator('[data-block="workdayEnd"] .field-error');
    await error.waitFor({ timeout: 10_000 });
    expect(await error.textContent()).toContain('must end at a different time');
    expect(await modal(grace).getByLabel('Other interests').inputValue()).toBe('type systems');
    await s.screenshot(grace, 'profile-field-error');

    await modal(grace).locator('[data-block="workdayEnd"] input').fill('18:00');
    await modal(grace).locator('button[type="submit"]').click();
    await modal(grace).waitFor({ state: 'detached', timeout: 10_000 });
    const saved = await s.db.prisma.person.findUniqueOrThrow({ where: { id: s.idOf('grace') } });
    expect(JSON.stringify(saved)).toContain('type systems');
  }, 60_000);

  it('shows the App Home, whose button opens the profile form', async () => {
    const grace = await s.open('grace', 'home');
    const home = grace.locator('#home .home-view');
    await home.waitFor({ timeout: 10_000 });
    await home.filter({ hasText: 'What Guild knows about you' }).waitFor({ timeout: 10_000 });
    expect(await home.textContent()).toContain('Design guild');
    await s.screenshot(grace, 'app-home');
    await home.locator('[data-action]', { hasText: 'Edit profile' }).click();
    await modal(grace).waitFor({ timeout: 10_000 });
    const picked = await modal(grace).locator('[data-block="interests"] select').evaluate((el) => Array.from((el as unknown as { selectedOptions: ArrayLike<{ text: string }> }).selectedOptions, (o) => o.text));
    expect(picked).toContain('type systems');
    await modal(grace).getByRole('button', { name: 'Close' }).click();
    await modal(grace).waitFor({ state: 'detached' });
  }, 60_000);

  it('puts two people side by side: ephemerals to their person only, unread marks, live posts', async () => {
    const ada = await s.open('ada', 'design');
    const grace = await s.open('grace', 'design');
    await send(grace, '/guild help');
    await grace.locator('.message.ephemeral', { hasText: '/guild setup' }).waitFor({ timeout: 10_000 });
    expect(await ada.locator('.message.ephemeral', { hasText: '/guild setup' }).count()).toBe(0);
    // One topic in full, with its examples.
    await send(grace, '/guild help retro');
    await grace.locator('.message.ephemeral', { hasText: '/retro history 2' }).waitFor({ timeout: 10_000 });

    // Ada posts in #random; Grace, still on #design, sees it marked unread, then reads it.
    await ada.locator('#sidebar a', { hasText: 'random' }).click();
    await send(ada, 'Anyone up for *coffee*? <@grace> & co');
    await ada.locator('#messages article', { hasText: 'Anyone up for' }).locator('b', { hasText: 'coffee' }).waitFor();
    await grace.locator('#sidebar a.unread', { hasText: 'random' }).waitFor({ timeout: 10_000 });
    await grace.locator('#sidebar a', { hasText: 'random' }).click();
    // What a person typed reaches Guild escaped: it shows as typed, never as markup or a mention.
    expect(await grace.locator('#messages article', { hasText: 'Anyone up for' }).textContent()).toContain('<@grace> & co');
    expect(await grace.locator('#sidebar a.unread', { hasText: 'random' }).count()).toBe(0);

    // The switcher: the same conversation as someone else.
    await grace.locator('#person').selectOption({ label: 'Yuki Tanaka (Asia/Tokyo)' });
    await grace.waitForURL(new RegExp(`/u/${s.idOf('yuki')}/`));
    expect(await grace.locator('#workspace-time + .zone').textContent()).toBe('Asia/Tokyo');
  }, 60_000);

  it('answers bad input as Slack does: unknown commands, overlong messages, empty messages', async () => {
    const alan = await s.open('alan', 'design');
    await send(alan, '/nope now');
    await alan.locator('.message.ephemeral', { hasText: '/nope is not a valid command' }).waitFor({ timeout: 10_000 });
    const input = alan.locator('main .composer input[name="text"]');
    await input.fill('x'.repeat(50_000));
    await input.press('Enter');
    await alan.locator('.message.ephemeral', { hasText: 'Your message is too long' }).waitFor({ timeout: 10_000 });
    const before = s.sandbox.slack.messages(s.channelId('design')).length;
    await input.fill('   ');
    await input.press('Enter');
    await alan.waitForTimeout(300);
    expect(s.sandbox.slack.messages(s.channelId('design')).length).toBe(before);
  }, 60_000);
});
