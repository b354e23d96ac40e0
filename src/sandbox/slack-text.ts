/**
 * How Slack measures and accepts strings.
 *
 * Slack's reference gives every limit in "characters" (Block Kit reference, "Formatting text for
 * app surfaces", chat.postMessage's 40,000-character truncation). JavaScript's `length` counts
 * UTF-16 code units, so an emoji outside the Basic Multilingual Plane counts twice there; Slack
 * stores UTF-8 and counts it once. We count Unicode code points: an app that cuts by code unit
 * then passes our checks only when Slack would accept it too, and one that is refused here is
 * refused by Slack. (Whether Slack counts grapheme clusters instead is not documented; code points
 * are the stricter of the two readings, so we use them.)
 */

/** Length as Slack counts it: Unicode code points (a lone surrogate counts as one). */
export function slackLength(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    if (isHigh(unit) && i + 1 < text.length && isLow(text.charCodeAt(i + 1))) i += 1;
    count += 1;
  }
  return count;
}

/** The first `max` characters as Slack counts them, never splitting a surrogate pair. */
export function truncateChars(text: string, max: number): string {
  let count = 0;
  for (let i = 0; i < text.length; i += 1) {
    if (count === max) return text.slice(0, i);
    const unit = text.charCodeAt(i);
    if (isHigh(unit) && i + 1 < text.length && isLow(text.charCodeAt(i + 1))) i += 1;
    count += 1;
  }
  return text;
}

/**
 * Index (in UTF-16 units) of the first unpaired surrogate, or -1. Such a string has no UTF-8
 * form: JSON.stringify writes it as a `\ud83d` escape, which Slack's JSON decoder (and Postgres'
 * jsonb) refuse.
 */
export function loneSurrogateIndex(text: string): number {
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    if (isHigh(unit)) {
      if (i + 1 < text.length && isLow(text.charCodeAt(i + 1))) {
        i += 1;
        continue;
      }
      return i;
    }
    if (isLow(unit)) return i;
  }
  return -1;
}

/** Where in a JSON value (as a json-pointer under `base`) a string holds a lone surrogate. */
export function findLoneSurrogate(value: unknown, base: string): { pointer: string; index: number; unit: number } | undefined {
  if (typeof value === 'string') {
    const index = loneSurrogateIndex(value);
    return index < 0 ? undefined : { pointer: base, index, unit: value.charCodeAt(index) };
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const found = findLoneSurrogate(value[i], `${base}/${i}`);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      // A key can carry one too (block ids become keys of view state).
      const inKey = loneSurrogateIndex(key);
      if (inKey >= 0) return { pointer: `${base}/${escapePointer(key)}`, index: inKey, unit: key.charCodeAt(inKey) };
      const found = findLoneSurrogate(child, `${base}/${escapePointer(key)}`);
      if (found) return found;
    }
  }
  return undefined;
}

/** The `[ERROR] ...` line Slack puts in response_metadata.messages, for a lone surrogate. */
export function loneSurrogateProblem(found: { pointer: string; index: number; unit: number }): string {
  const hex = found.unit.toString(16).toUpperCase();
  return `[ERROR] must be a valid UTF-8 string: unpaired surrogate U+${hex} at index ${found.index} [json-pointer:${found.pointer}]`;
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function isHigh(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

function isLow(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}
