import { blockProblems } from '../../../../src/sandbox/block-kit';
import { IDEAS_PROPOSE_ACTION, postValue, targetValue } from '../../../../src/rituals/ideas/ideas.ids';
import { DIGEST_MAX, digestMessage, failureNotice, feedListMessage, talkIdeaNotice, type PostView } from '../../../../src/rituals/ideas/ideas.messages';
import { proposeModal, targetOptions } from '../../../../src/rituals/ideas/ideas.views';

const post = (id: number, over: Partial<PostView> = {}): PostView => ({
  id,
  title: `Post ${id}`,
  url: `https://example.org/${id}`,
  summary: 'A summary',
  publishedAt: new Date('2026-12-05T10:00:00Z'),
  firstSeenAt: new Date('2026-12-06T06:00:00Z'),
  source: 'Design & Code',
  ...over,
});

describe('the outside ideas digest', () => {
  it('lists at most 15 posts with their link, source and date, each with Propose…, and counts the rest', () => {
    const message = digestMessage({ communityName: 'Design guild', posts: Array.from({ length: DIGEST_MAX }, (_, i) => post(i + 1)), more: 7 });
    expect(blockProblems(message.blocks, 50)).toEqual([]);
    const sections = message.blocks.filter((b) => b.type === 'section');
    expect(sections).toHaveLength(DIGEST_MAX);
    expect(sections[0]).toMatchObject({
      text: { text: '*<https://example.org/1|Post 1>*\n_Design &amp; Code · <!date^1796464800^{date_short}|2026-12-05>_\nA summary' },
      accessory: { type: 'button', action_id: IDEAS_PROPOSE_ACTION, value: postValue.encode({ postId: 1 }) },
    });
    expect(JSON.stringify(message.blocks.at(-1))).toContain('…and 7 more');
    expect(message.text).toBe('Outside ideas for Design guild: 22 new posts.');
  });

  it('escapes everything from the feed: no mention, channel ping or link can come from it', () => {
    const hostile = post(1, { title: '<!channel> <@U123> <https://evil.example|click> & more', summary: '<!here> *bold* `code`', source: '<#C123>', url: 'javascript:alert(1)' });
    const message = digestMessage({ communityName: '<!everyone>', posts: [hostile], more: 0 });
    // The header is plain_text, which Slack does not parse: only the mrkdwn parts and the text matter.
    expect(message.blocks[0]).toMatchObject({ type: 'header', text: { type: 'plain_text' } });
    const text = JSON.stringify([message.text, ...message.blocks.slice(1)]);
    expect(text).not.toMatch(/<!channel>|<@U123>|<!here>|<#C123>|<!everyone>|<https:\/\/evil/);
    expect(text).toContain('&lt;!channel&gt; &lt;@U123&gt; &lt;https://evil.example|click&gt; &amp; more');
    expect(text).not.toContain('javascript:');
  });

  it('shows the first-seen date when a post has none, and no link when its link is not http(s)', () => {
    const message = digestMessage({ communityName: 'G', posts: [post(3, { publishedAt: null, url: null })], more: 0 });
    expect(JSON.stringify(message.blocks)).toContain('*Post 3*\\n_Design &amp; Code · <!date^1796536800^{date_short}|2026-12-06>_');
    expect(message.text).toBe('Outside ideas for G: 1 new post.');
  });

  it('keeps long feed text within Slack limits', () => {
    const long = post(1, { title: 'T'.repeat(5000), summary: '<'.repeat(5000), source: 'S'.repeat(5000) });
    expect(blockProblems(digestMessage({ communityName: 'C'.repeat(500), posts: [long], more: 0 }).blocks, 50)).toEqual([]);
  });
});

describe('the other outside ideas messages', () => {
  it('lists feeds with their number, last read or error', () => {
    const { text } = feedListMessage({ communityName: 'G', feeds: [{ url: 'https://a.example/feed', title: 'A <b>', lastOkAt: new Date('2026-12-07T06:00:00Z'), lastError: null }, { url: 'https://b.example/rss', title: null, lastOkAt: null, lastError: 'The feed answers HTTP 500.' }] });
    expect(text).toContain('1. *A &lt;b&gt;* https://a.example/feed\n      read <!date^');
    expect(text).toContain('2. https://b.example/rss\n      :warning: The feed answers HTTP 500.');
    expect(feedListMessage({ communityName: 'G', feeds: [] }).text).toContain('follows no feeds yet');
  });

  it('tells organisers of a failing feed and of a talk idea, feed text escaped', () => {
    expect(failureNotice({ feed: { url: 'https://x.example/<feed>', title: null }, error: 'The feed <!channel>', channelId: 'C1' }).text).toContain('https://x.example/&lt;feed&gt;.\nThe feed &lt;!channel&gt;');
    const notice = talkIdeaNotice({ post: post(2, { title: '<@U9>' }), by: 'U1', note: '<!here> please', channelId: 'C1' });
    expect(notice.text).toContain('<@U1> proposes a talk on <https://example.org/2|&lt;@U9&gt;>');
    expect(notice.text).toContain('> &lt;!here&gt; please');
  });
});

describe('the proposal form', () => {
  it('offers a talk idea always, and open polls and unconferences when there are any', () => {
    expect(targetOptions({ polls: [], unconferences: [] }).map((o) => o.value)).toEqual(['talk']);
    const options = targetOptions({ polls: [{ id: 4, question: 'What next?' }], unconferences: [{ id: 9, title: 'Spring unconf' }] });
    expect(options.map((o) => o.value)).toEqual(['talk', 'poll:4', 'session:9']);
    expect(options.map((o) => targetValue.decode(o.value))).toEqual([{ kind: 'talk' }, { kind: 'poll_option', pollId: 4 }, { kind: 'session', unconferenceId: 9 }]);
    expect(targetValue.decode('poll:0')).toBeUndefined();
    expect(targetValue.decode('poll:4:x')).toBeUndefined();
    const modal = proposeModal({ post: post(1, { title: '<!channel>' }), polls: [{ id: 4, question: 'Q'.repeat(200) }], unconferences: [] }, '{}');
    expect(blockProblems(modal.blocks, 100)).toEqual([]);
    expect(JSON.stringify(modal.blocks)).toContain('&lt;!channel&gt;');
    expect(options.every((o) => o.text.text.length <= 75)).toBe(true);
  });
});
