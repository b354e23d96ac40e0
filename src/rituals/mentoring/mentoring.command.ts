import type { CommunityService } from '../../community/community.service';
import type { CommandContext, CommandReply, Parsed } from '../../slack/kit/command';
import type { Weekday } from '../../scheduler/recurrence.types';
import { clip, mrkdwnText } from '../../slack/kit/text';
import type { HelpEntry, RitualCommandRun, RitualSubcommand } from '../ritual';
import type { LevelsService } from './mentoring.levels';
import { parseCapacity, parseGap } from './mentoring.rules';
import { scheduleMentoring, parseScheduleWords } from './mentoring.schedule';
import type { MentoringService } from './mentoring.service';
import type { Schedules } from '../../scheduler/schedules';
import { distributionsText } from './mentoring.views';

export const MENTORING_HELP_ENTRIES: HelpEntry[] = [
  { usage: '/guild mentoring capacity <n>', example: '/guild mentoring capacity 2', what: 'Weekly mentor matches by DM, from the topics you mentor or want to learn in your profile; mentors choose how many mentees they take (0 to 10, 0: not now; default 1).' },
  { usage: '/guild mentoring run', example: '/guild mentoring run', what: 'Organisers: run this week\'s mentor matches now (once a week; declines are re-matched at once).' },
  { usage: '/guild mentoring schedule <day> <HH:MM>', example: '/guild mentoring schedule mon 10:00', what: 'Organisers: mentor matches every week, in the community\'s time zone.' },
  { usage: '/guild mentoring gap <n>', example: '/guild mentoring gap 2', what: 'Organisers: the level gap mentors should ideally have over their mentees, 1 to 4 (default 2).' },
  { usage: '/guild levels', example: '/guild levels', what: 'Organisers: how many members are at each level, per topic.' },
  { usage: '/guild levels survey', example: '/guild levels survey', what: 'Organisers: DM every member the community\'s topics to give their level, 1 to 5.' },
];

export interface MentoringCommandDeps {
  mentoring: MentoringService;
  levels: LevelsService;
  community: Pick<CommunityService, 'requireCommunity' | 'requireOrganiser'>;
  schedules: Schedules;
  now: () => Date;
}

const ok = (run: RitualCommandRun): Parsed<RitualCommandRun> => ({ ok: true, command: run });
const problem = (text: string): Parsed<RitualCommandRun> => ({ ok: false, problem: text });
const MENTORING_USAGE = 'Use `/guild mentoring capacity <n>`, `/guild mentoring run`, `/guild mentoring gap <n>` or `/guild mentoring schedule <day> <HH:MM>`.';

/** `/guild mentoring …` and `/guild levels …`: each parses its words, then runs one service call. */
export function mentoringCommands(deps: MentoringCommandDeps): RitualSubcommand[] {
  return [
    { words: ['mentoring'], parse: (rest) => parseMentoring(deps, rest) },
    { words: ['levels'], parse: (rest) => parseLevels(deps, rest) },
  ];
}

function parseMentoring(deps: MentoringCommandDeps, rest: string[]): Parsed<RitualCommandRun> {
  const [word, ...after] = rest;
  switch (word?.toLowerCase()) {
    case 'capacity': {
      const capacity = parseCapacity(after);
      return capacity.ok ? ok((context) => setCapacity(deps, context, capacity.value)) : problem(capacity.problem);
    }
    case 'run':
      return after.length === 0 ? ok((context) => runNow(deps, context)) : problem('`/guild mentoring run` takes nothing after it.');
    case 'gap': {
      const gap = parseGap(after);
      return gap.ok ? ok((context) => setGap(deps, context, gap.value)) : problem(gap.problem);
    }
    case 'schedule': {
      const when = parseScheduleWords(after);
      return when.ok ? ok((context) => schedule(deps, context, when.value)) : problem(when.problem);
    }
    case undefined:
      return problem(MENTORING_USAGE);
    default:
      return problem(`\`/guild mentoring\` has no "${clip(word ?? '', 30)}". ${MENTORING_USAGE}`);
  }
}

