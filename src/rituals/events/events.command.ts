import type { CommandContext, CommandHandlers, CommandReply, Parsed } from '../../slack/kit/command';
import { clip } from '../../slack/kit/text';
import type { HelpEntry, RitualSubcommand } from '../ritual';

/** `/guild event …` and `/guild events`, parsed. */
export type EventsCommand =
  | { kind: 'create' }
  | { kind: 'edit'; eventId: number }
  | { kind: 'cancel'; eventId: number }
  | { kind: 'feedback'; eventId: number }
  | { kind: 'list' };

export const EVENTS_HELP_ENTRIES: HelpEntry[] = [
  { usage: '/guild event', example: '/guild event', what: 'Plan a talk, workshop, book-club, feedback or hack session: time, place, places, repeats, reminders.' },
  { usage: '/guild events', example: '/guild events', what: 'What is coming in this community, with your answers marked.' },
  { usage: '/guild event edit <id> | cancel <id>', example: '/guild event edit 12', what: 'The creator, hosts and organisers: change or cancel an event (its menu does the same).' },
  { usage: '/guild event feedback <id>', example: '/guild event feedback 12', what: 'Organisers: what attendees said, in aggregate once 5 answered.' },
];

const ID = /^#?([1-9]\d{0,8})$/;

function withId(kind: 'edit' | 'cancel' | 'feedback', rest: string[]): Parsed<EventsCommand> {
  const id = rest.length === 1 ? ID.exec(rest[0]!)?.[1] : undefined;
  if (id) return { ok: true, command: { kind, eventId: Number(id) } };
  return { ok: false, problem: `Give the event's number, e.g. \`/guild event ${kind} 12\` (\`/guild events\` lists them with their numbers).` };
}

/** Reads the words after `/guild event`. Never throws. */
export function parseEventCommand(rest: string[]): Parsed<EventsCommand> {
  const word = rest[0]?.toLowerCase();
  if (word === undefined || word === 'new' || word === 'create') return rest.length <= 1 ? { ok: true, command: { kind: 'create' } } : { ok: false, problem: '`/guild event` takes nothing after it: the form asks for the rest.' };
  if (word === 'edit' || word === 'cancel' || word === 'feedback') return withId(word, rest.slice(1));
  if (word === 'list') return { ok: true, command: { kind: 'list' } };
  return { ok: false, problem: `I don't know \`/guild event ${clip(rest[0]!, 30)}\`. Try \`/guild event\` to plan one, or \`/guild events\` for what is coming.` };
}

function subcommand(words: string[], parse: (rest: string[]) => Parsed<EventsCommand>, handlers: CommandHandlers<EventsCommand>): RitualSubcommand {
  return {
    words,
    parse(rest) {
      const parsed = parse(rest);
      if (!parsed.ok) return parsed;
      const command = parsed.command;
      const handler = handlers[command.kind] as (c: EventsCommand, context: CommandContext) => Promise<CommandReply>;
      return { ok: true, command: (context) => handler(command, context) };
    },
  };
}

/** `/guild event …` and `/guild events`, as subcommands of `/guild`. */
export function eventsSubcommands(handlers: CommandHandlers<EventsCommand>): RitualSubcommand[] {
  const list = (rest: string[]): Parsed<EventsCommand> => (rest.length ? { ok: false, problem: '`/guild events` takes nothing after it.' } : { ok: true, command: { kind: 'list' } });
  return [subcommand(['event'], parseEventCommand, handlers), subcommand(['events'], list, handlers)];
}
