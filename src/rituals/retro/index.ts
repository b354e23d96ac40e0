import { z } from 'zod';
import type { Core } from '../../core';
import { slashCommandListener } from '../../slack/kit/command';
import { sealedMetadata } from '../../slack/kit/metadata';
import type { SlackKit } from '../../slack/kit/kit';
import type { Ritual } from '../ritual';
import { onAddActionClick, onAddItemClick, onDiscussInThread, onHandOverClick, onPhaseClick, onReviewAction, onVote } from './retro.board.listeners';
import { parseRetroCommand, RETRO_HELP_ENTRIES, retroAtOnce, retroCommandHandlers } from './retro.command';
import { onHomeDoneClick } from './retro.home.listeners';
import { onActionItemForm, onHandOverForm, onItemForm, onScheduleForm, onStartForm } from './retro.forms.listeners';
import * as ids from './retro.ids';
import { actionReminderJob, nextRetroReminderJob, phaseDeadlineJob, scheduledRetroJob } from './retro.jobs';
import type { RetroListenerDeps } from './retro.listener-deps';
import { scheduleRetros } from './retro.schedule';
import { RetroService } from './retro.service';
import { homeBlocks, HOME_ACTIONS_SHOWN } from './retro.views';

/**
 * Retrospectives: `/retro` in a channel, one board updated in place through collect → reveal →
 * vote → discuss → closed, action items carried into the next retro, recurring community retros.
 */
export function retroRitual(core: Core): Ritual {
  const retros = new RetroService({
    prisma: core.prisma,
    logger: core.logger,
    anonymitySecret: core.secret,
    jobs: core.jobs,
    messages: core.messages,
    roles: core.roles,
    timeZoneOf: (userId) => core.community.timeZoneOf(userId),
    now: core.now,
  });
  return {
    name: 'retro',
    help: { topic: 'retro', title: 'Retrospectives', entries: RETRO_HELP_ENTRIES },
    jobs: [
      actionReminderJob({ retros }),
      phaseDeadlineJob({ retros }),
      scheduledRetroJob({ retros, schedules: core.schedules, jobs: core.jobs }),
      nextRetroReminderJob({ retros, schedules: core.schedules }),
    ],
    register: (kit) => registerRetroListeners(kit, listenerDeps(core, retros, kit)),
    // The person's open action items, each to mark done from there.
    home: async (actor) => homeBlocks(await retros.openActionsOwnedBy(actor.teamId, actor.userId, HOME_ACTIONS_SHOWN)),
    // Replies in a discussion thread become the item's notes.
    async onThreadReply(reply) {
      await retros.addNote(reply);
    },
  };
}

/** What the retro's listeners are given, from the core. */
function listenerDeps(core: Core, retros: RetroService, kit: SlackKit): RetroListenerDeps {
  const scheduling = { community: core.community, schedules: core.schedules, jobs: core.jobs, now: core.now };
  return {
    retros,
    kit,
    files: core.messages,
    requireScheduler: async (channel, userId) => {
      const community = await core.community.requireCommunity(channel);
      await core.community.requireOrganiser(community.id, userId, 'schedule retros');
    },
    scheduleRetros: (input) => scheduleRetros(scheduling, input),
    timeZoneOf: async (userId) => (await core.directory.user(userId))?.timeZone ?? (await core.community.timeZoneOf(userId)),
    prepareChannel: (channel) => core.channels.prepare(channel),
    forms: {
      // Strict: one form's context never reads as another's.
      channel: sealedMetadata(z.object({ channelId: z.string() }).strict(), core.secret),
      retro: sealedMetadata(z.object({ retroId: z.number().int(), channelId: z.string() }).strict(), core.secret),
    },
    now: core.now,
  };
}

/** `/retro`, the board's clicks and the retro's forms, each by its id. */
function registerRetroListeners(kit: SlackKit, deps: RetroListenerDeps): void {
  kit.command('/retro', slashCommandListener({ parse: parseRetroCommand, atOnce: retroAtOnce, handlers: retroCommandHandlers(deps), logger: kit.logger }));
  kit.action(ids.RETRO_ADD_ITEM_ACTION, onAddItemClick(deps));
  kit.action(ids.RETRO_NEXT_PHASE_ACTION, onPhaseClick(deps, 'advance'));
  kit.action(ids.RETRO_CLOSE_ACTION, onPhaseClick(deps, 'close'));
  kit.action(ids.RETRO_HANDOVER_ACTION, onHandOverClick(deps));
  kit.action(ids.RETRO_ADD_ACTION_ACTION, onAddActionClick(deps));
  kit.action(ids.RETRO_VOTE_ACTION, onVote(deps));
  kit.action(ids.RETRO_THREAD_ACTION, onDiscussInThread(deps));
  kit.action(ids.RETRO_REVIEW_ACTION, onReviewAction(deps));
  kit.action(ids.RETRO_HOME_DONE_ACTION, onHomeDoneClick(deps));
  kit.view(ids.RETRO_START_CALLBACK, onStartForm(deps));
  kit.view(ids.RETRO_ITEM_CALLBACK, onItemForm(deps));
  kit.view(ids.RETRO_ACTION_CALLBACK, onActionItemForm(deps));
  kit.view(ids.RETRO_HANDOVER_CALLBACK, onHandOverForm(deps));
  kit.view(ids.RETRO_SCHEDULE_CALLBACK, onScheduleForm(deps));
}
