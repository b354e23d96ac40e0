import { z } from 'zod';
import type { Core } from '../../core';
import type { JobHandler } from '../../scheduler/scheduler';
import { sealedMetadata } from '../../slack/kit/metadata';
import type { SlackKit } from '../../slack/kit/kit';
import type { HelpEntry, RitualSubcommand } from '../ritual';
import { PULSE_HELP_ENTRIES, pulseCommands } from './pulse.command';
import { PULSE_COMMENT_ACTION, PULSE_COMMENT_CALLBACK, PULSE_SAFETY_ACTION, PULSE_VALUE_ACTION } from './pulse.ids';
import { pulseRoundJob } from './pulse.jobs';
import { onCommentClick, onCommentForm, onScorePick, type PulseListenerDeps } from './pulse.listeners';
import { PulseService } from './pulse.service';

/** What the pulse surveys add to the health ritual (src/rituals/health/index.ts puts them in). */
export interface PulseParts {
  jobs: JobHandler[];
  guildCommands: RitualSubcommand[];
  register(kit: SlackKit): void;
  help: HelpEntry[];
  service: PulseService;
}

/** Pulse surveys: their service, monthly job, `/guild pulse …` commands, and the DM's menus and form. */
export function pulseParts(core: Core): PulseParts {
  const pulse = new PulseService({ prisma: core.prisma, logger: core.logger, messages: core.messages, secret: core.secret, now: core.now });
  const forms = { round: sealedMetadata(z.object({ roundId: z.number().int() }).strict(), core.secret) };
  return {
    jobs: [pulseRoundJob({ pulse })],
    guildCommands: pulseCommands({ pulse, community: core.community, schedules: core.schedules, now: core.now }),
    register: (kit) => registerPulseListeners(kit, { pulse, kit, forms }),
    help: PULSE_HELP_ENTRIES,
    service: pulse,
  };
}

function registerPulseListeners(kit: SlackKit, deps: PulseListenerDeps): void {
  kit.action(PULSE_VALUE_ACTION, onScorePick(deps, 'value'));
  kit.action(PULSE_SAFETY_ACTION, onScorePick(deps, 'safety'));
  kit.action(PULSE_COMMENT_ACTION, onCommentClick(deps));
  kit.view(PULSE_COMMENT_CALLBACK, onCommentForm(deps));
}
