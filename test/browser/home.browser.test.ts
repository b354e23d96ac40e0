import { DateTime } from 'luxon';
import type { Locator, Page } from 'playwright-core';
import { DEFAULT_SIZE } from '../../src/rituals/health/charts';
import { send, useBrowserSandbox } from '../support/browser-sandbox';

const WAIT = { timeout: 20_000 };

/** What the browser knows of an <img> (the tests' types have no DOM). */
type ShownImage = { complete: boolean; naturalWidth: number; naturalHeight: number };

/**
 * Both App Home tabs in the sandbox page. Alan, a member, has an event he is going to, a coffee
 * group with Ada and an open action item from a retro, all made in the page as people would;
 * he opens his Home, sees each, and acts on each from there (marks the item done, changes his
 * answer, says they met, snoozes coffee), every change showing in the page. Ada, the Design
 * guild's organiser, opens hers and sees the community's health at a glance, with the trend
 * chart Guild serves actually loaded as an image in the browser, and nothing stuck.
 */
describe('the App Home tabs in the sandbox page', () => {
  const s = useBrowserSandbox();

  const modal = (page: Page) => page.locator('#modal .modal');
  const submitModal = async (page: Page) => {
    await modal(page).locator('button[type="submit"]').click();
    await modal(page).waitFor({ state: 'detached', ...WAIT });
  };
  const ephemeral = (page: Page, text: string) => page.locator('.message.ephemeral', { hasText: text }).last().waitFor(WAIT);
  const home = (page: Page) => page.locator('#home .home-view');
  /** The Home's section (a block) holding `text`. */
  const homeBlock = (page: Page, text: string | RegExp): Locator => home(page).locator('.block', { hasText: text });

  /** Ada and Alan opt in to coffee and Ada runs a round: one group, the two of them. */
  const coffeeGroup = async (ada: Page, alan: Page) => {
    await send(alan, '/guild coffee join');
    await ephemeral(alan, 'You take part in the coffee groups');
    await send(ada, '/guild coffee join');
    await ephemeral(ada, 'You take part in the coffee groups');
    await send(ada, '/guild coffee run');
    await ephemeral(ada, 'The round is out: 1 group');
  };

  /** Ada plans a talk three days ahead in the form; Alan clicks Going on its announcement. */
  const eventAlanGoesTo = async (ada: Page, alan: Page, title: string) => {
    const day = DateTime.fromJSDate(s.sandbox.clock.now(), { zone: 'Europe/London' }).plus({ days: 3 }).toISODate() as string;
    await send(ada, '/guild event');
    const form = modal(ada);
    await form.waitFor(WAIT);
    await form.getByLabel('Kind of event').selectOption({ label: 'Talk' });
    await form.getByLabel('Title').fill(title);
    await form.getByLabel('Date', { exact: true }).fill(day);
    await form.getByLabel('Starts at').fill('18:30');
    await submitModal(ada);
    const announcement = alan.locator('#messages article', { hasText: title }).filter({ has: alan.locator('[data-action="event_rsvp_going"]') });
    await announcement.waitFor(WAIT);
    await announcement.locator('[data-action="event_rsvp_going"]').click();
    await ephemeral(alan, "You're going");
  };

  /** Ada runs a retro up to its discussion and records an action item for Alan there. */
  const actionItemForAlan = async (ada: Page, retro: string, action: string) => {
    const board = ada.locator('#messages article', { hasText: 'Retro' }).filter({ has: ada.locator('[data-action="retro_next_phase"]') }).last();
    await send(ada, `/retro ${retro}`);
    await board.waitFor(WAIT);
    for (const phase of ['Items revealed', 'Voting', 'Discussing']) {
      await board.locator('[data-action="retro_next_phase"]').click();
      await ada.locator('#messages article', { hasText: phase }).filter({ has: ada.locator('[data-action="retro_next_phase"]') }).waitFor(WAIT);
    }
    await board.locator('[data-action="retro_add_action"]').click();
    await modal(ada).waitFor(WAIT);
    await modal(ada).getByLabel('What is to be done').fill(action);
    await modal(ada).getByLabel('Owner').selectOption({ label: 'Alan Turing' });
    await submitModal(ada);
    await board.filter({ hasText: action }).waitFor(WAIT);
  };

  it('lets a member see their event, coffee group and action item on the Home, and act on each there', async () => {
    const ada = await s.open('ada');
    const alan = await s.open('alan');
    await coffeeGroup(ada, alan);
    await eventAlanGoesTo(ada, alan, 'Colour for dashboards');
    await actionItemForAlan(ada, 'Sprint 7', 'Write up the colour audit');

    const page = await s.open('alan', 'home');
    // The page draws the Home Guild publishes when it hears the tab open.
    await homeBlock(page, 'Write up the colour audit').waitFor(WAIT);
    await homeBlock(page, /Colour for dashboards.*going/).waitFor(WAIT);
    await homeBlock(page, 'Your group of').filter({ hasText: '@Ada' }).waitFor(WAIT);
    await homeBlock(page, 'Design guild').filter({ hasText: 'taking part' }).filter({ has: page.locator('[data-action="coffee_snooze"]') }).waitFor(WAIT);
    expect(await home(page).textContent()).toContain('Next events in your communities');
    expect(await home(page).textContent()).toContain('Your action items');
    expect(await home(page).textContent()).toContain('Sprint 7');
    // A member's Home has no organiser sections.
    expect(await home(page).textContent()).not.toContain('Community health');
    expect(await home(page).textContent()).not.toContain('Anything stuck');
    await s.screenshot(page, 'home-member');

    // Mark done: the item leaves the Home, and the store has it done.
    await homeBlock(page, 'Write up the colour audit').locator('[data-action="retro_home_done"]').click();
    await home(page).filter({ hasNotText: 'Write up the colour audit' }).waitFor(WAIT);
    expect(await home(page).textContent()).not.toContain('Your action items');
    expect((await s.db.prisma.retroActionItem.findFirstOrThrow({ where: { text: 'Write up the colour audit' } })).status).toBe('done');

    // RSVP from the Home's menu: going → maybe.
    await homeBlock(page, 'Colour for dashboards').locator('select.overflow[data-action="event_home_rsvp"]').selectOption({ label: 'Maybe' });
    await homeBlock(page, /Colour for dashboards.*maybe/).waitFor(WAIT);
    const rsvp = await s.db.prisma.eventRsvp.findFirstOrThrow({ where: { personId: s.idOf('alan'), event: { title: 'Colour for dashboards' } } });
    expect(rsvp.status).toBe('maybe');

    // The coffee group: "We met", then the section says so and the button goes.
    await homeBlock(page, 'Your group of').locator('[data-action="coffee_answer_met"]').click();
    await homeBlock(page, 'Your group of').filter({ hasText: 'you met' }).waitFor(WAIT);
    expect(await homeBlock(page, 'Your group of').locator('[data-action="coffee_answer_met"]').count()).toBe(0);

    // Snooze coffee for four weeks: the section says until when, and offers Resume.
    await home(page).locator('[data-action="coffee_snooze"]').click();
    const snoozed = homeBlock(page, 'Design guild').filter({ hasText: 'snoozed until' });
    await snoozed.waitFor(WAIT);
    expect(await snoozed.locator('[data-action="coffee_resume"]').count()).toBe(1);
    // What he did before is still as he left it.
    expect(await homeBlock(page, 'Colour for dashboards').textContent()).toContain('maybe');
    await s.screenshot(page, 'home-member-after-acting');
    expect(s.sandbox.slack.failedInteractions()).toEqual([]);
  }, 240_000);

  it("shows the organiser their community's health with the chart loaded in the browser, and nothing stuck", async () => {
    const page = await s.open('ada', 'home');
    const health = homeBlock(page, /Design guild\*?: \d+ of \d+ took part this month/);
    await health.waitFor(WAIT);
    expect(await home(page).textContent()).toContain('Community health');

    // The chart: an image block, its address Guild's own, fetched and decoded by the browser.
    const chart = home(page).locator('figure.block.image img');
    await chart.waitFor(WAIT);
    expect(await chart.getAttribute('alt')).toContain('Monthly trends of Design guild');
    expect(await chart.getAttribute('src')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/health\/\d+\/\d{4}-\d{2}\.png\?sig=/);
    await chart.scrollIntoViewIfNeeded();
    await page.waitForFunction((img) => (img as unknown as ShownImage).complete && (img as unknown as ShownImage).naturalWidth > 0, await chart.elementHandle(), WAIT);
    const size = await chart.evaluate((img) => ({ width: (img as unknown as ShownImage).naturalWidth, height: (img as unknown as ShownImage).naturalHeight }));
    // Decoded at the size Guild draws it.
    expect(size).toEqual(DEFAULT_SIZE);
    await s.screenshot(page, 'home-organiser-health');

    // Anything stuck: nothing, said so; and the community's schedules below it.
    const stuck = homeBlock(page, 'Anything stuck in Design guild');
    await stuck.scrollIntoViewIfNeeded();
    expect(await stuck.textContent()).toContain('Nothing stuck.');
    expect(await home(page).textContent()).toContain('Schedules:');
    await s.screenshot(page, 'home-organiser-stuck');
    expect(s.sandbox.slack.failedInteractions()).toEqual([]);
  }, 120_000);
});
