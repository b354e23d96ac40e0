import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { ARTIFACTS, openGuildDm, send, useBrowserSandbox } from '../support/browser-sandbox';
import { parseCalendar } from '../support/ical';

/**
 * An unconference in the sandbox page, every step clicked as people would: Ada (the Design
 * guild's organiser) plans it in the form; Grace and Alan each propose a session from its
 * message; Ada opens voting; Grace spreads her dots in the form; Ada closes voting, gets the draft
 * in her DM with Guild and publishes it there; then Grace reads her own agenda in her DM with
 * Guild (her sessions at her own local times, New York) and downloads its .ics.
 */
describe('an unconference in the sandbox page', () => {
  const s = useBrowserSandbox();

  const modal = (page: Page) => page.locator('#modal .modal');
  const unconference = (page: Page) => page.locator('#messages article', { hasText: 'Unconference: Winter open space' });
  const submit = async (page: Page) => {
    await modal(page).locator('button[type="submit"]').click();
    await modal(page).waitFor({ state: 'detached', timeout: 10_000 });
  };

  async function propose(page: Page, title: string, level: string) {
    await unconference(page).locator('[data-action="unconf_propose_open"]').click();
    const form = modal(page);
    await form.waitFor({ timeout: 10_000 });
    await form.getByLabel('Title').fill(title);
    await form.getByLabel('For').selectOption({ label: level });
    await submit(page);
  }

  it('goes from the plan to a member reading their own agenda in their DM', async () => {
    const ada = await s.open('ada');
    const grace = await s.open('grace');
    const alan = await s.open('alan');

    // Ada plans it three days ahead of the workspace's clock: two slots, two rooms, London time.
    const day = DateTime.fromJSDate(s.sandbox.clock.now(), { zone: 'Europe/London' }).plus({ days: 3 }).toISODate() as string;
    await send(ada, '/guild unconference');
    const form = modal(ada);
    await form.waitFor({ timeout: 10_000 });
    await form.getByLabel('Title').fill('Winter open space');
    await form.getByLabel('Day').fill(day);
    await form.getByLabel('Time slots: start times').fill('15:00, 16:00');
    await form.getByLabel('Rooms and their capacities').fill('Lovelace: 4\nHopper: 4');
    await s.screenshot(ada, 'unconference-plan-form');
    await submit(ada);
    await unconference(grace).waitFor({ timeout: 10_000 });

    await propose(grace, 'Prototyping <fast>', 'Everyone');
    await propose(alan, 'Research ops', 'Experienced members');
    await unconference(ada).filter({ hasText: 'Research ops' }).filter({ hasText: 'Prototyping <fast>' }).waitFor({ timeout: 10_000 });
    await unconference(ada).locator('[data-action="unconf_step_open_voting"]').click();
    await unconference(grace).locator('[data-action="unconf_dots_open"]').waitFor({ timeout: 10_000 });

    // Grace spreads her dots: two on Alan's session, one on her own.
    await unconference(grace).locator('[data-action="unconf_dots_open"]').click();
    const ballot = modal(grace);
    await ballot.waitFor({ timeout: 10_000 });
    await ballot.getByLabel('Research ops').selectOption({ label: '2 dots' });
    await ballot.getByLabel('Prototyping <fast>').selectOption({ label: '1 dot' });
    await s.screenshot(grace, 'unconference-dots');
    await submit(grace);
    await openGuildDm(grace);
    await grace.locator('#messages article', { hasText: '3 of 3 used' }).waitFor({ timeout: 10_000 });

    // Ada closes voting and publishes the draft from her DM with Guild.
    await unconference(ada).locator('[data-action="unconf_step_close_voting"]').click();
    await openGuildDm(ada);
    const draft = ada.locator('#messages article', { hasText: 'Draft agenda: Winter open space' });
    await draft.waitFor({ timeout: 15_000 });
    await s.screenshot(ada, 'unconference-draft');
    await draft.locator('[data-action="unconf_step_publish"]').click();
    await ada.locator('.message.ephemeral', { hasText: 'Published' }).waitFor({ timeout: 10_000 });

    // Grace reads her own agenda: her session and Alan's, in the slots the allocation gave them, at her time (New York: 10:00 and 11:00).
    const published = await s.db.prisma.unconference.findFirstOrThrow({ include: { proposals: true } });
    const slotOf = (title: string) => (published.agenda as { sessions: { topicId: number; slot: number }[] }).sessions.find((x) => x.topicId === published.proposals.find((p) => p.title === title)!.id)!.slot;
    const mine = grace.locator('#messages article', { hasText: 'Your agenda for Winter open space' });
    await mine.waitFor({ timeout: 15_000 });
    const text = (await mine.textContent()) ?? '';
    expect(text).toContain('Prototyping <fast>');
    expect(text).toContain('(you host it)');
    const times = ['10:00 AM–10:45 AM', '11:00 AM–11:45 AM'];
    expect(slotOf('Prototyping <fast>')).not.toBe(slotOf('Research ops'));
    expect(text).toMatch(new RegExp(`${times[slotOf('Prototyping <fast>')]}: Prototyping <fast> in (Lovelace|Hopper) \\(you host it\\)`));
    expect(text).toMatch(new RegExp(`${times[slotOf('Research ops')]}: Research ops in (Lovelace|Hopper)`));
    // The title shows as typed: its <fast> is text, not markup.
    expect(await mine.locator('fast').count()).toBe(0);
    await s.screenshot(grace, 'unconference-my-agenda');

    // Her calendar file, from the DM's link: both sessions, at their slots' instants (15:00 and 16:00 in London).
    const link = mine.getByRole('link', { name: 'Add your sessions to your calendar (.ics)' });
    const [download] = await Promise.all([grace.waitForEvent('download'), link.click()]);
    const saved = path.join(ARTIFACTS, 'unconference-agenda.ics');
    await download.saveAs(saved);
    const calendar = parseCalendar(readFileSync(saved, 'utf8'));
    const starts = calendar.vevents.map((v) => [String(v.getFirstPropertyValue('summary')), (v.getFirstPropertyValue('dtstart') as { toJSDate(): Date }).toJSDate().getTime()]);
    const at = (time: string) => DateTime.fromISO(`${day}T${time}`, { zone: 'Europe/London' }).toMillis();
    const slotStart = (title: string) => at(['15:00', '16:00'][slotOf(title)]!);
    expect(starts.sort()).toEqual([['Prototyping <fast>', slotStart('Prototyping <fast>')], ['Research ops', slotStart('Research ops')]]);
    expect(s.sandbox.slack.failedInteractions()).toEqual([]);
  }, 150_000);
});
