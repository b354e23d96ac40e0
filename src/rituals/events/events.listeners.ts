import type { AllMiddlewareArgs, BlockButtonAction, BlockOverflowAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Actor, CommunityService } from '../../community/community.service';
import type { SealedMetadata } from '../../slack/kit/metadata';
import type { SlackKit } from '../../slack/kit/kit';
import { actorOf } from '../../slack/kit/actor';
import { ephemeral, errorText, OUT_OF_DATE_TEXT } from '../../slack/kit/replies';
import type { EventFeedback } from './events.feedback';
import { eventFormView } from './events.form';
import { communityValue, EVENT_EDIT_CALLBACK, eventValue, manageValue, rsvpValue, scoreValue } from './events.ids';
import type { RsvpOutcome } from './events.rsvp';
import type { EventsService } from './events.service';
import { cancelModal, commentModal } from './events.views';

/** What the events ritual's listeners are given: its services, the kit and the sealed form contexts. */
export interface EventsListenerDeps {
  events: EventsService;
  feedback: EventFeedback;
  community: CommunityService;
  kit: SlackKit;
  now: () => Date;
  forms: {
    channel: SealedMetadata<{ channelId: string }>;
    event: SealedMetadata<{ eventId: number; later: boolean }>;
  };
}

type Click = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;
type Menu = SlackActionMiddlewareArgs<BlockOverflowAction> & AllMiddlewareArgs;

const ANSWERED: Record<string, string> = {
  going: "You're going. Reminders come before it starts, here in Slack.",
  maybe: "Noted as maybe. You'll get the reminders too.",
  not_going: 'Noted: not going. Thanks for saying so.',
};

/** The sentence an RSVP earns the person who clicked. */
export function rsvpAnswerText(outcome: RsvpOutcome): string {
  if (outcome.status === 'waitlisted') return `It is full, so you are number ${outcome.position ?? '?'} on the waitlist. If a place frees up you move up, and Guild tells you.`;
  if (outcome.kind === 'unchanged') return `You had already answered that (${outcome.status.replace('_', ' ')}). Nothing changed.`;
  return ANSWERED[outcome.status] ?? 'Noted.';
}

/** A click whose work failed after the ack: the clicker sees why, under the message. */
async function failedClick(deps: EventsListenerDeps, args: Click | Menu, actor: Actor, err: unknown, context: Record<string, unknown>): Promise<void> {
  await args.respond(ephemeral(errorText(err, deps.kit.logger, { userId: actor.userId, ...context })));
}

/** Going / Maybe / Not going, on an announcement or in a DM. */
export function onRsvpClick(deps: EventsListenerDeps) {
  return async function onRsvpClick(args: Click): Promise<void> {
    await args.ack();
    const actor = actorOf(args.body);
    const value = rsvpValue.decode(args.action.value);
    if (!value) return void (await args.respond(ephemeral(OUT_OF_DATE_TEXT)));
    try {
      const { outcome } = await deps.events.rsvp(value.eventId, actor, value.answer);
      await args.respond(ephemeral(rsvpAnswerText(outcome)));
    } catch (err) {
      await failedClick(deps, args, actor, err, { eventId: value.eventId });
    }
  };
}

/**
 * The menu beside a next event on the App Home: the answer, then the Home re-rendered with it
 * (a waitlist place shows there). The Home has no response URL: a failure after the ack is told
 * by DM, and the Home re-rendered all the same (a cancelled or past event leaves it).
 */
export function onHomeRsvp(deps: EventsListenerDeps) {
  return async function onHomeRsvp(args: Menu): Promise<void> {
    await args.ack();
    const actor = actorOf(args.body);
    const value = rsvpValue.decode(args.action.selected_option.value);
    try {
      if (!value) throw new Error(`home RSVP menu with value ${args.action.selected_option.value}`);
      await deps.events.rsvp(value.eventId, actor, value.answer);
    } catch (err) {
      const text = value ? errorText(err, deps.kit.logger, { userId: actor.userId, eventId: value.eventId }) : OUT_OF_DATE_TEXT;
      await deps.kit.tellAfterAck(`event:home-rsvp-failed:${args.action.action_ts}:${actor.userId}`, actor.userId, `Your answer was not saved. ${text}`);
    }
    await deps.kit.refreshHome(actor, args.client);
  };
}

/** The announcement's menu: the edit form, or the cancel form (this one, or this and later ones). */
export function onManageMenu(deps: EventsListenerDeps) {
  return async function onManageMenu(args: Menu): Promise<void> {
    await args.ack();
    const actor = actorOf(args.body);
    const value = manageValue.decode(args.action.selected_option.value);
    if (!value) return void (await args.respond(ephemeral(OUT_OF_DATE_TEXT)));
    try {
      const { event, topics, timeZone } = await deps.events.editable(value.eventId, actor);
      const metadata = deps.forms.event.write({ eventId: event.id, later: value.choice === 'cancel_later' }, actor.userId);
      const view = value.choice === 'edit' ? eventFormView({ callbackId: EVENT_EDIT_CALLBACK, privateMetadata: metadata, timeZone, topics, initial: event, mode: 'edit' }) : cancelModal(event, metadata, value.choice === 'cancel_later');
      await args.client.views.open({ trigger_id: args.body.trigger_id, view });
    } catch (err) {
      await failedClick(deps, args, actor, err, { eventId: value.eventId });
    }
  };
}

/** 1..5 under a feedback prompt. */
export function onScoreClick(deps: EventsListenerDeps) {
  return async function onScoreClick(args: Click): Promise<void> {
    await args.ack();
    const actor = actorOf(args.body);
    const value = scoreValue.decode(args.action.value);
    if (!value) return void (await args.respond(ephemeral(OUT_OF_DATE_TEXT)));
    try {
      await deps.feedback.give(value.eventId, actor, { score: value.score });
      await args.respond(ephemeral(`Thanks: you gave it ${value.score} of 5. Click another number to change it, or add a comment.`));
    } catch (err) {
      await failedClick(deps, args, actor, err, { eventId: value.eventId });
    }
  };
}

/** "Add a comment" under a feedback prompt: the comment form. */
export function onCommentClick(deps: EventsListenerDeps) {
  return async function onCommentClick(args: Click): Promise<void> {
    await args.ack();
    const actor = actorOf(args.body);
    const value = eventValue.decode(args.action.value);
    if (!value) return void (await args.respond(ephemeral(OUT_OF_DATE_TEXT)));
    try {
      const event = await deps.events.event(value.eventId);
      await args.client.views.open({ trigger_id: args.body.trigger_id, view: commentModal(event, deps.forms.event.write({ eventId: event.id, later: false }, actor.userId)) });
    } catch (err) {
      await failedClick(deps, args, actor, err, { eventId: value.eventId });
    }
  };
}

/** "Stop telling me of new events" under a suggestion: the opt-in on the person's profile, off. */
export function onSuggestionsOffClick(deps: EventsListenerDeps) {
  return async function onSuggestionsOffClick(args: Click): Promise<void> {
    await args.ack();
    const actor = actorOf(args.body);
    const value = communityValue.decode(args.action.value);
    if (!value) return void (await args.respond(ephemeral(OUT_OF_DATE_TEXT)));
    try {
      await deps.community.setOptIns(actor, value.communityId, { eventSuggestions: false });
      await args.respond(ephemeral('Done: no more news of new events from this community. Your profile (`/guild profile`) turns it back on.'));
    } catch (err) {
      await failedClick(deps, args, actor, err, { communityId: value.communityId });
    }
  };
}
