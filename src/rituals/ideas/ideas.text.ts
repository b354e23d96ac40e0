import { decode } from 'html-entities';
import { clip } from '../../slack/kit/text';

/**
 * Feed text is untrusted: a feed's titles and summaries are HTML written by whoever runs the
 * feed. Guild keeps only their words (tags, scripts, styles and comments dropped, entities
 * decoded, white space collapsed), clipped; they are escaped again where they are posted.
 */

const DROPPED_ELEMENTS = /<(script|style|template|noscript|iframe|object|svg|math)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const COMMENTS = /<!--[\s\S]*?(-->|$)/g;
const CDATA = /<!\[CDATA\[([\s\S]*?)\]\]>/g;
/** Tags that end a line or a block of text: a space, so that words are not glued together. */
const BLOCK_TAGS = /<\/?(p|div|br|li|ul|ol|h[1-6]|tr|td|th|table|blockquote|pre|hr|section|article|header|footer|figure|figcaption|dd|dt)\b[^>]*(>|$)/gi;
/** Any other tag (inline ones such as <b> and <a>): nothing. */
const TAGS = /<\/?[a-z!?][^>]*(>|$)/gi;

/** The plain text of a bit of HTML, on one line, at most `max` characters. */
export function htmlToText(html: string | null | undefined, max: number): string {
  if (!html) return '';
  const text = html.replace(CDATA, '$1').replace(COMMENTS, ' ').replace(DROPPED_ELEMENTS, ' ').replace(BLOCK_TAGS, ' ').replace(TAGS, '');
  // Decoding last: an encoded `&lt;b&gt;` is text about a tag, kept as text.
  return clip(decode(text).replace(/[\u0000-\u001f\u007f\s]+/g, ' ').trim(), max);
}

/** A link Guild will post: absolute http(s) only, without characters that break Slack's `<url|label>`. */
export function safeLink(url: string | null | undefined, base?: string): string | undefined {
  if (!url) return undefined;
  const text = url.trim();
  const parsed = URL.canParse(text, base) ? new URL(text, base) : undefined;
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.username || parsed.password) return undefined;
  const href = parsed.href;
  // Slack reads `|` and `>` inside <…> as the end of the link; URL leaves `|` as it is.
  if (href.length > 2000 || /[<>|\s]/.test(href)) return undefined;
  return href;
}
