import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { ARTIFACTS, send, useBrowserSandbox } from '../support/browser-sandbox';
import { parseCalendar } from '../support/ical';

/**
 * An event in the sandbox page, as people would plan and answer it: Ada (the Design guild's
 * organiser) fills the event form in the page (menus, pickers, a topic and a host), with a title
 * holding markup that must show as typed; the announcement appears in #design, its time in each
 * reader's zone; Alan clicks Going and the counts change in place; Grace clicks Going on the full
 * event and is told her place on the waitlist; then she downloads the event's .ics from the
 * announcement's link, which an independent parser (ical.js) reads back: its title and its
 * local start in the event's zone.
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

    // Grace downloads the event's calendar file from the announcement's link, as she would click it.
    const link = announcement(grace).getByRole('link', { name: 'Add to your calendar (.ics)' });
    const href = (await link.getAttribute('href')) as string;
    expect(href).toMatch(new RegExp(`/calendar/event/${stored.id}\\.ics\\?sig=`));
    // The link opens a new tab, which becomes the download (reported on Grace's tab) and closes.
    const [download] = await Promise.all([grace.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe(`event-${stored.id}.ics`);
    const saved = path.join(ARTIFACTS, 'events-download.ics');
    await download.saveAs(saved);
    const calendar = parseCalendar(readFileSync(saved, 'utf8'));
    const [occurrence] = calendar.occurrences(stored.uid);
    expect(occurrence).toMatchObject({ summary: TITLE, tzid: 'Europe/London', local: `${day}T18:30:00`, start: stored.startsAt });
    expect(calendar.timezones).toEqual(['Europe/London']);

    // The same address, asked directly: served as a calendar, and refused with a signature changed.
    const response = await grace.request.get(href);
    expect(response.headers()['content-type']).toBe('text/calendar; charset=utf-8');
    expect((await response.text()).split('\r\n')).toContain(`DTSTART;TZID=Europe/London:${day.replaceAll('-', '')}T183000`);
    expect((await grace.request.get(href.replace(/sig=./, (m) => (m.endsWith('A') ? 'sig=B' : 'sig=A')))).status()).toBe(403);
  }, 120_000);
});
