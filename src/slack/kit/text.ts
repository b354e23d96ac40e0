/**
 * Person-typed text made safe to post to Slack: escaped where Slack parses it, cut where Slack
 * limits it. Pure; no Bolt.
 *
 * Escaping. In mrkdwn (a message's `text`, `mrkdwn` text objects, section fields, context
 * elements) Slack treats `&`, `<` and `>` as control characters: `<!channel>`, `<@U…>`, `<#C…>`,
 * `<!subteam^…>` and `<url|label>` ping, mention and link (Slack's "Formatting message text",
 * formerly "Formatting text for app surfaces": replace them with `&amp;`, `&lt;`, `&gt;` unless
 * they are meant as control characters). So
 * everything a person typed goes through {@link escapeMrkdwn} (or {@link mrkdwnText}) before it
 * is put into mrkdwn, while the mentions Guild builds itself from ids stay live. `plain_text`
 * objects (headers, buttons, options, modal titles, labels) are not parsed, so their text is only
 * clipped: escaping there would show `&lt;` to people.
 *
 * Counting. Slack's Block Kit reference gives every limit in "characters" without saying which
 * unit; its RTM API page ("Clients should limit messages sent to channels to 4000 characters,
 * which will always be under 16k bytes even with a message comprised solely of non-BMP Unicode
 * characters at 4 bytes each") counts a code point as one character. We count UTF-16 code units (`String.length`) instead: never fewer
 * than code points, so a string that fits by our count fits by Slack's, and also by any stricter
 * validator that counts as JavaScript does (our local Slack does). The price is that a title made
 * only of emoji is cut at about half the number of emoji Slack would take.
 *
 * Cutting. Text is cut between graphemes (`Intl.Segmenter`), so an emoji, a ZWJ family, a flag
 * or a letter with its combining marks is kept whole or dropped whole, and a cut string ends in
 * `…`. Every result is well-formed UTF-16: a lone surrogate (invalid in JSON for Postgres `jsonb`
 * and for Slack) becomes U+FFFD.
 */

export const ELLIPSIS = '…';
/** A message's `text`: Slack truncates longer text ("Truncating really long messages", chat.postMessage). */
export const MESSAGE_TEXT_MAX = 40_000;

/** Slack's limit on a section block's text (Block Kit reference, section block). */
export const SECTION_TEXT_MAX = 3000;

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Replaces lone surrogates with U+FFFD, as `String.prototype.toWellFormed` does. */
export function wellFormed(text: string): string {
  // With the `u` flag a paired surrogate reads as one code point, so \p{Cs} matches lone ones only.
  return text.replace(/\p{Cs}/gu, '\uFFFD');
}

/** Person text for mrkdwn: `&`, `<`, `>` as entities, so it shows as typed and nothing in it is live. */
export function escapeMrkdwn(text: string): string {
  return wellFormed(text).replace(/[&<>]/g, (c) => ENTITIES[c]!);
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * The longest prefix of `text` that ends between two graphemes and has at most `max` UTF-16
 * units: the text before the grapheme that holds unit `max`. `containing` finds that grapheme
 * without walking every grapheme before it (ICU backs up to a safe point), which matters for
 * 3,000-character items. Whether a grapheme starts at a position depends only on the text before
 * it and the code point there, so the text is cut just past `max` first (two units: a pair cut
 * in half would read as a lone surrogate).
 */
function graphemePrefix(text: string, max: number): string {
  if (max <= 0) return '';
  if (text.length <= max) return text;
  const holding = graphemes.segment(text.slice(0, max + 2)).containing(max);
  return text.slice(0, holding?.index ?? 0);
}

/**
 * At most `max` UTF-16 units of `text`, cut between graphemes with `…` at the end when cut.
 * For `plain_text` (not escaped); for mrkdwn use {@link mrkdwnText}.
 */
export function clip(text: string, max: number): string {
  const whole = wellFormed(text);
  if (whole.length <= max) return whole;
  if (max < ELLIPSIS.length) return '';
  return `${graphemePrefix(whole, max - ELLIPSIS.length)}${ELLIPSIS}`;
}

/**
 * Mrkdwn that Guild composed (person text already escaped, Guild's own `<@U…>` and
 * `<!date^…>` live) cut to at most `max` units. Besides graphemes, the cut never falls inside an
 * entity (`&amp;` cut to `&am` would show as typed garbage) or inside a `<…>` control sequence
 * (half a mention is neither a mention nor text): it backs off to before either.
 */
export function clipMrkdwn(mrkdwn: string, max: number): string {
  const whole = wellFormed(mrkdwn);
  if (whole.length <= max) return whole;
  if (max < ELLIPSIS.length) return '';
  let kept = graphemePrefix(whole, max - ELLIPSIS.length);
  const openSequence = kept.lastIndexOf('<');
  if (openSequence > kept.lastIndexOf('>')) kept = kept.slice(0, openSequence);
  // Every `&` in escaped text starts an entity, and entities end at the first `;`.
  const openEntity = kept.lastIndexOf('&');
  if (openEntity >= 0 && !kept.includes(';', openEntity)) kept = kept.slice(0, openEntity);
  return `${kept}${ELLIPSIS}`;
}

/**
 * Person text ready for mrkdwn: escaped, then cut so that the escaped text fits `max` units.
 * Escaping first matters: `<` becomes four characters, so text clipped to `max` and then escaped
 * could be four times too long for its field.
 */
export function mrkdwnText(personText: string, max: number): string {
  return clipMrkdwn(escapeMrkdwn(personText), max);
}
