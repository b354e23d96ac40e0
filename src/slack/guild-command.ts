import { z } from 'zod';
import type { RitualCommandRun, RitualSubcommand } from '../rituals/ritual';
import { clip } from './kit/text';
import { COMMAND_TEXT_MAX, routeSubcommand, type Parsed, type SubcommandRoute } from './kit/command';

/** A `/guild` command, parsed from its text. */
export type GuildCommand =
  /** The list of every command, or one topic's commands explained (`/guild help retro`). */
  | { kind: 'help'; topic?: string }
  | { kind: 'setup'; name?: string }
  | { kind: 'join' }
  | { kind: 'leave' }
  | { kind: 'profile' }
  | { kind: 'organisers.list' }
  | { kind: 'organisers.add'; userId: string }
  | { kind: 'organisers.remove'; userId: string }
  | { kind: 'topics.list' }
  | { kind: 'topics.add'; names: string[] }
  | { kind: 'topics.remove'; name: string }
  | { kind: 'schedules.list' }
  | { kind: 'schedules.change'; action: 'pause' | 'resume' | 'cancel'; scheduleId: number }
  /** A ritual's own subcommand (`/guild coffee join`), parsed by the ritual. */
  | { kind: 'ritual'; run: RitualCommandRun };

export type ParseResult = Parsed<GuildCommand>;

export { COMMAND_TEXT_MAX };

/** `<@U123>` or `<@U123|name>`, which Slack sends for a mention when escaping is on (it is, in our manifest). */
const mention = z
  .string()
  .trim()
  .regex(/^<@([UW][A-Z0-9]+)(\|[^>]*)?>$/, 'Mention one person with @, e.g. `/guild organisers add @ada`.')
  .transform((text) => /^<@([UW][A-Z0-9]+)/.exec(text)?.[1] ?? '');

const takesNothing = (kind: 'join' | 'leave' | 'profile'): SubcommandRoute<GuildCommand> => ({
  words: [kind],
  parse: (rest) => (rest.length > 0 ? { ok: false, problem: `\`/guild ${kind}\` takes nothing after it.` } : { ok: true, command: { kind } }),
});

/** The table of `/guild` subcommands: the first word picks one. */
const GUILD_ROUTES: SubcommandRoute<GuildCommand>[] = [
  {
    words: ['help'],
    parse: (rest) =>
      rest.length === 0
        ? { ok: true, command: { kind: 'help' } }
        : rest.length === 1
          ? { ok: true, command: { kind: 'help', topic: rest[0]!.toLowerCase() } }
          : { ok: false, problem: 'Use `/guild help` for every command, or `/guild help <topic>` for one topic, e.g. `/guild help retro`.' },
  },
  { words: ['setup'], parse: (_, restText) => ({ ok: true, command: { kind: 'setup', ...(restText ? { name: restText } : {}) } }) },
  takesNothing('join'),
  takesNothing('leave'),
  takesNothing('profile'),
  { words: ['organisers', 'organizers'], parse: (rest, restText) => parseOrganisers(rest[0]?.toLowerCase(), rest.slice(1), afterWord(restText)) },
  { words: ['topics'], parse: (rest, restText) => parseTopics(rest[0]?.toLowerCase(), afterWord(restText)) },
  { words: ['schedules'], parse: (rest) => parseSchedules(rest[0]?.toLowerCase(), rest.slice(1)) },
];

const afterWord = (text: string) => text.split(/\s+/).slice(1).join(' ');

/**
 * The table with the rituals' subcommands after Guild's own. A first word claimed twice is a
 * programming error, found when the process starts.
 */
export function guildRoutes(ritualCommands: readonly RitualSubcommand[] = []): SubcommandRoute<GuildCommand>[] {
  const routes = [...GUILD_ROUTES, ...ritualCommands.map(ritualRoute)];
  const seen = new Set<string>();
  for (const word of routes.flatMap((r) => r.words)) {
    if (seen.has(word)) throw new Error(`/guild ${word} is claimed twice`);
    seen.add(word);
  }
  return routes;
}

function ritualRoute(subcommand: RitualSubcommand): SubcommandRoute<GuildCommand> {
  return {
    words: subcommand.words,
    parse(rest, restText) {
      const parsed = subcommand.parse(rest, restText);
      return parsed.ok ? { ok: true, command: { kind: 'ritual', run: parsed.command } } : parsed;
    },
  };
}

/** Parses the text after `/guild`. Never throws: bad text yields a problem to show the user. */
export function parseGuildCommand(text: string, routes: readonly SubcommandRoute<GuildCommand>[] = GUILD_ROUTES): ParseResult {
  return routeSubcommand(text, routes, (trimmed, first) =>
    trimmed === '' ? { ok: true, command: { kind: 'help' } } : { ok: false, problem: `I don't know \`/guild ${clip(first ?? '', 40)}\`.` },
  );
}

function parseOrganisers(action: string | undefined, rest: string[], restText: string): ParseResult {
  if (action === undefined || action === 'list') return { ok: true, command: { kind: 'organisers.list' } };
  if (action !== 'add' && action !== 'remove') return { ok: false, problem: 'Use `/guild organisers`, `/guild organisers add @someone` or `/guild organisers remove @someone`.' };
  if (rest.length !== 1) return { ok: false, problem: `Mention exactly one person, e.g. \`/guild organisers ${action} @ada\`.` };
  const parsed = mention.safeParse(restText);
  if (!parsed.success) {
    const plain = restText.startsWith('@') ? ` I received plain text "${clip(restText, 40)}": pick the person from Slack's suggestions so it becomes a link.` : '';
    return { ok: false, problem: `${parsed.error.issues[0]?.message ?? 'Mention one person.'}${plain}` };
  }
  return { ok: true, command: { kind: action === 'add' ? 'organisers.add' : 'organisers.remove', userId: parsed.data } };
}

function parseTopics(action: string | undefined, restText: string): ParseResult {
  if (action === undefined || action === 'list') return { ok: true, command: { kind: 'topics.list' } };
  if (action === 'add') {
    const names = restText.split(',').map((n) => n.trim()).filter(Boolean);
    if (names.length === 0) return { ok: false, problem: 'Name the topics to add, separated by commas: `/guild topics add accessibility, design systems`.' };
    return { ok: true, command: { kind: 'topics.add', names } };
  }
  if (action === 'remove') {
    if (!restText.trim()) return { ok: false, problem: 'Name the topic to remove: `/guild topics remove accessibility`.' };
    return { ok: true, command: { kind: 'topics.remove', name: restText.trim() } };
  }
  return { ok: false, problem: 'Use `/guild topics`, `/guild topics add <name>, <name>` or `/guild topics remove <name>`.' };
}

function parseSchedules(action: string | undefined, rest: string[]): ParseResult {
  if (action === undefined || action === 'list') return { ok: true, command: { kind: 'schedules.list' } };
  if (action !== 'pause' && action !== 'resume' && action !== 'cancel') {
    return { ok: false, problem: 'Use `/guild schedules`, or `/guild schedules pause|resume|cancel <number>`.' };
  }
  const id = /^#?(\d{1,9})$/.exec(rest[0] ?? '')?.[1];
  if (!id || rest.length !== 1) return { ok: false, problem: `Give the schedule's number from \`/guild schedules\`, e.g. \`/guild schedules ${action} 3\`.` };
  return { ok: true, command: { kind: 'schedules.change', action, scheduleId: Number(id) } };
}
