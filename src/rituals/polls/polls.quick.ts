import type { Parsed } from '../../slack/kit/command';
import { clip } from '../../slack/kit/text';
import { checkLimit, checkOptions, checkQuestion, type PollKind } from './polls.rules';
import { REPEATS, type Repeat } from './polls.timing';

/** When a poll closes, as typed: a local date-time in the community's zone, or a duration from now. */
export type ClosingTime = { kind: 'at'; local: string } | { kind: 'in'; minutes: number };

/** Everything a poll is made from, before the community's zone turns times into instants. */
export interface PollRequest {
  question: string;
  options: string[];
  kind: PollKind;
  limit: number;
  anonymous: boolean;
  hideResults: boolean;
  membersAddOptions: boolean;
  closes?: ClosingTime;
  remindMinutes?: number;
  topicId?: number;
}

/** A scheduled poll's first opening (local, in the community's zone) and how it repeats. */
export interface PollOpening {
  local: string;
  repeat: Repeat;
}

/** What the quick syntax (or the form) asks for: a poll now, or one on a schedule. */
export interface QuickPoll {
  request: PollRequest;
  opens?: PollOpening;
}

/** Straight and typographic double quotes ("smart quotes" that Slack's clients type): each opens or closes. */
const QUOTES = new Set(['"', '\u201C', '\u201D', '\u201E', '\u201F', '\u00AB', '\u00BB']);

export const QUICK_EXAMPLE = '`/guild poll "Which topic next?" "Testing" "Accessibility" "Design systems"`';
export const QUICK_SETTINGS = '`single`, `multiple[=k]`, `ranked[=k]`, `dots[=budget]`, `anonymous`, `hidden`, `add-options`, `closes=2026-05-01T17:00` (or `closes=2h`, `3d`), `remind=1h`, and for organisers `opens=2026-05-01T09:00` with `repeat=weekly|fortnightly`';

type Token = { quoted: boolean; text: string };

