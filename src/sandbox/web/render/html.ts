/**
 * HTML built as strings, with one rule: every value from Slack, Guild or a person goes through
 * `escapeHtml` (or `attr`) before it meets markup. `Html` marks strings that are already safe, so
 * a renderer can tell markup it made from text it was given.
 */
import { createHash } from 'node:crypto';

export class Html {
  constructor(readonly value: string) {}

  toString(): string {
    return this.value;
  }
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** A tagged template: interpolated `Html` stays markup, arrays are joined, anything else is escaped. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new Html(out);
}

function render(value: unknown): string {
  if (value === undefined || value === null || value === false) return '';
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/**
 * A short key for a live part of the page (messages, a thread, the Home tab, the sidebar, the
 * log). The page carries it as `data-part` and every refresh of the part sends it as `x-part`, so
 * the page redraws a part only when it changed: a button a person is about to press is not
 * replaced under their pointer by an identical one.
 */
export function partKey(markup: Html): string {
  return createHash('sha1').update(markup.value).digest('base64url').slice(0, 16);
}

export function raw(markup: string): Html {
  return new Html(markup);
}

/** A JSON value for an attribute such as hx-vals (escaped like any attribute value). */
export function jsonAttr(value: unknown): string {
  return JSON.stringify(value);
}
