import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { actorOf } from '../../slack/kit/actor';
import { errorText, formErrors, STALE_FORM_TEXT } from '../../slack/kit/replies';
import { ViewValues } from '../../slack/kit/view-values';
import { EVENT_FIELDS, eventFormErrors } from './events.form-ids';
import { CANCEL_FIELDS, EVENT_INPUT, FEEDBACK_FIELDS } from './events.ids';
import type { EventsListenerDeps } from './events.listeners';
import { localStart } from './events.messages';
import { parseEventForm } from './events.rules';

type Submission = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * The events forms, by the kit's convention: a pure check, `ack` with errors beside their fields
 * (or a plain `ack`, which closes the form), then the write; a failure after the ack is told by DM.
 */

const fieldErrors = (errors: Parameters<typeof eventFormErrors>[0]) => formErrors(eventFormErrors(errors));
const firstField = Object.values(EVENT_FIELDS)[0]!;

/** A read the form's check needs: its failure is shown in the form, which stays open. */
async function beforeAck<T extends object>(deps: EventsListenerDeps, read: () => Promise<T>, userId: string): Promise<T | { problem: string }> {
  try {
    return await read();
  } catch (err) {
    return { problem: errorText(err, deps.kit.logger, { userId }) };
  }
}

/** The new-event form: checked, then created and announced; the creator hears where, and any notes. */
export function onCreateForm(deps: EventsListenerDeps) {
  return async function onCreateForm({ ack, body, view }: Submission): Promise<void> {
    const metadata = deps.forms.channel.read(view.private_metadata, body.user.id);
    if (!metadata) return ack(formErrors({ [firstField]: STALE_FORM_TEXT }));
    const actor = actorOf(body);
    const channel = { teamId: actor.teamId, channelId: metadata.channelId };
    const context = await beforeAck(deps, () => deps.events.formContext(channel), actor.userId);
    if ('problem' in context) return ack(formErrors({ [firstField]: context.problem }));
    const parsed = parseEventForm(view.state.values, { now: deps.now(), communityTimeZone: context.timeZone, topics: context.topics, mode: 'create' });
    if (!parsed.ok) return ack(fieldErrors(parsed.errors));
    await ack();
    try {
      const { events, notes } = await deps.events.create(channel, actor, parsed.draft);
      const first = events[0]!;
      const series = events.length > 1 ? ` and ${events.length - 1} more ${events.length === 2 ? 'time' : 'times'} after it` : '';
      const said = [...new Set([...parsed.notes, ...notes])].map((n) => `\n• ${n}`).join('');
      await deps.kit.tellAfterAck(`event:created:${view.id}`, actor.userId, `Your event #${first.id} is announced in <#${metadata.channelId}>: ${localStart(first)}${series}.${said}`);
    } catch (err) {
      await deps.kit.tellAfterAck(`event:create-failed:${view.id}`, actor.userId, `Your event was not created. ${errorText(err, deps.kit.logger, { userId: actor.userId, channelId: metadata.channelId })}`);
    }
  };
}

/** The edit form: checked, then the event changed; everyone who answered hears what moved. */
export function onEditForm(deps: EventsListenerDeps) {
  return async function onEditForm({ ack, body, view }: Submission): Promise<void> {
    const metadata = deps.forms.event.read(view.private_metadata, body.user.id);
    if (!metadata) return ack(formErrors({ [firstField]: STALE_FORM_TEXT }));
    const actor = actorOf(body);
    const editable = await beforeAck(deps, () => deps.events.editable(metadata.eventId, actor), actor.userId);
    if ('problem' in editable) return ack(formErrors({ [firstField]: editable.problem }));
    const { topics, timeZone } = editable;
    const parsed = parseEventForm(view.state.values, { now: deps.now(), communityTimeZone: timeZone, topics, mode: 'edit' });
    if (!parsed.ok) return ack(fieldErrors(parsed.errors));
    await ack();
    try {
      const event = await deps.events.update(metadata.eventId, actor, parsed.draft);
      const said = parsed.notes.map((n) => `\n• ${n}`).join('');
      await deps.kit.tellAfterAck(`event:edited:${view.id}`, actor.userId, `Event #${event.id} is changed: ${localStart(event)}. Its announcement shows it, and everyone who answered was told of a new time or place.${said}`);
    } catch (err) {
      await deps.kit.tellAfterAck(`event:edit-failed:${view.id}`, actor.userId, `Your change was not saved. ${errorText(err, deps.kit.logger, { userId: actor.userId, eventId: metadata.eventId })}`);
    }
  };
}

/** The cancel form: the event (or it and the later ones) cancelled; everyone who answered is told. */
export function onCancelForm(deps: EventsListenerDeps) {
  return async function onCancelForm({ ack, body, view }: Submission): Promise<void> {
    const metadata = deps.forms.event.read(view.private_metadata, body.user.id);
    if (!metadata) return ack(formErrors({ [CANCEL_FIELDS.reason]: STALE_FORM_TEXT }));
    await ack();
    const actor = actorOf(body);
    const reason = ViewValues.parse(view.state.values).text(CANCEL_FIELDS.reason, EVENT_INPUT)?.trim() || undefined;
    try {
      const count = await deps.events.cancelAs(actor, metadata.eventId, { ...(reason ? { reason } : {}), later: metadata.later });
      await deps.kit.tellAfterAck(`event:cancelled:${view.id}`, actor.userId, `Cancelled ${count === 1 ? 'the event' : `${count} events`}. Everyone who answered was told.`);
    } catch (err) {
      await deps.kit.tellAfterAck(`event:cancel-failed:${view.id}`, actor.userId, `Nothing was cancelled. ${errorText(err, deps.kit.logger, { userId: actor.userId, eventId: metadata.eventId })}`);
    }
  };
}

/** A feedback comment: kept with the person's score, shown to organisers without a name. */
export function onCommentForm(deps: EventsListenerDeps) {
  return async function onCommentForm({ ack, body, view }: Submission): Promise<void> {
    const metadata = deps.forms.event.read(view.private_metadata, body.user.id);
    if (!metadata) return ack(formErrors({ [FEEDBACK_FIELDS.comment]: STALE_FORM_TEXT }));
    const comment = ViewValues.parse(view.state.values).text(FEEDBACK_FIELDS.comment, EVENT_INPUT)?.trim();
    if (!comment) return ack(formErrors({ [FEEDBACK_FIELDS.comment]: 'Write a comment, or close the form.' }));
    await ack();
    const actor = actorOf(body);
    try {
      await deps.feedback.give(metadata.eventId, actor, { comment });
      await deps.kit.tellAfterAck(`event:commented:${view.id}`, actor.userId, 'Thanks for your comment. Organisers see comments without names, once 5 people answered.');
    } catch (err) {
      await deps.kit.tellAfterAck(`event:comment-failed:${view.id}`, actor.userId, `Your comment was not saved. ${errorText(err, deps.kit.logger, { userId: actor.userId, eventId: metadata.eventId })}`);
    }
  };
}
