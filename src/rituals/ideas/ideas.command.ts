import type { CommandContext, CommandHandlers, CommandReply, Parsed } from '../../slack/kit/command';
import { clip } from '../../slack/kit/text';
import type { HelpEntry, RitualSubcommand } from '../ritual';

/** `/guild ideas …`, parsed. */
export type IdeasCommand = { kind: 'list' } | { kind: 'add'; url: string } | { kind: 'remove'; which: string } | { kind: 'proposals' };

export const IDEAS_HELP_ENTRIES: HelpEntry[] = [
  { usage: '/guild ideas [list]', example: '/guild ideas', what: 'The feeds this community follows for outside ideas, and how their last read went.' },
  { usage: '/guild ideas add <url> | remove <n|url>', example: '/guild ideas add https://example.org/feed.xml', what: 'Organisers: follow an RSS or Atom feed (read daily; a digest of new posts on Mondays), or stop.' },
  { usage: '/guild ideas proposals', example: '/guild ideas proposals', what: 'Organisers: the talk ideas members proposed from the digest.' },
];

const one = (rest: string[]): string | undefined => (rest.length === 1 ? rest[0] : undefined);

/** Reads the words after `/guild ideas`. Never throws. */
export function parseIdeasCommand(rest: string[]): Parsed<IdeasCommand> {
  const word = rest[0]?.toLowerCase();
  const args = rest.slice(1);
  if (word === undefined || word === 'list') return args.length ? { ok: false, problem: '`/guild ideas list` takes nothing after it.' } : { ok: true, command: { kind: 'list' } };
  if (word === 'proposals') return args.length ? { ok: false, problem: '`/guild ideas proposals` takes nothing after it.' } : { ok: true, command: { kind: 'proposals' } };
  if (word === 'add') {
    const url = one(args);
    return url ? { ok: true, command: { kind: 'add', url } } : { ok: false, problem: 'Give one feed address, e.g. `/guild ideas add https://example.org/feed.xml`.' };
  }
  if (word === 'remove') {
    const which = one(args);
    return which ? { ok: true, command: { kind: 'remove', which } } : { ok: false, problem: 'Say which feed: its number in `/guild ideas list` or its address, e.g. `/guild ideas remove 2`.' };
  }
  return { ok: false, problem: `I don't know \`/guild ideas ${clip(rest[0]!, 30)}\`. Try \`/guild ideas list\`, \`/guild ideas add <url>\`, \`/guild ideas remove <n>\` or \`/guild ideas proposals\`.` };
}

/** `/guild ideas …` as a subcommand of `/guild`. */
export function ideasSubcommands(handlers: CommandHandlers<IdeasCommand>): RitualSubcommand[] {
  return [
    {
      words: ['ideas'],
      parse(rest) {
        const parsed = parseIdeasCommand(rest);
        if (!parsed.ok) return parsed;
        const command = parsed.command;
        const handler = handlers[command.kind] as (c: IdeasCommand, context: CommandContext) => Promise<CommandReply>;
        return { ok: true, command: (context) => handler(command, context) };
      },
    },
  ];
}
