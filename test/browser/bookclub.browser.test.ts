import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { clockUntil, modal, openGuildDm, send, submitModal, useBrowserSandbox } from '../support/browser-sandbox';

/**
 * A book club in the sandbox page, every step typed or clicked as people would: Grace suggests a
 * book in the form (first with mistakes, told beside the fields), hiding her name; Alan suggests
 * another; Ada (the Design guild's organiser) opens the ranked vote; Grace, Alan and Margaret rank
 * in the ballot form; Ada closes the vote; the three join the winner's club, which starts with
 * the third; Grace, whose book it is, sets the reading plan from her DM; the sessions become
 * events; and the clock brings Grace, who leads the first session, her notice.
 */
describe('a book club in the sandbox page', () => {
  const s = useBrowserSandbox();

  const DUNE = 'Dune <b>Messiah</b> & co';
  const vote = (page: Page) => page.locator('#messages article', { hasText: 'Book vote' }).last();
  const club = (page: Page) => page.locator('#messages article', { hasText: 'Book club:' }).filter({ has: page.locator('[data-action="bookclub_join"]') });
  const ephemeral = (page: Page, text: string) => page.locator('.message.ephemeral', { hasText: text }).last();

  async function suggest(page: Page, title: string, link: string): Promise<void> {
    await send(page, '/guild bookclub suggest');
    await modal(page).waitFor({ timeout: 20_000 });
    await modal(page).getByLabel('Title').fill(title);
    await modal(page).getByLabel('Link').fill(link);
    await submitModal(page);
  }

  async function rank(page: Page, first: string, second?: string, screenshot?: string): Promise<void> {
    await vote(page).getByRole('button', { name: 'Rank your picks' }).click();
    const ballot = modal(page);
    await ballot.waitFor({ timeout: 20_000 });
    await ballot.getByLabel('First choice (3 points)').selectOption({ label: first });
    if (second) await ballot.getByLabel('Second choice (2 points)').selectOption({ label: second });
    if (screenshot) await s.screenshot(page, screenshot);
    await submitModal(page);
  }

  it('goes from suggestions and a ranked vote to a club with a reading plan and its first leader told', async () => {
    const ada = await s.open('ada');
    const grace = await s.open('grace');
    const alan = await s.open('alan');
    const margaret = await s.open('margaret');

    // Grace's suggestion, with mistakes: a blank title Slack itself will not send, then a link
    // without http that Guild refuses beside its field; the form keeps what she typed each time.
    await send(grace, '/guild bookclub suggest');
    const form = modal(grace);
    await form.waitFor({ timeout: 20_000 });
    await form.getByLabel('Title').fill(' ');
    await form.getByLabel('Link').fill('books.example/dune');
    await form.getByLabel('Why this book? (optional)').fill('Sand & politics');
    await form.getByLabel('Hide my name on the suggestion').check();
    await form.locator('button[type="submit"]').click();
    await form.locator('.modal-failure', { hasText: 'Slack would not submit this form' }).waitFor({ timeout: 20_000 });
    expect(await form.getByLabel('Link').inputValue()).toBe('books.example/dune');
    expect(await form.getByLabel('Why this book? (optional)').inputValue()).toBe('Sand & politics');
    expect(await form.getByLabel('Hide my name on the suggestion').isChecked()).toBe(true);
    await form.getByLabel('Title').fill(DUNE);
    await form.locator('button[type="submit"]').click();
    const linkError = form.locator('[data-block="link"] .field-error');
    await linkError.waitFor({ timeout: 20_000 });
    expect(await linkError.textContent()).toContain('http');
    expect(await form.locator('.modal-failure').count()).toBe(0);
    expect(await form.getByLabel('Title').inputValue()).toBe(DUNE);
    expect(await form.getByLabel('Why this book? (optional)').inputValue()).toBe('Sand & politics');
    await s.screenshot(grace, 'bookclub-suggest-errors');
    await form.getByLabel('Link').fill('https://books.example/dune');
    expect(await form.getByLabel('Hide my name on the suggestion').isChecked()).toBe(true);
    await submitModal(grace);
    await suggest(alan, 'Piranesi', 'https://books.example/piranesi');

    // Ada opens the vote: one message in #design, the books as typed, Grace's name hidden.
    await send(ada, '/guild bookclub vote');
    await vote(alan).filter({ hasText: '0 ballots so far' }).waitFor({ timeout: 20_000 });
    const ballotText = (await vote(alan).textContent()) ?? '';
    expect(ballotText).toContain(`${DUNE} — suggested anonymously`);
    expect(ballotText).toContain('Sand & politics');
    expect(ballotText).toContain('Piranesi — suggested by @Alan');
    expect(await vote(alan).locator('b', { hasText: /^Messiah$/ }).count()).toBe(0);

    // Three ballots from the form; the message counts them in place.
    await rank(grace, DUNE, 'Piranesi', 'bookclub-ballot');
    await rank(alan, 'Piranesi', DUNE);
    await rank(margaret, DUNE);
    await vote(ada).filter({ hasText: '3 ballots so far' }).waitFor({ timeout: 20_000 });
    await s.screenshot(ada, 'bookclub-vote');

    // Ada closes it: the club forms once three join.
    await send(ada, '/guild bookclub close-vote 3');
    const closed = ephemeral(ada, 'The vote is closed after 3 ballots');
    await closed.waitFor({ timeout: 20_000 });
    expect(await closed.textContent()).toMatch(/Dune .* won/);
    await vote(alan).filter({ hasText: 'Book vote closed after 3 ballots' }).waitFor({ timeout: 20_000 });
    expect(await vote(alan).getByRole('button', { name: 'Rank your picks' }).count()).toBe(0);
    await club(alan).filter({ hasText: '0 of 3 joined' }).waitFor({ timeout: 20_000 });
    for (const [page, count] of [[grace, 1], [alan, 2]] as const) {
      await club(page).getByRole('button', { name: 'Join' }).click();
      await club(ada).filter({ hasText: `${count} of 3 joined` }).waitFor({ timeout: 20_000 });
    }
    await club(margaret).getByRole('button', { name: 'Join' }).click();
    await club(ada).filter({ hasText: 'Started with 3 members' }).waitFor({ timeout: 20_000 });
    expect(await club(ada).textContent()).toMatch(/Members: @Grace, @Alan, @Margaret/);
    await s.screenshot(ada, 'bookclub-club-started');

    // Grace is told in her DM; she sets the plan there: three sessions of four chapters, from four days on at 18:00 (London).
    const first = DateTime.fromJSDate(s.sandbox.clock.now(), { zone: 'Europe/London' }).plus({ days: 4 }).toISODate() as string;
    await grace.locator('#sidebar a.unread[data-conversation^="D"]', { hasText: 'Guild' }).waitFor({ timeout: 20_000 });
    await openGuildDm(grace);
    const started = grace.locator('#messages article', { hasText: 'has 3 members and has started' });
    await started.waitFor({ timeout: 20_000 });
    await started.getByRole('button', { name: 'Set the reading plan' }).click();
    const plan = modal(grace);
    await plan.waitFor({ timeout: 20_000 });
    await plan.getByLabel('Sessions').fill('3');
    await plan.getByLabel('Chapters per session (optional)').fill('4');
    await plan.getByLabel('First session').fill(first);
    expect(await plan.getByLabel('Time').inputValue()).toBe('18:00');
    await plan.getByLabel('Place or link (optional)').fill('Library <room 2>');
    await s.screenshot(grace, 'bookclub-plan-form');
    await submitModal(grace);
    await grace.locator('#messages article', { hasText: 'The reading plan is set: 3 sessions' }).waitFor({ timeout: 20_000 });

    // The club's message lists the sessions and leaders (in each reader's zone); the first session is announced as an event.
    const shownDay = DateTime.fromISO(first).toFormat('LLL d, yyyy');
    await club(ada).filter({ hasText: `1. Chapters 1–4 — ${shownDay} at 6:00 PM, led by @Grace` }).waitFor({ timeout: 20_000 });
    expect(await club(ada).textContent()).toContain('3. Chapters 9–12');
    const announcement = margaret.locator('#messages article', { hasText: 'Book club: Dune' }).filter({ has: margaret.locator('[data-action="event_rsvp_going"]') });
    await announcement.waitFor({ timeout: 20_000 });
    expect(await announcement.textContent()).toContain('Library <room 2>');
    expect(await announcement.textContent()).not.toContain('Book club: Book club');
    await announcement.locator('[data-action="event_rsvp_going"]').click();
    await ephemeral(margaret, "You're going").waitFor({ timeout: 20_000 });
    await s.screenshot(margaret, 'bookclub-session-announced');

    // Day by day, until Grace is told she leads the first session, with the swap button.
    const notice = grace.locator('#messages article', { hasText: 'You lead the discussion' });
    await clockUntil(grace, notice, { step: 'day', maxSteps: 3 });
    expect(await notice.textContent()).toContain('session 1: Chapters 1–4');
    expect(await notice.getByRole('button', { name: 'Swap with someone' }).count()).toBe(1);
    await s.screenshot(grace, 'bookclub-leader-notice');
    expect(await s.db.prisma.bookClubSession.count()).toBe(3);
    expect(s.sandbox.slack.failedInteractions()).toEqual([]);
  }, 240_000);
});
