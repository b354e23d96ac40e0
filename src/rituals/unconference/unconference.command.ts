import type { CommandReply, Parsed } from '../../slack/kit/command';
import type { CommandContext } from '../../slack/kit/command';
import { clip } from '../../slack/kit/text';
import type { HelpEntry, RitualSubcommand } from '../ritual';

export const UNCONFERENCE_HELP_ENTRIES: HelpEntry[] = [
  { usage: '/guild unconference', example: '/guild unconference', what: 'Organisers: plan an unconference (day, time slots, rooms, dots per person, deadlines). Members then propose sessions and spread their dots; you publish the agenda.' },
];

/** `/guild unconference`: the plan form. Anything after it is a mistake, said so. */
export function unconferenceSubcommand(plan: (context: CommandContext) => Promise<CommandReply>): RitualSubcommand {
  return {
    words: ['unconference'],
    parse(rest): Parsed<(context: CommandContext) => Promise<CommandReply>> {
      if (rest.length === 0) return { ok: true, command: plan };
      return { ok: false, problem: `\`/guild unconference\` takes nothing after it (not "${clip(rest.join(' '), 30)}"): the form asks for the rest.` };
    },
  };
}
