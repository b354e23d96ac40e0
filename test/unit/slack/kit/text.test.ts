import { clip, clipMrkdwn, ELLIPSIS, escapeMrkdwn, mrkdwnText, wellFormed } from '../../../../src/slack/kit/text';

const isWellFormed = (s: string) => !/\p{Cs}/u.test(s);
const graphemes = (s: string) => [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(s)].map((g) => g.segment);
/** True when `cut` (without its ellipsis) is a run of whole graphemes from the start of `whole`. */
const cutBetweenGraphemes = (whole: string, cut: string) => {
  const kept = cut.endsWith(ELLIPSIS) ? cut.slice(0, -ELLIPSIS.length) : cut;
  const all = graphemes(whole);
  const mine = graphemes(kept);
  return mine.every((g, i) => g === all[i]);
};

const FAMILY = '👨‍👩‍👧‍👦'; // 11 UTF-16 units, one grapheme
const FLAG = '🇩🇪'; // two regional indicators, 4 units
const GRIN = '😀'; // one astral code point, 2 units
const E_ACUTE = 'e\u0301'; // e + combining acute

describe('escapeMrkdwn', () => {
  it('turns Slack\'s control characters into entities, so nothing typed is live', () => {
    expect(escapeMrkdwn('<!channel> deploys broke')).toBe('&lt;!channel&gt; deploys broke');
    expect(escapeMrkdwn('<@U0123> and <#C0123|general>')).toBe('&lt;@U0123&gt; and &lt;#C0123|general&gt;');
    expect(escapeMrkdwn('<https://evil.example|our wiki>')).toBe('&lt;https://evil.example|our wiki&gt;');
  });

  it('escapes & first, so a typed entity shows as typed', () => {
    expect(escapeMrkdwn('&amp; &lt; R&D')).toBe('&amp;amp; &amp;lt; R&amp;D');
  });

  it('leaves everything else alone, mrkdwn formatting included', () => {
    expect(escapeMrkdwn('*bold* _it_ ~s~ `c` :tada: שלום مرحبا')).toBe('*bold* _it_ ~s~ `c` :tada: שלום مرحبا');
  });

  it('repairs lone surrogates', () => {
    expect(escapeMrkdwn('a\uD83D<')).toBe('a\uFFFD&lt;');
    expect(wellFormed(`x${GRIN}\uDE00`)).toBe(`x${GRIN}\uFFFD`);
  });
});

describe('clip', () => {
  it('returns short text as is and cuts long text with an ellipsis', () => {
    expect(clip('Sprint 12', 150)).toBe('Sprint 12');
    expect(clip('abcdef', 6)).toBe('abcdef');
    expect(clip('abcdefg', 6)).toBe(`abcde${ELLIPSIS}`);
    expect(clip('abcdefg', 0)).toBe('');
  });

  it.each([
    ['a 4-byte emoji', GRIN],
    ['a ZWJ family', FAMILY],
    ['a flag', FLAG],
    ['a combining mark', E_ACUTE],
    ['an RTL mark', '\u200Fשלום'],
  ])('never splits %s, wherever the cut falls', (_, unit) => {
    for (let max = 1; max <= 30; max++) {
      for (let pad = 0; pad < 12; pad++) {
        const text = `${'x'.repeat(pad)}${unit}${unit}tail text that is long`;
        const cut = clip(text, max);
        expect(cut.length).toBeLessThanOrEqual(max);
        expect(isWellFormed(cut)).toBe(true);
        expect(cutBetweenGraphemes(text, cut)).toBe(true);
      }
    }
  });

  it('pairs regional indicators from the start of a run of flags, however long', () => {
    const flags = FLAG.repeat(1000);
    for (const max of [2999, 3000, 3001, 3002]) {
      const cut = clip(`x${flags}`, max);
      expect(cutBetweenGraphemes(`x${flags}`, cut)).toBe(true);
      expect(cut.length).toBeLessThanOrEqual(max);
    }
  });

  it('cuts 3,000-character text quickly (a board has up to 50 such items)', () => {
    const long = `${'مرحبا '.repeat(500)}${FAMILY}`;
    const started = Date.now();
    for (let i = 0; i < 500; i++) mrkdwnText(long, 2800);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('drops a grapheme longer than the room rather than cutting into it', () => {
    expect(clip(`${FAMILY}${FAMILY}`, 8)).toBe(ELLIPSIS);
    expect(clip(`ab${FAMILY}`, 8)).toBe(`ab${ELLIPSIS}`);
  });

  it('does not escape: plain_text is shown as typed', () => {
    expect(clip('<!here> & co', 75)).toBe('<!here> & co');
  });
});

describe('mrkdwnText', () => {
  it('escapes, then fits the escaped text to the limit', () => {
    expect(mrkdwnText('<!here>', 150)).toBe('&lt;!here&gt;');
    const angry = '<'.repeat(100);
    const fitted = mrkdwnText(angry, 150);
    expect(fitted.length).toBeLessThanOrEqual(150);
    expect(fitted).toBe(`${'&lt;'.repeat(37)}${ELLIPSIS}`);
  });

  it('never cuts an entity in half', () => {
    for (let max = 1; max <= 40; max++) {
      const fitted = mrkdwnText('a&b<c>d&amp;e'.repeat(4), max);
      expect(fitted.length).toBeLessThanOrEqual(max);
      expect(fitted.replace(/&(amp|lt|gt);/g, '')).not.toMatch(/[&<>]/);
    }
  });

  it('keeps emoji whole after escaping too', () => {
    const text = `${'<'.repeat(36)}${FAMILY}${GRIN} end`;
    for (let max = 140; max <= 165; max++) {
      const fitted = mrkdwnText(text, max);
      expect(fitted.length).toBeLessThanOrEqual(max);
      expect(isWellFormed(fitted)).toBe(true);
      expect(cutBetweenGraphemes(escapeMrkdwn(text), fitted)).toBe(true);
    }
  });
});

describe('clipMrkdwn', () => {
  it('backs off rather than cut a mention Guild built', () => {
    expect(clipMrkdwn('done by <@U0123ABC> today', 15)).toBe(`done by ${ELLIPSIS}`);
    expect(clipMrkdwn('done by <@U0123ABC> today', 21)).toBe(`done by <@U0123ABC> ${ELLIPSIS}`);
  });
});