function parseLevels(deps: MentoringCommandDeps, rest: string[]): Parsed<RitualCommandRun> {
  if (rest.length === 0) return ok((context) => showLevels(deps, context));
  if (rest.length === 1 && rest[0]!.toLowerCase() === 'survey') return ok((context) => sendSurvey(deps, context));
  return problem('Use `/guild levels` to see the levels per topic, or `/guild levels survey` to ask every member for theirs.');
}

async function setCapacity(deps: MentoringCommandDeps, { channel, actor }: CommandContext, capacity: number): Promise<CommandReply> {
  const community = await deps.community.requireCommunity(channel);
  const { isMentor } = await deps.mentoring.setCapacity(community.id, actor.userId, capacity);
  const said = capacity === 0 ? 'You are not taking mentees for now; set a number again when you are.' : `You take up to ${capacity} mentee${capacity === 1 ? '' : 's'} at a time.`;
  return { text: `${said}${isMentor ? '' : ' You are not set up as a mentor here yet: choose "mentor" in `/guild profile` and tick the topics you can mentor.'}` };
}

async function runNow(deps: MentoringCommandDeps, { channel, actor }: CommandContext): Promise<CommandReply> {
  const community = await deps.community.requireCommunity(channel);
  await deps.community.requireOrganiser(community.id, actor.userId, 'run mentor matches');
  const round = await deps.mentoring.runRound(community.id, deps.now());
  if (!round.ran) return { text: `This week's mentor matches (${round.week}) already ran: ${round.proposed} proposed. Declines are re-matched at once; the next round is next week.` };
  if (round.proposed === 0) return { text: `No mentor matches this week (${round.week}): no free mentor fits a free mentee's topics. Mentors and mentees choose topics in \`/guild profile\`.` };
  return { text: `Proposed ${round.proposed} mentor match${round.proposed === 1 ? '' : 'es'} (${round.week}); both sides got a DM to accept or decline.` };
}

async function setGap(deps: MentoringCommandDeps, { channel, actor }: CommandContext, gap: number): Promise<CommandReply> {
  const community = await deps.community.requireCommunity(channel);
  await deps.community.requireOrganiser(community.id, actor.userId, 'set the ideal level gap');
  await deps.mentoring.setIdealGap(community.id, gap);
  return { text: `Mentor matches now prefer mentors ${gap} level${gap === 1 ? '' : 's'} above their mentees (from the next round or re-match).` };
}

async function schedule(deps: MentoringCommandDeps, { channel, actor }: CommandContext, when: { weekday: Weekday; time: string }): Promise<CommandReply> {
  const community = await deps.community.requireCommunity(channel);
  await deps.community.requireOrganiser(community.id, actor.userId, 'schedule mentor matches');
  const summary = await scheduleMentoring(deps.schedules, { communityId: community.id, timeZone: community.timeZone, createdBy: actor.userId, ...when });
  return { text: `Mentor matches are scheduled: ${summary.description} (schedule #${summary.id}; see \`/guild schedules\`).` };
}

async function showLevels(deps: MentoringCommandDeps, { channel, actor }: CommandContext): Promise<CommandReply> {
  const community = await deps.community.requireCommunity(channel);
  await deps.community.requireOrganiser(community.id, actor.userId, 'see the levels');
  return { text: distributionsText(community.name, await deps.levels.distributions(community.id)) };
}

async function sendSurvey(deps: MentoringCommandDeps, { channel, actor }: CommandContext): Promise<CommandReply> {
  const community = await deps.community.requireCommunity(channel);
  await deps.community.requireOrganiser(community.id, actor.userId, 'run a levels survey');
  const sent = await deps.levels.sendSurvey(community.id, actor.userId);
  return { text: `Sent the levels survey (${sent.topics} topic${sent.topics === 1 ? '' : 's'}) to ${sent.recipients} member${sent.recipients === 1 ? '' : 's'} of *${mrkdwnText(community.name, 80)}*. See the results with \`/guild levels\`.` };
}
