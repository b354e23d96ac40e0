import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { GuildError } from '../../../community/community.errors';
import { actorOf } from '../../../slack/kit/actor';
import type { SealedMetadata } from '../../../slack/kit/metadata';
import { errorText, formErrors, STALE_FORM_TEXT } from '../../../slack/kit/replies';
import { ViewValues } from '../../../slack/kit/view-values';
import type { Actor } from '../../../community/community.service';
import { BOOK_FIELDS as F, BOOK_INPUT as I, HIDE_NAME_OPTION, suggestionOption, type BookField } from './bookclub.ids';
import type { BookClubListenerDeps } from './bookclub.listener-deps';
import { bookLink } from './bookclub.messages';
import { checkBallot, checkPlan, checkSuggestion, type FieldProblem } from './bookclub.rules';
import { voteClosed } from './bookclub.votes';

type Submission = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * Book clubs' forms, by the kit's convention: the checks (pure, plus a quick read where the
 * answer depends on stored state), `ack` with errors beside their fields or a plain `ack`, then
 * the write; what happened (or why it failed after the ack) is told to the person by DM.
 */

/** A form's check: its problems, or the write to run after the ack and the DM that says it was done. */
type Checked = FieldProblem[] | (() => Promise<string>);

const errorsOf = (problems: FieldProblem[]) => formErrors(Object.fromEntries(problems.map((p) => [F[p.field], p.problem])));
const option = (values: ViewValues, field: BookField) => {
  const parsed = suggestionOption.safeParse(values.text(F[field], I));
  return parsed.success ? parsed.data : undefined;
};

function formListener<M>(deps: BookClubListenerDeps, name: string, metadata: SealedMetadata<M>, firstField: BookField, check: (values: ViewValues, context: M, actor: Actor) => Promise<Checked>) {
  return async ({ ack, body, view }: Submission): Promise<void> => {
    const context = metadata.read(view.private_metadata, body.user.id);
    if (!context) return ack(formErrors({ [F[firstField]]: STALE_FORM_TEXT }));
    const actor = actorOf(body);
    let checked: Checked;
    try {
      checked = await check(ViewValues.parse(view.state.values), context, actor);
    } catch (err) {
      // A rule the service enforces (not a member, not the leader any more): beside the field.
      if (!(err instanceof GuildError)) throw err;
      return ack(formErrors({ [F[(err.field as BookField | undefined) ?? firstField]]: err.message }));
    }
    if (Array.isArray(checked)) return ack(errorsOf(checked));
    await ack();
    try {
      await deps.kit.tellAfterAck(`bookclub:${name}:${view.id}`, actor.userId, await checked());
    } catch (err) {
      await deps.kit.tellAfterAck(`bookclub:${name}-failed:${view.id}`, actor.userId, errorText(err, deps.kit.logger, { userId: actor.userId, form: name }));
    }
  };
}

/** A suggestion: title, link, note, hide-my-name; the same title twice is refused beside the title. */
export const onSuggestForm = (deps: BookClubListenerDeps) =>
  formListener(deps, 'suggest', deps.forms.channel, 'title', async (values, { channelId }, actor) => {
    const checked = checkSuggestion({ title: values.text(F.title, I), link: values.text(F.link, I), note: values.text(F.note, I), hideName: values.choices(F.hideName, I).includes(HIDE_NAME_OPTION) });
    if (!checked.ok) return checked.problems;
    const channel = { teamId: actor.teamId, channelId };
    await deps.book.votes.memberHere(channel, actor);
    if (await deps.book.votes.titleTaken(channel, checked.value.title)) return [{ field: 'title', problem: 'That book has been suggested in this community already: see `/guild bookclub list`.' }];
    return async () => {
      const { suggestion, voteOpen } = await deps.book.votes.suggest(channel, actor, checked.value);
      const later = voteOpen ? ' A vote is open now: your book joins the next one.' : '';
      return `Thanks: *${bookLink(suggestion)}* is suggested${suggestion.suggestedBy ? '' : ' (your name is hidden)'}.${later}`;
    };
  });

/** A ballot: up to three different books of this vote; a vote that closed meanwhile says so. */
export const onBallotForm = (deps: BookClubListenerDeps) =>
  formListener(deps, 'ballot', deps.forms.vote, 'first', async (values, { voteId }, actor) => {
    const state = await deps.book.votes.ballotState(voteId);
    if (!state?.open) return [{ field: 'first', problem: voteClosed().message }];
    const picks = { first: option(values, 'first'), second: option(values, 'second'), third: option(values, 'third') };
    const checked = checkBallot(picks, state.candidates);
    if (!checked.ok) return checked.problems;
    return async () => {
      const ranking = await deps.book.votes.cast(voteId, actor, picks);
      return `Your ballot is in (${ranking.length} ${ranking.length === 1 ? 'choice' : 'choices'}). You can change it until the vote closes.`;
    };
  });

/** The reading plan: sessions become events; the organiser is told of a first time that moved (DST). */
export const onPlanForm = (deps: BookClubListenerDeps) =>
  formListener(deps, 'plan', deps.forms.club, 'sessions', async (values, { clubId }, actor) => {
    const { community } = await deps.book.sessions.requirePlanner(clubId, actor);
    const text = (field: BookField) => values.text(F[field], I);
    const checked = checkPlan({ sessions: text('sessions'), chapters: text('chapters'), date: text('date'), time: text('time'), everyWeeks: text('everyWeeks'), duration: text('duration'), place: text('place') }, community.timeZone, deps.now());
    if (!checked.ok) return checked.problems;
    return async () => {
      const { sessions } = await deps.book.sessions.setPlan(clubId, actor, checked.value);
      const notes = checked.value.notes.map((n) => ` ${n}`).join('');
      return `The reading plan is set: ${sessions.length} ${sessions.length === 1 ? 'session' : 'sessions'}, each announced as an event in the channel with RSVPs and reminders. Discussion leaders rotate and are told a few days ahead.${notes}`;
    };
  });

/** A swap: the chosen member must have joined the club (said beside the field otherwise). */
export const onSwapForm = (deps: BookClubListenerDeps) =>
  formListener(deps, 'swap', deps.forms.session, 'with', async (values, { sessionId }, actor) => {
    const withId = values.text(F.with, I);
    if (!withId) return [{ field: 'with', problem: 'Pick a member of the club.' }];
    const { members } = await deps.book.sessions.swapChoices(sessionId, actor);
    if (!members.includes(withId)) return [{ field: 'with', problem: withId === actor.userId ? 'Pick someone else from the club.' : `<@${withId}> has not joined this book club: pick a member who did.` }];
    return async () => {
      const swapped = await deps.book.sessions.swap(sessionId, actor, withId);
      const back = swapped.theirs ? ` You take their session ${swapped.theirs}.` : '';
      return `Swapped: <@${withId}> leads session ${swapped.number} now and has been told.${back}`;
    };
  });
