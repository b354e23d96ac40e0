import type { Page } from 'playwright-core';
import { send, useBrowserSandbox } from '../support/browser-sandbox';

/**
 * A new member, as they meet Guild in the sandbox page: Noah (Sydney, in no community yet) joins
 * the Design guild, follows the welcome DM, sets up the profile with the searchable time zone
 * menu, sees it all in words on the App Home and opts out again there.
 */
describe('onboarding in the sandbox page', () => {
  const s = useBrowserSandbox();

  const modal = (page: Page) => page.locator('#modal .modal');
  const welcome = (page: Page) => page.locator('#messages article', { hasText: 'Welcome to Design guild' });

  it('joins, follows the welcome DM, picks a time zone by city, sees the profile on the Home and opts out', async () => {
    const noah = await s.open('noah', 'design');
    // Not yet in #design: the channel offers to join it, then /guild join makes Noah a member.
    await noah.getByRole('button', { name: 'Join channel' }).click();
    await noah.locator('main .composer input[name="text"]').waitFor({ timeout: 10_000 });
    await send(noah, '/guild join');
    await noah.locator('.message.ephemeral', { hasText: 'I sent you a DM' }).waitFor({ timeout: 10_000 });

    // The welcome DM: what the community runs, the profile button, the opt-ins.
    await noah.locator('#sidebar a[data-conversation]', { hasText: 'Guild' }).click();
    await welcome(noah).waitFor({ timeout: 10_000 });
    expect(await welcome(noah).textContent()).toContain('What would you like to take part in?');
    await welcome(noah).getByLabel('Coffee groups').check();
    await welcome(noah).getByLabel('Event suggestions').check();
    await welcome(noah).locator('select[data-action="guild_mentoring"]').selectOption({ label: 'Mentoring: as a mentee' });
    await s.screenshot(noah, 'onboarding-welcome-dm');

    await welcome(noah).getByRole('button', { name: 'Set up my profile' }).click();
    await modal(noah).waitFor({ timeout: 10_000 });
    const zone = modal(noah).getByRole('combobox', { name: /Time zone/ });
    // Until the person picks, the menu follows Slack's zone, and says so.
    expect(await zone.inputValue()).toMatch(/^Use my Slack time zone \(Sydney, UTC\+1[01]\)$/);
    await zone.click();
    const list = modal(noah).locator('[data-block="timeZone"] [role="listbox"]');
    // Opened with nothing typed, the menu asks Guild at once (min_query_length 0).
    await list.getByRole('option', { name: /Use my Slack time zone/ }).waitFor({ timeout: 10_000 });
    await zone.pressSequentially('Tokyo', { delay: 40 });
    // The answer to "Tokyo" replaces the opening list (which has Tokyo among well-known zones too).
    await list.getByRole('option', { name: /Use my Slack/ }).waitFor({ state: 'detached', timeout: 10_000 });
    const tokyo = list.getByRole('option', { name: 'Tokyo · UTC+9 · Asia/Tokyo' });
    expect(await list.getByRole('option').allTextContents()).toEqual(['Tokyo · UTC+9 · Asia/Tokyo']);
    await s.screenshot(noah, 'onboarding-zone-search');
    await tokyo.click();
    await list.waitFor({ state: 'hidden' });
    expect(await zone.inputValue()).toBe('Tokyo · UTC+9 · Asia/Tokyo');
    await modal(noah).getByLabel('Other interests').fill('game UI, sound design');
    await modal(noah).locator('button[type="submit"]').click();
    await modal(noah).waitFor({ state: 'detached', timeout: 10_000 });

    // Guild stored the zone picked from its own options answer.
    const saved = await s.db.prisma.person.findUniqueOrThrow({ where: { id: s.idOf('noah') } });
    expect(saved.timeZone).toBe('Asia/Tokyo');

    // The App Home: profile and opt-ins in words.
    const home = (await s.open('noah', 'home')).locator('#home .home-view');
    await home.filter({ hasText: 'What Guild knows about you' }).waitFor({ timeout: 10_000 });
    const words = async () => (await home.textContent()) ?? '';
    expect(await words()).toContain('Time zone: Tokyo, UTC+9 (you pinned it)');
    expect(await words()).toContain('game UI');
    expect(await words()).toContain('You take part in: coffee groups, mentoring as a mentee, event suggestions.');
    await s.screenshot(home.page(), 'onboarding-app-home');

    // Opting out of coffee groups on the Home: Guild republishes it, and the words follow.
    await home.getByLabel('Coffee groups').uncheck();
    await home.filter({ hasText: 'You take part in: mentoring as a mentee, event suggestions.' }).waitFor({ timeout: 10_000 });
    expect(await home.getByLabel('Coffee groups').isChecked()).toBe(false);
    await s.screenshot(home.page(), 'onboarding-opted-out');
  }, 90_000);
});
