import type { CommandHandlers, Parsed } from '../../slack/kit/command';
import { clip } from '../../slack/kit/text';
import type { HelpEntry, RitualSubcommand } from '../ritual';
import { parseSnoozeWeeks } from './coffee.rules';

/** `/guild coffee …`, parsed. */
export type CoffeeCommand =
  | { kind: 'status' }
  | { kind: 'join' }
  | { kind: 'leave' }
  | { kind: 'snooze'; weeks: number }
  | { kind: 'resume' }
  | { kind: 'avoid'; userId: string }
  | { kind: 'unavoid'; userId: string }
  | { kind: 'settings' }
  | { kind: 'preview' }
  | { kind: 'run' };

export const COFFEE_HELP_ENTRIES: HelpEntry[] = [
  { usage: '/guild coffee', example: '/guild coffee', what: 'Your coffee groups here: whether you take part, the next round, and these commands.' },
  { usage: '/guild coffee join | leave', example: '/guild coffee join', what: 'Take part in the coffee groups of this channel\'s community, or stop.' },
  { usage: '/guild coffee snooze <weeks> | resume', example: '/guild coffee snooze 2', what: 'Skip the rounds of the next weeks (holidays), or come back now.' },
  { usage: '/guild coffee avoid @someone | unavoid @someone', example: '/guild coffee avoid @alan', what: 'Privately: never put you in a group with them (nobody else is told).' },
  { usage: '/guild coffee settings', example: '/guild coffee settings', what: 'Organisers: group size, how often, the local time, the repeat window, mixing, the follow-up.' },
  { usage: '/guild coffee preview | run', example: '/guild coffee preview', what: 'Organisers: see the next round\'s groups (and swap people), or run a round now.' },
];

const MENTION = /^<@([UW][A-Z0-9]+)(\|[^>]*)?>$/;

const nothingAfter = (kind: 'status' | 'join' | 'leave' | 'resume' | 'settings' | 'preview' | 'run') => (rest: string[]): Parsed<CoffeeCommand> =>
  rest.length > 0 ? { ok: false, problem: `\`/guild coffee ${kind}\` takes nothing after it.` } : { ok: true, command: { kind } };

function mentioned(kind: 'avoid' | 'unavoid', rest: string[]): Parsed<CoffeeCommand> {
  const userId = rest.length === 1 ? MENTION.exec(rest[0]!)?.[1] : undefined;
  if (userId) return { ok: true, command: { kind, userId } };
  const plain = rest.length === 1 && rest[0]!.startsWith('@') ? ` I received plain text "${clip(rest[0]!, 40)}": pick the person from Slack's suggestions so it becomes a link.` : '';
  return { ok: false, problem: `Mention exactly one person, e.g. \`/guild coffee ${kind} @ada\`.${plain}` };
}

const ROUTES: Record<string, (rest: string[]) => Parsed<CoffeeCommand>> = {
  status: nothingAfter('status'),
  help: nothingAfter('status'),
  join: nothingAfter('join'),
  leave: nothingAfter('leave'),
  resume: nothingAfter('resume'),
  settings: nothingAfter('settings'),
  preview: nothingAfter('preview'),
  run: nothingAfter('run'),
  avoid: (rest) => mentioned('avoid', rest),
  unavoid: (rest) => mentioned('unavoid', rest),
  snooze: (rest) => {
    const weeks = rest.length === 1 ? parseSnoozeWeeks(rest[0]) : parseSnoozeWeeks(undefined);
    return weeks.ok ? { ok: true, command: { kind: 'snooze', weeks: weeks.weeks } } : weeks;
  },
};

/** Reads the words after `/guild coffee`. Never throws. */
export function parseCoffeeCommand(rest: string[]): Parsed<CoffeeCommand> {
  const word = rest[0]?.toLowerCase();
  if (word === undefined) return { ok: true, command: { kind: 'status' } };
  const route = Object.hasOwn(ROUTES, word) ? ROUTES[word] : undefined;
  if (!route) return { ok: false, problem: `I don't know \`/guild coffee ${clip(rest[0]!, 30)}\`. Try \`/guild coffee\` for what it does.` };
  return route(rest.slice(1));
}

/** `/guild coffee`, as the ritual's subcommand of `/guild`: parsed here, run by its handler. */
export function coffeeSubcommand(handlers: CommandHandlers<CoffeeCommand>): RitualSubcommand {
  return {
    words: ['coffee'],
    parse(rest) {
      const parsed = parseCoffeeCommand(rest);
      if (!parsed.ok) return parsed;
      const command = parsed.command;
      const handler = handlers[command.kind] as (c: CoffeeCommand, context: Parameters<CommandHandlers<CoffeeCommand>['status']>[1]) => ReturnType<CommandHandlers<CoffeeCommand>['status']>;
      return { ok: true, command: (context) => handler(command, context) };
    },
  };
}
