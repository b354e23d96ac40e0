import { FeedFormatError, looksLikeHtml, parseFeedText, POST_TITLE_MAX, POSTS_PER_READ } from '../../../../src/rituals/ideas/ideas.parse';

const FEED_URL = 'https://example.org/feed.xml';

const rss = (items: string) => `<?xml version="1.0"?><rss version="2.0"><channel><title>Design &amp; Code</title><link>https://example.org</link>${items}</channel></rss>`;

describe('the feed parser adapter', () => {
  it('reads RSS: titles and summaries as plain text, links made absolute, dates, guids', () => {
    const feed = parseFeedText(rss(`
      <item><title>Accessible &lt;em&gt;forms&lt;/em&gt;</title><link>/posts/forms</link><guid>post-1</guid>
        <description><![CDATA[<p>Labels <b>matter</b>.</p><script>steal()</script>]]></description><pubDate>Mon, 07 Dec 2026 08:00:00 GMT</pubDate></item>
      <item><title>No guid</title><link>https://example.org/two</link></item>`), FEED_URL);
    expect(feed.title).toBe('Design & Code');
    expect(feed.posts).toEqual([
      { guid: 'post-1', title: 'Accessible forms', url: 'https://example.org/posts/forms', summary: 'Labels matter.', publishedAt: new Date('2026-12-07T08:00:00Z') },
      { guid: 'https://example.org/two', title: 'No guid', url: 'https://example.org/two', summary: '' },
    ]);
  });

  it('reads Atom', () => {
    const atom = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Talks</title>
      <entry><id>tag:example.org,2026:1</id><title type="html">&lt;b&gt;Hi&lt;/b&gt; there</title><link href="https://example.org/1"/><updated>2026-12-01T10:00:00Z</updated><summary>Short</summary></entry></feed>`;
    expect(parseFeedText(atom, FEED_URL)).toEqual({ title: 'Talks', posts: [{ guid: 'tag:example.org,2026:1', title: 'Hi there', url: 'https://example.org/1', summary: 'Short', publishedAt: new Date('2026-12-01T10:00:00Z') }] });
  });

  it('drops links that are not http(s), keeps the post', () => {
    const feed = parseFeedText(rss('<item><title>Bad link</title><link>javascript:alert(1)</link><guid>g</guid></item>'), FEED_URL);
    expect(feed.posts).toEqual([{ guid: 'g', title: 'Bad link', summary: '' }]);
  });

  it('clips long titles, takes at most the first 50 posts, and skips posts with neither title nor link', () => {
    const many = Array.from({ length: 60 }, (_, i) => `<item><title>${i === 0 ? 'x'.repeat(1000) : `Post ${i}`}</title><guid>${i}</guid></item>`).join('');
    const feed = parseFeedText(rss(`<item><guid>empty</guid></item>${many}`), FEED_URL);
    expect(feed.posts).toHaveLength(POSTS_PER_READ - 1);
    expect(feed.posts[0]!.title.length).toBeLessThanOrEqual(POST_TITLE_MAX);
  });

  it('refuses a web page, and a document that is no feed', () => {
    expect(() => parseFeedText('<!DOCTYPE html><html><body>Our blog</body></html>', FEED_URL)).toThrow(/web page \(HTML\)/);
    expect(() => parseFeedText('<html lang="en"><head></head></html>', FEED_URL)).toThrow(FeedFormatError);
    expect(() => parseFeedText('not xml at all {', FEED_URL)).toThrow(/not an RSS or Atom feed/);
    expect(() => parseFeedText('<foo><bar/></foo>', FEED_URL)).toThrow(FeedFormatError);
    expect(looksLikeHtml('<?xml version="1.0"?><rss/>')).toBe(false);
  });

  it('names the feed by its host when it has no title', () => {
    expect(parseFeedText('<rss><channel><item><title>A</title></item></channel></rss>', FEED_URL).title).toBe('example.org');
  });
});
