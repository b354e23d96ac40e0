import type { CommandHandlers, Parsed } from '../../../slack/kit/command';
import { clip } from '../../../slack/kit/text';
import type { RitualSubcommand } from '../../ritual';
import { parseMinMembers } from './bookclub.rules';

/** `/guild bookclub …`, parsed. */
export type BookClubCommand = { kind: 'list' } | { kind: 'suggest' } | { kind: 'vote' } | { kind: 'closeVote'; minMembers: number };

const nothingAfter = (word: string, command: BookClubCommand) => (rest: string[]): Parsed<BookClubCommand> =>
  rest.length > 0 ? { ok: false, problem: `\`/guild bookclub ${word}\` takes nothing after it.` } : { ok: true, command };

const ROUTES: Record<string, (rest: string[]) => Parsed<BookClubCommand>> = {
  list: nothingAfter('list', { kind: 'list' }),
  help: nothingAfter('help', { kind: 'list' }),
  suggest: nothingAfter('suggest', { kind: 'suggest' }),
  vote: nothingAfter('vote', { kind: 'vote' }),
  'close-vote': (rest) => {
    if (rest.length > 1) return { ok: false, problem: 'Give at most one number: `/guild bookclub close-vote 5`.' };
    const n = parseMinMembers(rest[0]);
    return n.ok ? { ok: true, command: { kind: 'closeVote', minMembers: n.minMembers } } : n;
  },
};

/** Reads the words after `/guild bookclub`. Never throws. */
export function parseBookClubCommand(rest: string[]): Parsed<BookClubCommand> {
  const word = rest[0]?.toLowerCase();
  if (word === undefined) return { ok: true, command: { kind: 'list' } };
  const route = Object.hasOwn(ROUTES, word) ? ROUTES[word] : undefined;
  if (!route) return { ok: false, problem: `I don't know \`/guild bookclub ${clip(rest[0]!, 30)}\`. Try \`/guild bookclub\` for what it does.` };
  return route(rest.slice(1));
}

/** `/guild bookclub`, as a subcommand of `/guild`: parsed here, run by its handler. */
export function bookClubSubcommand(handlers: CommandHandlers<BookClubCommand>): RitualSubcommand {
  return {
    words: ['bookclub'],
    parse(rest) {
      const parsed = parseBookClubCommand(rest);
      if (!parsed.ok) return parsed;
      const command = parsed.command;
      const handler = handlers[command.kind] as (c: BookClubCommand, context: Parameters<CommandHandlers<BookClubCommand>['list']>[1]) => ReturnType<CommandHandlers<BookClubCommand>['list']>;
      return { ok: true, command: (context) => handler(command, context) };
    },
  };
}
