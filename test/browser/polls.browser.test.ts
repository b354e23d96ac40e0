import type { Page } from 'playwright-core';
import { send, useBrowserSandbox } from '../support/browser-sandbox';

/**
 * Voting in the browser: Ada makes a topic-interest poll from the community's topics, Grace and
 * Alan vote on its one message in their own tabs (Alan changes his mind), everyone sees the
 * counts move in place, and Ada closes it: the results come with the breakdown by level.
 */
describe('a poll in the sandbox page', () => {
  const s = useBrowserSandbox();

  const poll = (page: Page) => page.locator('#messages article').filter({ has: page.locator('[data-block^="poll_question_"]') }).last();
  const voteFor = async (page: Page, option: string) => {
    await poll(page).locator('.block.section', { hasText: option }).locator('[data-action="poll_vote"]').click();
  };

  it('votes on the topics poll from three tabs and shows the results with levels', async () => {
    const ada = await s.open('ada');
    const grace = await s.open('grace');
    const alan = await s.open('alan');

    await send(ada, '/guild poll topics');
    await poll(grace).waitFor({ timeout: 15_000 });
    expect(await poll(grace).textContent()).toContain('Which topics would you like the community to take up next?');

    await voteFor(grace, 'accessibility');
    await grace.locator('.message.ephemeral', { hasText: 'your choices are' }).last().waitFor({ timeout: 10_000 });
    await voteFor(alan, 'prototyping');
    await alan.locator('.message.ephemeral', { hasText: 'prototyping' }).last().waitFor({ timeout: 10_000 });
    await voteFor(alan, 'prototyping'); // taken back
    await alan.locator('.message.ephemeral', { hasText: 'no votes in this poll' }).last().waitFor({ timeout: 10_000 });
    await voteFor(alan, 'accessibility');
    await alan.locator('.message.ephemeral', { hasText: 'your choices are accessibility' }).last().waitFor({ timeout: 10_000 });

    // The one message, edited in place, seen from Ada's tab.
    await poll(ada).locator('.block.section', { hasText: 'accessibility' }).filter({ hasText: '2 votes · 100%' }).waitFor({ timeout: 15_000 });
    expect(await poll(ada).textContent()).toContain('2 people voted');
    expect(await poll(ada).locator('.block.section', { hasText: 'prototyping' }).textContent()).toMatch(/0 votes/);
    expect(await ada.locator('#messages article').filter({ has: ada.locator('[data-block^="poll_question_"]') }).count()).toBe(1);

    const id = /poll #(\d+)/.exec((await poll(ada).textContent()) ?? '')![1]!;
    await send(ada, `/guild poll close ${id}`);
    const results = ada.locator('#messages article', { hasText: 'Results: Which topics' });
    await results.waitFor({ timeout: 15_000 });
    const text = (await results.textContent()) ?? '';
    expect(text).toMatch(/1\.\s*accessibility/);
    expect(text).toContain('By experience level');
    await poll(grace).filter({ hasText: 'This poll is closed' }).waitFor({ timeout: 15_000 });
    expect(await poll(grace).locator('[data-action="poll_vote"]').count()).toBe(0);
    await s.screenshot(ada, 'poll-results');
  });
});
