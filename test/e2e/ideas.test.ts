import { IDEAS_INPUT, IDEAS_PROPOSE_ACTION, PROPOSE_FIELDS } from '../../src/rituals/ideas/ideas.ids';
import { postBlockId } from '../../src/rituals/ideas/ideas.messages';
import { ManualClock } from '../../src/scheduler/clock';
import { moveClock } from '../support/event-form';
import { feedWithEtag, rssFeed, startFeedServer, type FeedServer } from '../support/feed-server';
import { guildReply, useHarness } from '../support/guild-harness';

/**
 * Outside ideas over the local Slack with the real Guild and its scheduler: an organiser follows
 * a feed served on 127.0.0.1 (allowed by GUILD_FEEDS_ALLOW_PRIVATE=1), the Monday digest job
 * runs when the clock reaches 09:00, the digest appears in the channel with the feed's text
 * escaped, and a member proposes a post as a talk idea that the organiser hears of.
 */
describe('outside ideas: a feed digest from a local feed server', () => {
  // Monday 7 December 2026, 08:58 UTC (London, the community's zone, is on UTC in December).
  const clock = new ManualClock('2026-12-07T08:58:00Z');
  const h = useHarness('http', { clock, env: { GUILD_FEEDS_ALLOW_PRIVATE: '1' } });
  let server: FeedServer;

  beforeAll(async () => {
    server = await startFeedServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('follows a feed, posts the digest on Monday at 09:00, and takes a proposal from a member', async () => {
    const { ada, alan } = h.users;
    server.route(
      '/feed.xml',
      feedWithEtag(
        rssFeed('Design &amp; Code', [
          { title: 'Forms for &lt;@U123&gt; &amp; 5 &lt; 6 users &lt;!channel&gt;', link: 'https://design.example/forms', date: new Date('2026-12-06T10:00:00Z'), description: '<p>Labels <b>first</b>.</p><script>x()</script>' },
          { title: 'Colour contrast', link: 'javascript:alert(1)', guid: 'contrast', date: new Date('2026-12-05T10:00:00Z') },
        ]),
        '"v1"',
      ),
    );
    await guildReply(h, ada, 'setup');
    await guildReply(h, alan, 'join');
    expect(await guildReply(h, ada, 'ideas add ftp://design.example/feed')).toMatch(/Only http and https feeds/);
    expect(await guildReply(h, alan, `ideas add ${server.url('/feed.xml')}`)).toMatch(/Only this community's organisers can add feeds/);
    const added = await guildReply(h, ada, `ideas add ${server.url('/feed.xml')}`);
    expect(added).toMatch(/^Now following \*Design &amp; Code\*.*\nIts first read found 2 new posts/);
    expect(await guildReply(h, alan, 'ideas list')).toMatch(/1\. \*Design &amp; Code\* http:\/\/127\.0\.0\.1:\d+\/feed\.xml\n\s+read <!date\^/);

    // 09:00: the digest job reads the feed again (304, nothing new) and posts what is new since.
    await moveClock(clock, '2026-12-07T09:00:05Z');
    const digest = await h.slack.waitFor(() => h.slack.messages(h.channel.id).find((m) => m.text.startsWith('Outside ideas for')), { description: 'the digest', timeoutMs: 10_000 });
    expect(server.requests.filter((r) => r.headers['if-none-match'] === '"v1"').length).toBeGreaterThanOrEqual(1);
    const blocks = JSON.stringify(digest.blocks);
    expect(blocks).toContain('*<https://design.example/forms|Forms for &lt;@U123&gt; &amp; 5 &lt; 6 users>*');
    expect(blocks).toContain('Labels first.');
    // A `<!…>` in feed text is dropped with the tags; a `<@…>` is escaped: neither pings anyone.
    expect(blocks).not.toMatch(/<!channel>|<@U123>/);
    expect(blocks).not.toContain('javascript:');
    expect(blocks).toContain('*Colour contrast*');

    // Alan proposes the first post as a talk idea; Ada, the organiser, hears of it.
    const forms = (await h.db.prisma.ideaPost.findFirstOrThrow({ where: { url: 'https://design.example/forms' } })).id;
    const before = h.slack.views(alan.id).length;
    await h.driver.blockAction({ user: alan, channel: h.channel, messageTs: digest.ts, actionId: IDEAS_PROPOSE_ACTION, blockId: postBlockId(forms) });
    const form = await h.slack.waitFor(() => h.slack.views(alan.id).length > before && h.slack.views(alan.id).at(-1), { description: 'the proposal form' });
    await h.driver.submitView({ user: alan, viewId: form.id, values: { [PROPOSE_FIELDS.as]: { [IDEAS_INPUT]: 'talk' }, [PROPOSE_FIELDS.note]: { [IDEAS_INPUT]: 'I could give it <@U999>' } } });
    await h.slack.waitFor(() => h.slack.dms(alan.id).find((m) => m.text.startsWith('You proposed')), { description: "Alan's confirmation" });
    const notice = await h.slack.waitFor(() => h.slack.dms(ada.id).find((m) => m.text.includes('proposes a talk on')), { description: "the organiser's notice" });
    expect(notice.text).toContain(`<@${alan.id}> proposes a talk on <https://design.example/forms|Forms for &lt;@U123&gt; &amp; 5 &lt; 6 users>`);
    expect(notice.text).toContain('> I could give it &lt;@U999&gt;');
    expect(await guildReply(h, ada, 'ideas proposals')).toContain(`<https://design.example/forms|Forms for &lt;@U123&gt; &amp; 5 &lt; 6 users> · <@${alan.id}>`);

    // The same proposal again is refused beside the menu; the form stays open.
    const again = h.slack.views(alan.id).length;
    await h.driver.blockAction({ user: alan, channel: h.channel, messageTs: digest.ts, actionId: IDEAS_PROPOSE_ACTION, blockId: postBlockId(forms) });
    const second = await h.slack.waitFor(() => h.slack.views(alan.id).length > again && h.slack.views(alan.id).at(-1), { description: 'the proposal form again' });
    const refused = await h.driver.submitView({ user: alan, viewId: second.id, values: { [PROPOSE_FIELDS.as]: { [IDEAS_INPUT]: 'talk' } } });
    expect(refused.body).toMatchObject({ response_action: 'errors', errors: { [PROPOSE_FIELDS.as]: expect.stringMatching(/proposed this post as a talk already/) } });
    expect(h.slack.dms(ada.id).filter((m) => m.text.includes('proposes a talk on'))).toHaveLength(1);
  });
});
