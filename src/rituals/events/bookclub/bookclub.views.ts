import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { clip, escapeMrkdwn, mrkdwnText } from '../../../slack/kit/text';
import type { HelpEntry } from '../../ritual';
import type { CommunityPlace } from './bookclub.access';
import { BOOK_BALLOT_CALLBACK, BOOK_FIELDS as F, BOOK_INPUT as I, BOOK_PLAN_CALLBACK, BOOK_SUGGEST_CALLBACK, BOOK_SWAP_CALLBACK, HIDE_NAME_OPTION } from './bookclub.ids';
import { sections, suggestionLine } from './bookclub.messages';
import { LINK_MAX, MAX_SESSIONS, NOTE_MAX, PLACE_MAX, TITLE_MAX } from './bookclub.rules';
import type { SuggestionView, VoteView } from './bookclub.votes';

/** Book clubs' forms (suggest, rank, reading plan, swap) and the replies to `/guild bookclub`. Pure. */

export const BOOKCLUB_HELP_ENTRIES: HelpEntry[] = [
  { usage: '/guild bookclub | list', example: '/guild bookclub list', what: 'The books suggested here, the open vote and the clubs.' },
  { usage: '/guild bookclub suggest', example: '/guild bookclub suggest', what: 'Suggest a book (title, link, a note; you can hide your name).' },
  { usage: '/guild bookclub vote', example: '/guild bookclub vote', what: 'Rank up to three books in the open vote; organisers open a vote when none is open.' },
  { usage: '/guild bookclub close-vote [members]', example: '/guild bookclub close-vote 5', what: 'Organisers: close the vote; the winner becomes a club that starts once that many join (5 by default).' },
];

const OPTION_TEXT_MAX = 75;
const option = (value: string, text: string): PlainTextOption => ({ text: { type: 'plain_text', text: clip(text, OPTION_TEXT_MAX) }, value });
const plain = (text: string) => ({ type: 'plain_text' as const, text });

function input(field: keyof typeof F, label: string, element: Record<string, unknown>, extra: Record<string, unknown> = {}): KnownBlock {
  return { type: 'input', block_id: F[field], label: plain(label), element: { action_id: I, ...element }, ...extra } as KnownBlock;
}

function form(callbackId: string, metadata: string, title: string, submit: string, blocks: KnownBlock[]): ModalView {
  return { type: 'modal', callback_id: callbackId, private_metadata: metadata, title: plain(title), submit: plain(submit), close: plain('Cancel'), blocks };
}

const text = (field: keyof typeof F, label: string, maxLength: number, extra: Record<string, unknown> = {}, element: Record<string, unknown> = {}) =>
  input(field, label, { type: 'plain_text_input', max_length: maxLength, ...element }, extra);

/** The suggestion form. */
export function suggestModal(metadata: string): ModalView {
  return form(BOOK_SUGGEST_CALLBACK, metadata, 'Suggest a book', 'Suggest', [
    text('title', 'Title', TITLE_MAX),
    text('link', 'Link', LINK_MAX, { hint: plain('A page about the book: a shop, a library, the publisher (https://…).') }, { placeholder: plain('https://') }),
    text('note', 'Why this book? (optional)', NOTE_MAX, { optional: true }, { multiline: true }),
    input('hideName', 'Your name', { type: 'checkboxes', options: [option(HIDE_NAME_OPTION, 'Hide my name on the suggestion')] }, { optional: true }),
  ]);
}

/** The ballot form: three choices over the vote's books, filled with the person's ranking. */
export function ballotModal(vote: VoteView, ranking: number[], metadata: string): ModalView {
  const options = vote.candidates.map((c) => option(String(c.id), c.title));
  const choice = (field: 'first' | 'second' | 'third', label: string, index: number, optional: boolean) => {
    const initial = options.find((o) => o.value === String(ranking[index]));
    return input(field, label, { type: 'static_select', options, ...(initial ? { initial_option: initial } : {}) }, { optional });
  };
  return form(BOOK_BALLOT_CALLBACK, metadata, 'Rank your picks', 'Vote', [
    { type: 'section', text: { type: 'mrkdwn', text: 'Up to three different books, your favourite first. You can change your ballot until the vote closes.' } },
    choice('first', 'First choice (3 points)', 0, false),
    choice('second', 'Second choice (2 points)', 1, true),
    choice('third', 'Third choice (1 point)', 2, true),
  ]);
}

/** The reading plan form; times are in the community's zone. */
export function planModal(club: { title: string }, community: Pick<CommunityPlace, 'timeZone'>, metadata: string): ModalView {
  const number = (field: keyof typeof F, label: string, initial: string | undefined, hint: string, optional = false) =>
    text(field, label, 4, { hint: plain(hint), ...(optional ? { optional } : {}) }, initial ? { initial_value: initial } : {});
  return form(BOOK_PLAN_CALLBACK, metadata, 'Reading plan', 'Schedule', [
    { type: 'section', text: { type: 'mrkdwn', text: `How *${mrkdwnText(club.title, 150)}* is read: each session becomes an event with RSVPs, reminders and a calendar entry. Times are in ${escapeMrkdwn(community.timeZone)}.` } },
    number('sessions', 'Sessions', '4', `1 to ${MAX_SESSIONS}.`),
    number('chapters', 'Chapters per session (optional)', undefined, 'Leave empty to split the book by parts.', true),
    input('date', 'First session', { type: 'datepicker' }),
    input('time', 'Time', { type: 'timepicker', initial_time: '18:00' }),
    number('everyWeeks', 'Every how many weeks', '2', '1 to 8.'),
    number('duration', 'Duration (minutes)', '60', '15 to 600.'),
    text('place', 'Place or link (optional)', PLACE_MAX, { optional: true }),
  ]);
}

/** The swap form: pick a member of the club to lead the session instead. */
export function swapModal(session: { number: number }, metadata: string): ModalView {
  return form(BOOK_SWAP_CALLBACK, metadata, 'Swap the session', 'Swap', [
    { type: 'section', text: { type: 'mrkdwn', text: `Who leads session ${session.number} instead? Pick someone who joined the club; if they lead a later session, you take that one.` } },
    input('with', 'Swap with', { type: 'users_select' }),
  ]);
}

/** `/guild bookclub` and `list`: the suggestions, the vote and the clubs, and the commands. */
export function listMessage(list: { community: Pick<CommunityPlace, 'name'>; suggestions: SuggestionView[]; vote?: VoteView; clubs: { id: number; title: string; status: string }[] }): { text: string; blocks: KnownBlock[] } {
  const head = `:books: *Book clubs in ${mrkdwnText(list.community.name, 80)}*`;
  const suggestions = list.suggestions.length ? list.suggestions.map((s) => suggestionLine(s)) : ['_No books suggested yet: `/guild bookclub suggest`._'];
  const vote = list.vote ? `A vote is open over ${list.vote.candidates.length} books (${list.vote.ballots} ballots): \`/guild bookclub vote\` to rank.` : 'No vote is open.';
  const clubs = list.clubs.length ? `Clubs: ${list.clubs.map((c) => `${mrkdwnText(c.title, 80)} (${c.status})`).join(' · ')}` : 'No clubs yet.';
  const help = BOOKCLUB_HELP_ENTRIES.map((e) => `• \`${escapeMrkdwn(e.usage)}\`: ${e.what}`).join('\n');
  const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: head } } as KnownBlock, ...sections(['*Suggested*', ...suggestions], 30), ...sections([vote, clubs, help])];
  return { text: `Book clubs in ${mrkdwnText(list.community.name, 80)}: ${list.suggestions.length} suggested. ${vote}`, blocks };
}
