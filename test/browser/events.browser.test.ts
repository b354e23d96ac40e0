import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { send, useBrowserSandbox } from '../support/browser-sandbox';

/**
 * An event in the sandbox page, as people would plan and answer it: Ada (the Design guild's
 * organiser) fills the event form in the page (menus, pickers, a topic and a host), with a title
 * holding markup that must show as typed; the announcement appears in #design, its time in each
 * reader's zone; Alan clicks Going and the counts change in place; Grace clicks Going on the full
 * event and is told her place on the waitlist.
 */
describe('events in the sandbox page', () => {
  const s = useBrowserSandbox();

  const TITLE = 'Colour contrast <u>clinic</u>';
  const modal = (page: Page) => page.locator('#modal .modal');
  const announcement = (page: Page) => page.locator('#messages article', { hasText: 'Workshop: Colour contrast' }).filter({ has: page.locator('[data-action="event_rsvp_going"]') });

  it('is planned in the form, announced, and answered: counts in place and a waitlist', async () => {
    const ada = await s.open('ada');
    const alan = await s.open('alan');
    const grace = await s.open('grace');

    // Ada fills the form three days ahead of the workspace's clock, at 18:30 in the guild's zone.
    const day = DateTime.fromJSDate(s.sandbox.clock.now(), { zone: 'Europe/London' }).plus({ days: 3 }).toISODate() as string;
    await send(ada, '/guild event');
    const form = modal(ada);
    await form.waitFor({ timeout: 10_000 });
    await form.getByLabel('Kind of event').selectOption({ label: 'Workshop' });
    await form.getByLabel('Title').fill(TITLE);
    await form.getByLabel('Topics').selectOption(['accessibility']);
    await form.getByLabel('Hosts or speakers').selectOption([{ label: 'Ada Lovelace' }]);
    await form.getByLabel('Date', { exact: true }).fill(day);
    await form.getByLabel('Starts at').fill('18:30');
    await form.getByLabel('Capacity').fill('1');
    expect(await form.getByLabel('Time zone').inputValue()).toBe('Europe/London');
    await form.getByLabel('Kind of event').scrollIntoViewIfNeeded();
    await s.screenshot(ada, 'events-form');
    await form.locator('button[type="submit"]').click();
    await form.waitFor({ state: 'detached', timeout: 10_000 });

    // The announcement in #design: the title as typed (no markup of its own), the time, the places.
    const posted = announcement(alan);
    await posted.waitFor({ timeout: 10_000 });
    expect(await posted.textContent()).toContain(TITLE);
    expect(await posted.locator('u').count()).toBe(0);
    expect(await posted.textContent()).toContain('Going (0 of 1 places)');
    expect(await posted.textContent()).toContain('Hosted by @Ada');
    expect(await posted.textContent()).toContain('Topics: accessibility');
    const stored = await s.db.prisma.event.findFirstOrThrow({ where: { title: TITLE } });
    expect(DateTime.fromJSDate(stored.startsAt, { zone: 'Europe/London' }).toFormat("yyyy-MM-dd'T'HH:mm")).toBe(`${day}T18:30`);
    expect(stored.capacity).toBe(1);
    // Each reader sees the start in their own zone: 18:30 in London is 13:30 in New York.
    const shownDay = DateTime.fromISO(day).toFormat('LLL d, yyyy');
    expect(await posted.textContent()).toContain(`${shownDay} at 6:30 PM`);
    await announcement(grace).filter({ hasText: `${shownDay} at 1:30 PM` }).waitFor({ timeout: 10_000 });

    // Alan goes: the same message now counts him.
    await posted.locator('[data-action="event_rsvp_going"]').click();
    await alan.locator('.message.ephemeral', { hasText: "You're going" }).waitFor({ timeout: 10_000 });
    await announcement(ada).filter({ hasText: 'Going (1 of 1 places)' }).filter({ hasText: 'Alan' }).waitFor({ timeout: 10_000 });

    // Grace goes too: it is full, so she waits first in line, and the announcement shows the waitlist.
    await announcement(grace).locator('[data-action="event_rsvp_going"]').click();
    await grace.locator('.message.ephemeral', { hasText: 'number 1 on the waitlist' }).waitFor({ timeout: 10_000 });
    await announcement(ada).filter({ hasText: 'Waitlist (1, in order)' }).waitFor({ timeout: 10_000 });
    expect(await announcement(ada).count()).toBe(1);
    expect(s.sandbox.slack.messages(s.channelId('design')).filter((m) => m.text.includes('Workshop: Colour contrast'))).toHaveLength(1);
    await s.screenshot(ada, 'events-announcement');
    expect(s.sandbox.slack.failedInteractions()).toEqual([]);
  }, 120_000);
});
