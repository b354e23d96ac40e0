import { z } from 'zod';
import { idField, valueCodec } from '../../../slack/kit/codec';

/**
 * The ids Slack carries back to Guild for book clubs: forms' callback ids, buttons' action ids,
 * the forms' block ids and the codecs of the values the buttons carry.
 */
export const BOOK_SUGGEST_CALLBACK = 'bookclub_suggest';
export const BOOK_BALLOT_CALLBACK = 'bookclub_ballot';
export const BOOK_PLAN_CALLBACK = 'bookclub_plan';
export const BOOK_SWAP_CALLBACK = 'bookclub_swap';

/** "Rank your picks" under the vote message. */
export const BOOK_RANK_ACTION = 'bookclub_rank';
/** Join / Leave on a club's message. */
export const BOOK_JOIN_ACTION = 'bookclub_join';
export const BOOK_LEAVE_ACTION = 'bookclub_leave';
/** "Set the reading plan" on a started club's message. */
export const BOOK_PLAN_ACTION = 'bookclub_plan_open';
/** "Close the club" on a club's message. */
export const BOOK_CLOSE_ACTION = 'bookclub_close';
/** "Swap with someone" in a discussion leader's DM. */
export const BOOK_SWAP_ACTION = 'bookclub_swap_open';

export const BOOK_FIELDS = {
  title: 'title',
  link: 'link',
  note: 'note',
  hideName: 'hide_name',
  first: 'first',
  second: 'second',
  third: 'third',
  sessions: 'sessions',
  chapters: 'chapters',
  date: 'date',
  time: 'time',
  everyWeeks: 'every_weeks',
  duration: 'duration',
  place: 'place',
  with: 'with',
} as const;
export type BookField = keyof typeof BOOK_FIELDS;
export const BOOK_INPUT = 'value';
/** The checkbox option's value for "hide my name". */
export const HIDE_NAME_OPTION = 'hide';

export const voteValue = valueCodec({ voteId: idField }, ['voteId']);
export const clubValue = valueCodec({ clubId: idField }, ['clubId']);
export const sessionValue = valueCodec({ sessionId: idField }, ['sessionId']);
export const suggestionOption = z.string().regex(/^[1-9]\d{0,9}$/).transform(Number);
