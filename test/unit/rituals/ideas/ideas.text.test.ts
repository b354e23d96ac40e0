import { htmlToText, safeLink } from '../../../../src/rituals/ideas/ideas.text';

describe('feed text to plain text', () => {
  it('keeps the words of HTML: tags, scripts, styles and comments dropped, entities decoded, one line', () => {
    expect(htmlToText('<p>Hello <b>world</b></p>\n<p>again</p>', 100)).toBe('Hello world again');
    expect(htmlToText('<script>alert(1)</script>Safe<style>p{color:red}</style> text<!-- hidden -->', 100)).toBe('Safe text');
    expect(htmlToText('Fish &amp; chips &lt;b&gt; &#8220;quoted&#8221; &nbsp;', 100)).toBe('Fish & chips <b> “quoted”');
    expect(htmlToText('<![CDATA[Inside <i>cdata</i>]]>', 100)).toBe('Inside cdata');
    expect(htmlToText('broken <a href="x', 100)).toBe('broken');
    expect(htmlToText('tab\there\u0000nul', 100)).toBe('tab here nul');
    expect(htmlToText(null, 100)).toBe('');
  });

  it('clips to the length asked, with an ellipsis', () => {
    const text = htmlToText(`<p>${'word '.repeat(100)}</p>`, 50);
    expect(text.length).toBeLessThanOrEqual(50);
    expect(text.endsWith('…')).toBe(true);
  });

  it('keeps http(s) links only, made absolute, without characters that break a Slack link', () => {
    expect(safeLink('https://example.org/a?b=1')).toBe('https://example.org/a?b=1');
    expect(safeLink('/posts/1', 'https://example.org/feed.xml')).toBe('https://example.org/posts/1');
    expect(safeLink('javascript:alert(1)')).toBeUndefined();
    expect(safeLink('data:text/html,<b>x</b>')).toBeUndefined();
    expect(safeLink('https://user:pw@example.org/')).toBeUndefined();
    expect(safeLink('https://example.org/a|b')).toBeUndefined();
    expect(safeLink('https://example.org/<x>')).toBe('https://example.org/%3Cx%3E');
    expect(safeLink('')).toBeUndefined();
  });
});