/** Slack sends a command's text with `&`, `<` and `>` escaped; the poll keeps what was typed. */
function unescapeCommandText(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Quoted parts and bare words; undefined when a quote is left open. */
export function tokenise(text: string): Token[] | undefined {
  const tokens: Token[] = [];
  let quoted: string | undefined;
  let word = '';
  const endWord = () => {
    if (word) tokens.push({ quoted: false, text: word });
    word = '';
  };
  for (const char of text) {
    if (quoted !== undefined) {
      if (QUOTES.has(char)) {
        tokens.push({ quoted: true, text: quoted });
        quoted = undefined;
      } else quoted += char;
    } else if (QUOTES.has(char)) {
      endWord();
      quoted = '';
    } else if (/\s/.test(char)) endWord();
    else word += char;
  }
  if (quoted !== undefined) return undefined;
  endWord();
  return tokens;
}

/** "90m", "2h", "3d" as minutes. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d{1,4})(m|min|h|d)$/i.exec(text);
  if (!match) return undefined;
  const minutes = Number(match[1]) * ({ m: 1, min: 1, h: 60, d: 1440 } as Record<string, number>)[match[2]!.toLowerCase()]!;
  return minutes > 0 && minutes <= 90 * 1440 ? minutes : undefined;
}

interface Settings {
  kind: PollKind;
  limit?: number;
  anonymous: boolean;
  hideResults: boolean;
  membersAddOptions: boolean;
  closes?: ClosingTime;
  remindMinutes?: number;
  opens?: string;
  repeat?: Repeat;
}

const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

/** One bare word of the quick syntax, applied to the settings; a problem when it is not one. */
function applySetting(settings: Settings, word: string): string | undefined {
  const [name = '', value] = word.toLowerCase().split('=', 2) as [string, string | undefined];
  if (name === 'single' || name === 'multiple' || name === 'ranked' || name === 'dots') {
    settings.kind = name;
    if (value === undefined) return undefined;
    if (!/^\d{1,3}$/.test(value)) return `\`${clip(word, 30)}\`: the number after \`${name}=\` is a whole number, e.g. \`${name}=3\`.`;
    settings.limit = Number(value);
    return undefined;
  }
  if (name === 'anonymous' && value === undefined) settings.anonymous = true;
  else if (name === 'hidden' && value === undefined) settings.hideResults = true;
  else if (name === 'add-options' && value === undefined) settings.membersAddOptions = true;
  else if (name === 'closes' && value !== undefined) {
    const minutes = parseDuration(value);
    const local = word.slice('closes='.length).toUpperCase();
    if (minutes !== undefined) settings.closes = { kind: 'in', minutes };
    else if (LOCAL_DATE_TIME.test(local)) settings.closes = { kind: 'at', local };
    else return `\`${clip(word, 40)}\`: say when it closes as \`closes=2026-05-01T17:00\` (the community's time) or \`closes=2h\` (\`90m\`, \`3d\`; at most 90 days).`;
  } else if (name === 'remind' && value !== undefined) {
    const minutes = parseDuration(value);
    if (minutes === undefined) return `\`${clip(word, 40)}\`: say how long before it closes to remind people, e.g. \`remind=1h\` or \`remind=1d\`.`;
    settings.remindMinutes = minutes;
  } else if (name === 'opens' && value !== undefined) {
    const local = word.slice('opens='.length).toUpperCase();
    if (!LOCAL_DATE_TIME.test(local)) return `\`${clip(word, 40)}\`: say when it opens as \`opens=2026-05-01T09:00\` (the community's time).`;
    settings.opens = local;
  } else if (name === 'repeat' && value !== undefined) {
    if (!(REPEATS as readonly string[]).includes(value)) return `\`${clip(word, 40)}\`: a poll repeats \`repeat=weekly\` or \`repeat=fortnightly\` (or \`repeat=none\`).`;
    settings.repeat = value as Repeat;
  } else return `I don't know \`${clip(word, 30)}\` in a poll. Options go between quotes; the settings are ${QUICK_SETTINGS}.`;
  return undefined;
}

/**
 * Reads `/guild poll "Question?" "Option A" "Option B" [settings]`: the first quoted part is the
 * question, the others the options. Straight and smart quotes both work. Never throws.
 */
export function parseQuickPoll(text: string): Parsed<QuickPoll> {
  const tokens = tokenise(unescapeCommandText(text));
  if (!tokens) return { ok: false, problem: `The quotes do not pair up: put the question and each option between two quotes, e.g. ${QUICK_EXAMPLE}.` };
  const quoted = tokens.filter((t) => t.quoted).map((t) => t.text);
  const settings: Settings = { kind: 'single', anonymous: false, hideResults: false, membersAddOptions: false };
  for (const token of tokens.filter((t) => !t.quoted)) {
    const problem = applySetting(settings, token.text);
    if (problem) return { ok: false, problem };
  }
  if (quoted.length === 0) return { ok: false, problem: `Put the question and the options between quotes, e.g. ${QUICK_EXAMPLE}; or type just \`/guild poll\` for the form.` };
  const question = checkQuestion(quoted[0]!);
  if (!question.ok) return { ok: false, problem: question.problem };
  const options = checkOptions(quoted.slice(1));
  if (!options.ok) return { ok: false, problem: options.problem };
  const limit = checkLimit(settings.kind, settings.limit, options.value.length);
  if (!limit.ok) return { ok: false, problem: limit.problem };
  if (settings.remindMinutes !== undefined && !settings.closes) return { ok: false, problem: 'A reminder comes before the poll closes: add when it closes, e.g. `closes=2d remind=1d`.' };
  if (settings.repeat && settings.repeat !== 'none' && !settings.opens) return { ok: false, problem: 'A repeating poll needs its first opening: add e.g. `opens=2026-05-04T09:00 repeat=weekly`.' };
  if (settings.closes?.kind === 'at' && settings.repeat && settings.repeat !== 'none') return { ok: false, problem: 'A repeating poll closes a while after each opening: say how long, e.g. `closes=2d`, not a date.' };
  const { limit: _typed, opens, repeat, ...rest } = settings;
  const request: PollRequest = { ...rest, question: question.value, options: options.value, limit: limit.value };
  return { ok: true, command: { request, ...(opens ? { opens: { local: opens, repeat: repeat ?? 'none' } } : {}) } };
}
