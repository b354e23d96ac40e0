import { z } from 'zod';
import type { Core } from '../../core';
import type { CommandContext, CommandReply } from '../../slack/kit/command';
import { sealedMetadata } from '../../slack/kit/metadata';
import type { SlackKit } from '../../slack/kit/kit';
import type { Ritual } from '../ritual';
import { AgendaLinks, agendaRoutes, personalCalendar } from './unconference.calendar';
import { UNCONFERENCE_HELP_ENTRIES, unconferenceSubcommand } from './unconference.command';
import { onDotsForm, onMoveForm, onPlanForm, onProposeForm } from './unconference.forms.listeners';
import { DOTS_ACTION, DOTS_CALLBACK, MOVE_CALLBACK, PLAN_CALLBACK, PROPOSE_ACTION, PROPOSE_CALLBACK, stepActionId, STEPS } from './unconference.ids';
import { deadlineJob, slotReminderJob } from './unconference.jobs';
import { onDotsClick, onProposeClick, onStepClick, type UnconferenceListenerDeps } from './unconference.listeners';
import type { UnconferencePort } from './unconference.port';
import { UnconferenceService } from './unconference.service';
import { planModal } from './unconference.views';

export { UnconferenceService } from './unconference.service';

/**
 * Unconferences: an organiser plans the day (slots, rooms, dots); members propose the sessions
 * they would host and spread their dots; Guild allocates topics to rooms × slots and people to
 * sessions; the organiser adjusts and publishes; everyone gets their own agenda (with .ics) and a
 * reminder before each of their slots.
 */
export function unconferenceRitual(core: Core): Ritual {
  const links = new AgendaLinks(core.secret);
  const unconferences = unconferenceService(core, links);
  const forms = {
    channel: sealedMetadata(z.object({ channelId: z.string() }).strict(), core.secret),
    unconference: sealedMetadata(z.object({ unconferenceId: z.number().int() }).strict(), core.secret),
  };
  const plan = async ({ channel, actor }: CommandContext): Promise<CommandReply> => {
    const { timeZone } = await unconferences.planContext(channel, actor);
    return { modal: planModal(forms.channel.write({ channelId: channel.channelId }, actor.userId), timeZone, core.now()) };
  };
  const calendarOf = async (id: number, person: string) => {
    const found = await unconferences.personal(id, person);
    return found ? personalCalendar(found.unconference, person, found.schedule, core.now()) : undefined;
  };
  return {
    name: 'unconference',
    help: { topic: 'unconference', title: 'Unconferences', entries: UNCONFERENCE_HELP_ENTRIES },
    jobs: [slotReminderJob({ prisma: core.prisma, messages: core.messages }), deadlineJob(unconferences)],
    guildCommands: [unconferenceSubcommand(plan)],
    httpRoutes: agendaRoutes({ links, calendarOf }),
    register: (kit) => registerListeners(kit, { unconferences, kit, now: core.now, forms }),
  };
}

/** The service on the core: it keeps no state of its own, so every instance is the same service. */
function unconferenceService(core: Core, links: AgendaLinks): UnconferenceService {
  return new UnconferenceService({ prisma: core.prisma, messages: core.messages, jobs: core.jobs, community: core.community, logger: core.logger, now: core.now, agendaUrl: (id, person) => core.links.to(links.path(id, person)) });
}

/** What outside ideas propose sessions through (src/rituals/ideas): proposing as the member would. */
export function unconferencePort(core: Core): UnconferencePort {
  return unconferenceService(core, new AgendaLinks(core.secret));
}

function registerListeners(kit: SlackKit, deps: UnconferenceListenerDeps): void {
  kit.action(PROPOSE_ACTION, onProposeClick(deps));
  kit.action(DOTS_ACTION, onDotsClick(deps));
  for (const step of STEPS) kit.action(stepActionId(step), onStepClick(deps));
  kit.view(PLAN_CALLBACK, onPlanForm(deps));
  kit.view(PROPOSE_CALLBACK, onProposeForm(deps));
  kit.view(DOTS_CALLBACK, onDotsForm(deps));
  kit.view(MOVE_CALLBACK, onMoveForm(deps));
}
