import type { CommunityService } from '../../community/community.service';
import type { Schedules } from '../../scheduler/schedules';
import type { CommandContext, CommandReply, Parsed } from '../../slack/kit/command';
import { clip, mrkdwnText } from '../../slack/kit/text';
import type { HelpEntry, RitualCommandRun, RitualSubcommand } from '../ritual';
import { MIN_RESPONSES, parsePulseSchedule, type PulseWhen } from './pulse.rules';
import { schedulePulse } from './pulse.schedule';
import type { PulseService } from './pulse.service';
import { resultsText } from './pulse.views';

export const PULSE_HELP_ENTRIES: HelpEntry[] = [
  { usage: '/guild pulse', example: '/guild pulse', what: `Organisers: the latest pulse surveys: how many answered, and from ${MIN_RESPONSES} responses the averages and comments (never who said what).` },
  { usage: '/guild pulse send', example: '/guild pulse send', what: 'Organisers: DM every active member the pulse survey now (once a day).' },
  { usage: '/guild pulse schedule [<day> <HH:MM>]', example: '/guild pulse schedule first-monday 10:00', what: 'Organisers: a monthly pulse survey on a day of the month (1 to 28) or a weekday like `last-friday`; alone, the first Monday at 10:00.' },
];

export interface PulseCommandDeps {
  pulse: PulseService;
  community: Pick<CommunityService, 'requireCommunity' | 'requireOrganiser'>;
  schedules: Schedules;
  now: () => Date;
}

const ok = (run: RitualCommandRun): Parsed<RitualCommandRun> => ({ ok: true, command: run });
const problem = (text: string): Parsed<RitualCommandRun> => ({ ok: false, problem: text });
const PULSE_USAGE = 'Use `/guild pulse` for the results, `/guild pulse send` to send one now, or `/guild pulse schedule [<day> <HH:MM>]`.';

/** `/guild pulse …`: each parses its words, then runs one service call. */
export function pulseCommands(deps: PulseCommandDeps): RitualSubcommand[] {
  return [{ words: ['pulse'], parse: (rest) => parsePulse(deps, rest) }];
}

function parsePulse(deps: PulseCommandDeps, rest: string[]): Parsed<RitualCommandRun> {
  const [word, ...after] = rest;
  switch (word?.toLowerCase()) {
    case undefined:
      return ok((context) => showResults(deps, context));
    case 'send':
      return after.length === 0 ? ok((context) => sendNow(deps, context)) : problem('`/guild pulse send` takes nothing after it.');
    case 'schedule': {
      const when = parsePulseSchedule(after);
      return when.ok ? ok((context) => schedule(deps, context, when.value)) : problem(when.problem);
    }
    default:
      return problem(`\`/guild pulse\` has no "${clip(word ?? '', 30)}". ${PULSE_USAGE}`);
  }
}

async function organisersCommunity(deps: PulseCommandDeps, { channel, actor }: CommandContext, action: string) {
  const community = await deps.community.requireCommunity(channel);
  await deps.community.requireOrganiser(community.id, actor.userId, action);
  return community;
}

async function showResults(deps: PulseCommandDeps, context: CommandContext): Promise<CommandReply> {
  const community = await organisersCommunity(deps, context, 'see the pulse surveys');
  return { text: resultsText(community.name, await deps.pulse.results(community.id)) };
}

async function sendNow(deps: PulseCommandDeps, context: CommandContext): Promise<CommandReply> {
  const community = await organisersCommunity(deps, context, 'send a pulse survey');
  const round = await deps.pulse.sendNow(community.id);
  const name = mrkdwnText(community.name, 80);
  if (!round.sent) return { text: `Today's pulse survey of *${name}* was sent already (${round.date}, to ${round.recipients} members). See how it goes with \`/guild pulse\`.` };
  return { text: `Sent the pulse survey to ${round.recipients} member${round.recipients === 1 ? '' : 's'} of *${name}*. See the results with \`/guild pulse\` (from ${MIN_RESPONSES} responses).` };
}

async function schedule(deps: PulseCommandDeps, context: CommandContext, when: PulseWhen): Promise<CommandReply> {
  const community = await organisersCommunity(deps, context, 'schedule the pulse survey');
  const summary = await schedulePulse(deps.schedules, { communityId: community.id, timeZone: community.timeZone, when, createdBy: context.actor.userId, now: deps.now() });
  return { text: `The pulse survey is scheduled: ${summary.description} (schedule #${summary.id}; see \`/guild schedules\`).` };
}
