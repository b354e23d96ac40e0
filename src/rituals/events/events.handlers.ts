import type { CommandHandlers } from '../../slack/kit/command';
import type { EventsCommand } from './events.command';
import { eventFormView } from './events.form';
import { EVENT_CREATE_CALLBACK, EVENT_EDIT_CALLBACK } from './events.ids';
import type { EventsListenerDeps } from './events.listeners';
import { cancelModal, feedbackSummaryMessage, upcomingMessage } from './events.views';

/** What each `/guild event …` subcommand does once acknowledged: one service call and a view. */
export function eventsCommandHandlers(deps: Pick<EventsListenerDeps, 'events' | 'feedback' | 'forms'>): CommandHandlers<EventsCommand> {
  const { events, feedback, forms } = deps;
  return {
    create: async (_, { channel, actor }) => {
      const { topics, timeZone } = await events.formContext(channel);
      return { modal: eventFormView({ callbackId: EVENT_CREATE_CALLBACK, privateMetadata: forms.channel.write({ channelId: channel.channelId }, actor.userId), timeZone, topics, mode: 'create' }) };
    },
    edit: async (c, { actor }) => {
      const { event, topics, timeZone } = await events.editable(c.eventId, actor);
      return { modal: eventFormView({ callbackId: EVENT_EDIT_CALLBACK, privateMetadata: forms.event.write({ eventId: event.id, later: false }, actor.userId), timeZone, topics, initial: event, mode: 'edit' }) };
    },
    cancel: async (c, { actor }) => {
      const { event } = await events.editable(c.eventId, actor);
      return { modal: cancelModal(event, forms.event.write({ eventId: event.id, later: false }, actor.userId), false) };
    },
    feedback: async (c, { actor }) => feedbackSummaryMessage(await feedback.summary(c.eventId, actor)),
    list: async (_, { channel, actor }) => upcomingMessage(await events.upcoming(channel, actor)),
  };
}
