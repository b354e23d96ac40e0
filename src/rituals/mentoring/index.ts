import { z } from 'zod';
import type { Core } from '../../core';
import { sealedMetadata } from '../../slack/kit/metadata';
import type { SlackKit } from '../../slack/kit/kit';
import type { Ritual } from '../ritual';
import { MENTORING_HELP_ENTRIES, mentoringCommands } from './mentoring.command';
import * as ids from './mentoring.ids';
import { mentoringCheckInJob, mentoringRoundJob } from './mentoring.jobs';
import { LevelsService } from './mentoring.levels';
import { onAcceptClick, onLevelPick, onReasonClick, onReasonForm, type MentoringListenerDeps } from './mentoring.listeners';
import { MentoringService } from './mentoring.service';
import { homeBlocks } from './mentoring.views';

export { MentoringService } from './mentoring.service';
export { mentoringStats, type MentoringStats } from './mentoring.stats';

/**
 * Mentoring and experience levels: weekly mentor matches (accept / decline on both sides, a
 * kickoff group DM, monthly check-ins, ending with a private reason) and the levels survey.
 */
export function mentoringRitual(core: Core): Ritual {
  const mentoring = new MentoringService({ prisma: core.prisma, logger: core.logger, messages: core.messages, jobs: core.jobs, now: core.now });
  const levels = new LevelsService({ prisma: core.prisma, logger: core.logger, messages: core.messages });
  return {
    name: 'mentoring',
    help: { topic: 'mentoring', title: 'Mentoring and experience levels', entries: MENTORING_HELP_ENTRIES },
    jobs: [mentoringRoundJob({ mentoring }), mentoringCheckInJob({ mentoring })],
    guildCommands: mentoringCommands({ mentoring, levels, community: core.community, schedules: core.schedules, now: core.now }),
    register: (kit) => registerMentoringListeners(kit, { mentoring, levels, kit, forms: { match: sealedMetadata(z.object({ matchId: z.number().int() }).strict(), core.secret) } }),
    home: async (actor) => homeBlocks(actor.userId, await mentoring.openFor(actor.teamId, actor.userId)),
  };
}

/** The proposal, kickoff, Home and survey clicks, and the decline and end forms, each by its id. */
function registerMentoringListeners(kit: SlackKit, deps: MentoringListenerDeps): void {
  kit.action(ids.MENTOR_ACCEPT_ACTION, onAcceptClick(deps));
  kit.action(ids.MENTOR_DECLINE_ACTION, onReasonClick(deps, 'decline'));
  kit.action(ids.MENTOR_END_ACTION, onReasonClick(deps, 'end'));
  kit.action(ids.LEVEL_PICK_ACTION, onLevelPick(deps));
  kit.view(ids.MENTOR_DECLINE_CALLBACK, onReasonForm(deps, 'decline'));
  kit.view(ids.MENTOR_END_CALLBACK, onReasonForm(deps, 'end'));
}
