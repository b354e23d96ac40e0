import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { daysUntil, modal, openGuildDm, send, submitModal, useBrowserSandbox } from '../support/browser-sandbox';
import { rssFeed, startFeedServer, type FeedServer } from '../support/feed-server';

/**
 * Outside ideas in the sandbox page, from a feed served on 127.0.0.1 (which `npm start` reads with
 * GUILD_FEEDS_ALLOW_PRIVATE=1): Ada (the Design guild's organiser) follows it from the composer, a
 * post appears in the feed later in the week, the clock is moved day by day to Monday's digest in
 * #design (the feed's markup shown as text), Alan proposes a post as a talk in the form under it,
 * and Ada hears of it in her DM and finds it in `/guild ideas proposals`.
 */
describe('outside ideas in the sandbox page', () => {
  const s = useBrowserSandbox({ env: { GUILD_FEEDS_ALLOW_PRIVATE: '1' } });
  let server: FeedServer;

  beforeAll(async () => {
    server = await startFeedServer();
  });
  afterAll(async () => {
    await server.close();
  });

  /** The post's title as the feed's HTML says it (a mention's text, an ampersand, a broadcast tag) and as people must read it. */
  const FORMS_FEED = 'Forms for &lt;@U123&gt; &amp; 5 &lt; 6 users &lt;!channel&gt;';
  const FORMS = 'Forms for <@U123> & 5 < 6 users';
  const digest = (page: Page) => page.locator('#messages article', { hasText: 'Outside ideas for Design guild' }).filter({ has: page.locator('[data-action="ideas_propose"]') });
  const post = (page: Page, title: string) => digest(page).locator('.block.section', { hasText: title });
  const serve = (posts: { title: string; link: string; date: Date }[]) => server.route('/feed.xml', (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed('Design &amp; Code', posts)));

  it('follows a feed, brings Monday’s digest by the clock, and takes a talk proposal to the organiser', async () => {
    const now = s.sandbox.clock.now();
    const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);
    const posts = [
      { title: FORMS_FEED, link: 'https://design.example/forms', date: daysAgo(1) },
      { title: 'Colour contrast', link: 'https://design.example/contrast', date: daysAgo(2) },
    ];
    serve(posts);
    const ada = await s.open('ada');
    const alan = await s.open('alan');

    // Ada follows the feed; Alan, a member, may not.
    await send(alan, `/guild ideas add ${server.url('/feed.xml')}`);
    await alan.locator('.message.ephemeral', { hasText: "Only this community's organisers can add feeds" }).waitFor({ timeout: 20_000 });
    await send(ada, `/guild ideas add ${server.url('/feed.xml')}`);
    const added = ada.locator('.message.ephemeral', { hasText: 'Now following Design & Code' });
    await added.waitFor({ timeout: 20_000 });
    expect(await added.textContent()).toContain('Its first read found 2 new posts');
    await s.screenshot(ada, 'ideas-feed-added');

    // A new post later in the week; the daily read finds it, and Monday's digest (09:00, London) brings all three.
    serve([{ title: 'Research ops in small teams', link: 'https://design.example/research-ops', date: now }, ...posts]);
    // The next Monday 09:00 in London (today's, if it is Monday before 09:00).
    const london = DateTime.fromJSDate(now, { zone: 'Europe/London' });
    const digestDue = london.plus({ days: (8 - london.weekday) % 7 || (london.hour >= 9 ? 7 : 0) }).set({ hour: 9, minute: 0, second: 0, millisecond: 0 }).toJSDate();
    await daysUntil(alan, (at) => at >= digestDue);
    await digest(alan).waitFor({ timeout: 20_000 });
    expect(await digest(alan).textContent()).toContain('3 new posts this week');
    // The feed's text shows as words: the mention as text, the broadcast tag dropped.
    await post(alan, FORMS).waitFor({ timeout: 20_000 });
    expect(await post(alan, FORMS).locator('.mention').count()).toBe(0);
    expect(await digest(alan).textContent()).not.toMatch(/@channel|<!channel>/);
    expect(await post(alan, FORMS).locator('a').getAttribute('href')).toBe('https://design.example/forms');
    await post(alan, 'Research ops in small teams').waitFor();
    expect(s.sandbox.slack.messages(s.channelId('design')).filter((m) => m.text.startsWith('Outside ideas for'))).toHaveLength(1);
    await s.screenshot(alan, 'ideas-digest');

    // Alan proposes the forms post as a talk, with a note.
    await post(alan, FORMS).getByRole('button', { name: 'Propose…' }).click();
    await modal(alan).waitFor({ timeout: 20_000 });
    expect(await modal(alan).textContent()).toContain(FORMS);
    expect(await modal(alan).getByLabel('Propose it').inputValue()).not.toBe('');
    await modal(alan).getByLabel('A note (why, who could give it)').fill('I could give it, with <@U999> & co');
    await s.screenshot(alan, 'ideas-propose-form');
    await submitModal(alan);

    // Ada's DM with Guild tells her, the note as typed; her list of proposals has it.
    await ada.locator('#sidebar a.unread[data-conversation^="D"]', { hasText: 'Guild' }).waitFor({ timeout: 20_000 });
    await openGuildDm(ada);
    const notice = ada.locator('#messages article', { hasText: 'proposes a talk on' });
    await notice.waitFor({ timeout: 20_000 });
    expect(await notice.textContent()).toContain(`Alan proposes a talk on ${FORMS}`);
    expect(await notice.textContent()).toContain('I could give it, with <@U999> & co');
    await s.screenshot(ada, 'ideas-organiser-notice');
    await ada.locator(`#sidebar a[data-conversation="${s.channelId('design')}"]`).click();
    await send(ada, '/guild ideas proposals');
    await ada.locator('.message.ephemeral', { hasText: FORMS }).filter({ hasText: 'Alan' }).waitFor({ timeout: 20_000 });
    expect(await s.db.prisma.ideaProposal.count()).toBe(1);
    expect(s.sandbox.slack.failedInteractions()).toEqual([]);
  }, 180_000);
});
