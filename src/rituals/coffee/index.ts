import { z } from 'zod';
import type { Core } from '../../core';
import { formCoffeeGroups } from '../../matching/coffee-groups';
import { sealedMetadata } from '../../slack/kit/metadata';
import type { SlackKit } from '../../slack/kit/kit';
import type { Ritual } from '../ritual';
import { COFFEE_HELP_ENTRIES, coffeeSubcommand } from './coffee.command';
import { onSettingsForm, onSwapForm } from './coffee.forms.listeners';
import { coffeeCommandHandlers } from './coffee.handlers';
import { ANSWERS, COFFEE_ANSWER_ACTION, COFFEE_OPT_OUT_ACTION, COFFEE_RESUME_ACTION, COFFEE_SETTINGS_CALLBACK, COFFEE_SNOOZE_ACTION, COFFEE_SWAP_ACTION, COFFEE_SWAP_CALLBACK } from './coffee.ids';
import { followUpJob, roundJob } from './coffee.jobs';
import type { CoffeeListenerDeps } from './coffee.listener-deps';
import { onAnswerClick, onOptOutClick, onResumeClick, onSnoozeClick, onSwapClick } from './coffee.listeners';
import { CoffeeRounds } from './coffee.rounds';
import { CoffeeService } from './coffee.service';
import { homeBlocks } from './coffee.views';

export { CoffeeService } from './coffee.service';
export { coffeeStats, type CoffeeStats } from './coffee.stats';

/**
 * Coffee / breakout groups: members opt in; each round (on the community's schedule, or run by
 * an organiser) forms groups of 2–8 that avoid repeats and prefer shared working hours, sends
 * each group one group DM at its local time, and follows up on whether they met.
 */
export function coffeeRitual(core: Core): Ritual {
  const coffee = coffeeService(core);
  const forms = {
    channel: sealedMetadata(z.object({ channelId: z.string() }).strict(), core.secret),
    round: sealedMetadata(z.object({ roundId: z.number().int(), channelId: z.string() }).strict(), core.secret),
  };
  return {
    name: 'coffee',
    help: { topic: 'coffee', title: 'Coffee groups', entries: COFFEE_HELP_ENTRIES },
    jobs: [roundJob({ coffee }), followUpJob({ coffee })],
    guildCommands: [coffeeSubcommand(coffeeCommandHandlers({ coffee, forms }))],
    register: (kit) => registerCoffeeListeners(kit, { coffee, forms, kit }),
    home: async (actor) => homeBlocks(await coffee.home(actor)),
  };
}

/** The service over the core: the one place the grouping algorithm is handed in. */
export function coffeeService(core: Pick<Core, 'prisma' | 'messages' | 'jobs' | 'logger' | 'now' | 'schedules' | 'roles' | 'community'>): CoffeeService {
  const rounds = new CoffeeRounds({ prisma: core.prisma, messages: core.messages, jobs: core.jobs, logger: core.logger, now: core.now, formGroups: formCoffeeGroups });
  return new CoffeeService({ prisma: core.prisma, rounds, schedules: core.schedules, roles: core.roles, community: core.community, logger: core.logger, now: core.now });
}

function registerCoffeeListeners(kit: SlackKit, deps: CoffeeListenerDeps): void {
  for (const answer of ANSWERS) kit.action(`${COFFEE_ANSWER_ACTION}_${answer}`, onAnswerClick(deps));
  kit.action(COFFEE_SNOOZE_ACTION, onSnoozeClick(deps));
  kit.action(COFFEE_RESUME_ACTION, onResumeClick(deps));
  kit.action(COFFEE_OPT_OUT_ACTION, onOptOutClick(deps));
  kit.action(COFFEE_SWAP_ACTION, onSwapClick(deps));
  kit.view(COFFEE_SETTINGS_CALLBACK, onSettingsForm(deps));
  kit.view(COFFEE_SWAP_CALLBACK, onSwapForm(deps));
}
