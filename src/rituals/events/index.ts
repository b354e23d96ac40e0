import { z } from 'zod';
import type { Core } from '../../core';
import { sealedMetadata } from '../../slack/kit/metadata';
import type { SlackKit } from '../../slack/kit/kit';
import type { Ritual } from '../ritual';
import { EVENTS_HELP_ENTRIES, eventsSubcommands } from './events.command';
import { EventFeedback } from './events.feedback';
import { onCancelForm, onCommentForm, onCreateForm, onEditForm } from './events.forms.listeners';
import { eventsCommandHandlers } from './events.handlers';
import { EVENT_CANCEL_CALLBACK, EVENT_COMMENT_ACTION, EVENT_CREATE_CALLBACK, EVENT_EDIT_CALLBACK, EVENT_FEEDBACK_CALLBACK, EVENT_HOME_RSVP_ACTION, EVENT_MANAGE_ACTION, EVENT_RSVP_ACTION, EVENT_SCORE_ACTION, EVENT_SUGGESTIONS_OFF_ACTION, RSVP_ANSWERS } from './events.ids';
import { feedbackJob, reminderJob } from './events.jobs';
import { onCommentClick, onHomeRsvp, onManageMenu, onRsvpClick, onScoreClick, onSuggestionsOffClick, type EventsListenerDeps } from './events.listeners';
import { expandSeries } from './events.occurrences';
import { calendarParts } from './events.calendar-command';
import { EventsService } from './events.service';
import { homeBlocks } from './events.views';
import { bookClubParts, withBookClubs } from './bookclub'; // book clubs (bookclub helper)

export { EventsService } from './events.service';

/**
 * Events: talks, workshops, book-club, feedback and hack sessions. Announced once in the
 * community channel with RSVPs (and a waitlist) edited in place, reminded at each lead time
 * exactly once, changed or cancelled with everyone who answered told, and followed by feedback.
 */
export function eventsRitual(core: Core): Ritual {
  const calendar = calendarParts(core);
  const calendarUrl = (eventId: number): string | undefined => calendar.eventUrl(eventId);
  const events = new EventsService({ prisma: core.prisma, messages: core.messages, jobs: core.jobs, roles: core.roles, community: core.community, logger: core.logger, now: core.now, expandSeries, calendarUrl });
  const feedback = new EventFeedback({ prisma: core.prisma, roles: core.roles, now: core.now });
  const forms = {
    channel: sealedMetadata(z.object({ channelId: z.string() }).strict(), core.secret),
    event: sealedMetadata(z.object({ eventId: z.number().int(), later: z.boolean() }).strict(), core.secret),
  };
  const jobDeps = { prisma: core.prisma, messages: core.messages, calendarUrl };
  // Book clubs (src/rituals/events/bookclub): their jobs, `/guild bookclub`, listeners and help join the events ritual's.
  return withBookClubs(bookClubParts(core, events), {
    name: 'events',
    help: { topic: 'events', title: 'Events', entries: [...EVENTS_HELP_ENTRIES, ...calendar.help] },
    httpRoutes: calendar.httpRoutes,
    jobs: [reminderJob(jobDeps), feedbackJob(jobDeps)],
    guildCommands: [...eventsSubcommands(eventsCommandHandlers({ events, feedback, forms })), ...calendar.guildCommands],
    home: async (actor) => homeBlocks(await events.nextFor(actor)),
    register: (kit) => registerEventListeners(kit, { events, feedback, community: core.community, kit, now: core.now, forms }),
  });
}

function registerEventListeners(kit: SlackKit, deps: EventsListenerDeps): void {
  for (const answer of RSVP_ANSWERS) kit.action(`${EVENT_RSVP_ACTION}_${answer}`, onRsvpClick(deps));
  for (const score of [1, 2, 3, 4, 5]) kit.action(`${EVENT_SCORE_ACTION}_${score}`, onScoreClick(deps));
  kit.action(EVENT_MANAGE_ACTION, onManageMenu(deps));
  kit.action(EVENT_HOME_RSVP_ACTION, onHomeRsvp(deps));
  kit.action(EVENT_COMMENT_ACTION, onCommentClick(deps));
  kit.action(EVENT_SUGGESTIONS_OFF_ACTION, onSuggestionsOffClick(deps));
  kit.view(EVENT_CREATE_CALLBACK, onCreateForm(deps));
  kit.view(EVENT_EDIT_CALLBACK, onEditForm(deps));
  kit.view(EVENT_CANCEL_CALLBACK, onCancelForm(deps));
  kit.view(EVENT_FEEDBACK_CALLBACK, onCommentForm(deps));
}
