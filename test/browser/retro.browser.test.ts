import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { ARTIFACTS, clockUntil, send, useBrowserSandbox } from '../support/browser-sandbox';

/**
 * A whole retro in the browser, run by three people taking turns in their own tabs: Ada starts
 * it from the form, Grace and Alan add items, Ada reveals, they vote, Alan writes a note in a
 * discussion thread, Ada records an action item for Alan and closes the retro, and exports it;
 * then the clock is fast-forwarded until Alan's reminder arrives by DM.
 */
describe('a retro in the sandbox page', () => {
  const s = useBrowserSandbox();

  const board = (page: Page) => page.locator('#messages article', { hasText: 'Retro' }).filter({ has: page.locator('[data-action="retro_next_phase"], [data-block^="retro_item_"]') }).last();
  const clickOnBoard = async (page: Page, action: string) => {
    await board(page).locator(`[data-action="${action}"]`).click();
  };
  const modal = (page: Page) => page.locator('#modal .modal');
  const submitModal = async (page: Page) => {
    await modal(page).locator('button[type="submit"]').click();
    await modal(page).waitFor({ state: 'detached', timeout: 10_000 });
  };
  const vote = async (page: Page, item: string) => {
    await board(page).locator('.block.section', { hasText: item }).locator('select.overflow').selectOption({ label: '+1 vote' });
  };

  it('runs from the form to the export, three people acting in turn, and the clock brings the reminder', async () => {
    const ada = await s.open('ada');
    const grace = await s.open('grace');
    const alan = await s.open('alan');

    // Ada: the form, with the completion list offering Guild's commands.
    expect(await ada.locator('#commands option').evaluateAll((options) => options.map((o) => (o as unknown as { value: string }).value))).toEqual(expect.arrayContaining(['/retro', '/guild profile']));
    await send(ada, '/retro');
    await modal(ada).waitFor();
    await modal(ada).getByLabel('Title').fill('Sprint 42');
    await submitModal(ada);
    await board(grace).waitFor();

    // Grace and Alan add an item each, from the board's button; the items stay hidden.
    await clickOnBoard(grace, 'retro_add_item');
    await modal(grace).getByLabel('Item').fill('Releases keep slipping');
    await submitModal(grace);
    await clickOnBoard(alan, 'retro_add_item');
    await modal(alan).getByLabel('Column').selectOption('sad');
    await modal(alan).getByLabel('Item').fill('Onboarding docs are stale');
    await submitModal(alan);
    await board(ada).filter({ hasText: '2 contributors' }).waitFor({ timeout: 10_000 });
    expect(await board(ada).textContent()).not.toContain('Releases keep slipping');

    // Ada reveals them and opens voting; Grace and Alan vote from the ⋯ menu.
    await clickOnBoard(ada, 'retro_next_phase');
    await board(ada).filter({ hasText: 'Releases keep slipping' }).waitFor({ timeout: 10_000 });
    await clickOnBoard(ada, 'retro_next_phase');
    await board(grace).locator('select.overflow').first().waitFor({ timeout: 10_000 });
    await vote(grace, 'Onboarding docs are stale');
    await grace.locator('.message.ephemeral', { hasText: 'vote' }).last().waitFor({ timeout: 10_000 });
    await vote(alan, 'Onboarding docs are stale');
    await vote(alan, 'Releases keep slipping');
    await alan.locator('.message.ephemeral', { hasText: '1 vote left' }).waitFor({ timeout: 10_000 });

    // Discussion: the most-voted item has a thread; Alan replies there, and the board counts the note.
    await clickOnBoard(ada, 'retro_next_phase');
    const thread = alan.locator('#messages article', { hasText: 'Discuss' }).filter({ hasText: 'Onboarding docs are stale' }).filter({ hasNot: alan.locator('[data-block^="retro_item_"]') }).first();
    await thread.waitFor({ timeout: 10_000 });
    await thread.locator('a.reply-link').click();
    await alan.locator('#thread-pane').waitFor();
    await send(alan, 'Pair new joiners with a buddy', { thread: true });
    await alan.locator('#thread .thread-replies', { hasText: 'Pair new joiners with a buddy' }).waitFor();
    await board(ada).filter({ hasText: '1 note' }).waitFor({ timeout: 10_000 });

    // Ada records an action item for Alan, due in two days (his calendar).
    const due = DateTime.fromJSDate(s.sandbox.clock.now(), { zone: 'Europe/London' }).plus({ days: 2 }).toISODate() as string;
    await clickOnBoard(ada, 'retro_add_action');
    await modal(ada).getByLabel('What is to be done').fill('Rewrite the onboarding guide');
    await modal(ada).getByLabel('Owner').selectOption({ label: 'Alan Turing' });
    await modal(ada).getByLabel('Due').fill(due);
    await submitModal(ada);
    await board(ada).filter({ hasText: 'Rewrite the onboarding guide' }).waitFor({ timeout: 10_000 });
    await ada.goto(`${s.sandbox.url}u/${s.idOf('ada')}/c/${s.channelId('design')}?thread=${await thread.getAttribute('data-ts')}`);
    await ada.waitForSelector('body[data-ready="1"]');
    await s.screenshot(ada, 'retro-in-progress');

    // Ada closes it (Slack's confirm dialog is accepted); the summary is posted.
    await clickOnBoard(ada, 'retro_next_phase');
    await ada.locator('#messages article', { hasText: 'closed: 2 people took part' }).waitFor({ timeout: 10_000 });

    // The export arrives by DM, and downloads from the page.
    await send(ada, '/retro export');
    await ada.locator('#sidebar a.unread', { hasText: 'Guild' }).waitFor({ timeout: 10_000 });
    await ada.locator('#sidebar a[data-conversation^="D"]').click();
    const file = ada.locator('#messages a.file').first();
    await file.waitFor({ timeout: 10_000 });
    const [download] = await Promise.all([ada.waitForEvent('download'), file.click()]);
    const saved = path.join(ARTIFACTS, download.suggestedFilename());
    await download.saveAs(saved);
    const markdown = readFileSync(saved, 'utf8');
    expect(markdown).toContain('Onboarding docs are stale');
    expect(markdown).toContain('Pair new joiners with a buddy');
    expect(markdown).toContain('Rewrite the onboarding guide');

    // The clock: fast-forward job by job until Alan's reminder arrives, the day before it is due.
    await alan.goto(`${s.sandbox.url}u/${s.idOf('alan')}/c/${s.channelId('design')}`);
    await alan.waitForSelector('body[data-ready="1"]');
    const before = await alan.locator('#workspace-time').getAttribute('datetime');
    await clockUntil(alan, alan.locator('#sidebar a.unread[data-conversation^="D"]'), { maxSteps: 6 });
    await alan.locator('#sidebar a.unread[data-conversation^="D"]').click();
    await alan.locator('#messages article', { hasText: 'Reminder: "Rewrite the onboarding guide"' }).waitFor({ timeout: 10_000 });
    const after = await alan.locator('#workspace-time').getAttribute('datetime');
    expect(new Date(after as string).getTime()).toBeGreaterThan(new Date(before as string).getTime() + 3_600_000);
    await s.screenshot(alan, 'retro-reminder');
    expect(s.sandbox.slack.failedInteractions()).toEqual([]);
  }, 240_000);
});
