import { mrkdwnToHtml, plainToHtml } from '../../../../src/sandbox/web/render/mrkdwn-html';
import type { ViewerContext } from '../../../../src/sandbox/web/render/context';

const ctx: ViewerContext = {
  viewer: 'U1',
  timeZone: 'Asia/Tokyo',
  now: new Date('2026-03-10T12:00:00Z'),
  userName: (id) => ({ U1: 'Ada', U2: 'Grace' })[id],
  channelName: (id) => ({ C1: 'design' })[id],
};
const render = (text: string) => mrkdwnToHtml(text, ctx).value;

describe('mrkdwn → HTML, as Slack renders it', () => {
  it('formats bold, italics, strike, code and code blocks, not inside words or code', () => {
    expect(render('*bold* _it_ ~gone~ `*x*`')).toBe('<b>bold</b> <i>it</i> <s>gone</s> <code>*x*</code>');
    expect(render('snake_case_name and 2*3*4')).toBe('snake_case_name and 2*3*4');
    expect(render('```\nline *1*\n```')).toBe('<pre class="code-block">line *1*\n</pre>');
  });

  it('shows user and channel mentions by name, the viewer\'s own highlighted', () => {
    expect(render('hi <@U2> and <@U1> in <#C1>')).toBe(
      'hi <span class="mention" data-user="U2">@Grace</span> and <span class="mention me" data-user="U1">@Ada</span> in <span class="channel-link" data-channel="C1">#design</span>',
    );
  });

  it('shows an unescaped <!channel> as the ping it is, and an escaped one as text', () => {
    expect(render('<!channel> look')).toContain('<span class="ping"');
    expect(render('&lt;!channel&gt; look')).toBe('&lt;!channel&gt; look');
    expect(render('<!here|here>')).toContain('@here');
  });

  it('renders <!date^…> in the viewer\'s zone, with Slack\'s tokens', () => {
    // 2026-03-10T23:30:00Z is 08:30 on the 11th in Tokyo: "Tomorrow" for a Tokyo reader at 21:00.
    const epoch = Date.parse('2026-03-10T23:30:00Z') / 1000;
    expect(render(`<!date^${epoch}^{date_num} {time}|fallback>`)).toContain('>2026-03-11 8:30 AM</time>');
    expect(render(`<!date^${epoch}^{date_short_pretty} at {time}|x>`)).toContain('>Tomorrow at 8:30 AM</time>');
    expect(render('<!date^nonsense|the fallback>')).toBe('the fallback');
  });

  it('links only web and mail URLs, escaping everything people wrote', () => {
    expect(render('<https://example.com/a?b=1&amp;c=2|the &lt;b&gt; site>')).toBe('<a href="https://example.com/a?b=1&amp;c=2" target="_blank" rel="noopener">the &lt;b&gt; site</a>');
    expect(render('<javascript:alert(1)|click>')).toBe('<span class="link">click</span>');
    expect(render('<script>"x"</script>')).not.toContain('<script>');
    expect(render('a &amp; b &lt;i&gt; "q"')).toBe('a &amp; b &lt;i&gt; &quot;q&quot;');
  });

  it('turns quotes, line breaks and emoji shortcodes into what Slack shows', () => {
    expect(render('&gt; quoted\nnext :tada: :nosuch:')).toBe('<blockquote>quoted</blockquote><br>next 🎉 :nosuch:');
  });

  it('never parses plain_text', () => {
    expect(plainToHtml('<!channel> *b* <@U1>').value).toBe('&lt;!channel&gt; *b* &lt;@U1&gt;');
  });
});
