import type { CommandContext, CommandReply, Parsed } from '../../slack/kit/command';
import type { HelpEntry, RitualSubcommand } from '../ritual';
import { parseQuickPoll, QUICK_EXAMPLE, type QuickPoll } from './polls.quick';

/** `/guild poll …`, parsed. */
export type PollsCommand = { kind: 'form' } | { kind: 'topics' } | { kind: 'close'; pollId: number } | { kind: 'quick'; poll: QuickPoll };

export const POLLS_HELP_ENTRIES: HelpEntry[] = [
  { usage: '/guild poll', example: '/guild poll', what: 'A form: question, options, single / multiple / ranked / dot votes, anonymous, hidden counts, closing time, reminder; organisers also schedule and repeat.' },
  { usage: '/guild poll "Question?" "Option" "Option" [settings]', example: '/guild poll "Lunch talk topic?" "Testing" "Accessibility" multiple=2 closes=2d remind=1d', what: 'A poll at once, straight or smart quotes. Settings: single, multiple[=k], ranked[=k], dots[=budget], anonymous, hidden, add-options, closes=…, remind=…, opens=… repeat=weekly.' },
  { usage: '/guild poll topics', example: '/guild poll topics', what: "A topic-interest poll: the community's topics, up to 3 choices each, with a breakdown by level when it closes." },
  { usage: '/guild poll close <number>', example: '/guild poll close 12', what: 'The creator or an organiser closes a poll (its button does the same) and the results are posted.' },
];

const ID = /^#?([1-9]\d{0,8})$/;

/** Reads the text after `/guild poll`. Never throws. */
export function parsePollCommand(rest: string[], restText: string): Parsed<PollsCommand> {
  const word = rest[0]?.toLowerCase();
  if (word === undefined) return { ok: true, command: { kind: 'form' } };
  if (word === 'topics' && rest.length === 1) return { ok: true, command: { kind: 'topics' } };
  if (word === 'close') {
    const id = rest.length === 2 ? ID.exec(rest[1]!)?.[1] : undefined;
    return id ? { ok: true, command: { kind: 'close', pollId: Number(id) } } : { ok: false, problem: "Give the poll's number, shown under its question: `/guild poll close 12`." };
  }
  const quick = parseQuickPoll(restText);
  if (!quick.ok) return quick;
  return { ok: true, command: { kind: 'quick', poll: quick.command } };
}

export type PollsHandlers = { [K in PollsCommand['kind']]: (command: Extract<PollsCommand, { kind: K }>, context: CommandContext) => Promise<CommandReply> };

/** `/guild poll …` as a subcommand of `/guild`. */
export function pollsSubcommand(handlers: PollsHandlers): RitualSubcommand {
  return {
    words: ['poll'],
    parse(rest, restText) {
      const parsed = parsePollCommand(rest, restText);
      if (!parsed.ok) return parsed;
      const command = parsed.command;
      const handler = handlers[command.kind] as (c: PollsCommand, context: CommandContext) => Promise<CommandReply>;
      return { ok: true, command: (context) => handler(command, context) };
    },
  };
}

export { QUICK_EXAMPLE };
