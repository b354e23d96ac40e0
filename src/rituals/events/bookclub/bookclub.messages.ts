import type { Button, KnownBlock } from '@slack/types';
import { clipMrkdwn, escapeMrkdwn, mrkdwnText } from '../../../slack/kit/text';
import { readerTime as eventReaderTime } from '../events.messages';
import { BOOK_CLOSE_ACTION, BOOK_JOIN_ACTION, BOOK_LEAVE_ACTION, BOOK_PLAN_ACTION, BOOK_RANK_ACTION, BOOK_SWAP_ACTION, clubValue, sessionValue, voteValue } from './bookclub.ids';
import type { SuggestionView, VoteView } from './bookclub.votes';

/**
 * The messages book clubs post: the vote (one message, edited as ballots come in), each club's
 * message (one, edited as people join), DMs to the creator and discussion leaders, and the
 * archive when a club closes. Pure. Everything a person typed is escaped and cut.
 */

type Message = { text: string; blocks: KnownBlock[] };
const SECTION_MAX = 2900;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text: clipMrkdwn(text, SECTION_MAX) } });
const context = (text: string): KnownBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text: clipMrkdwn(text, SECTION_MAX) }] });
const button = (actionId: string, text: string, value: string, style?: 'primary' | 'danger') => ({ type: 'button' as const, action_id: actionId, text: { type: 'plain_text' as const, text }, value, ...(style ? { style } : {}) });

/** A book's title as a link to its page (the link was checked to be a plain http(s) URL). */
export function bookLink(book: { title: string; link: string }): string {
  return `<${escapeMrkdwn(book.link)}|${mrkdwnText(book.title, 150)}>`;
}

const byWhom = (suggestedBy: string | null) => (suggestedBy ? `suggested by <@${suggestedBy}>` : 'suggested anonymously');

/** One suggestion in a list: the book, who suggested it (unless hidden), and the note. */
export function suggestionLine(s: SuggestionView, index?: number): string {
  const note = s.note ? `\n> ${mrkdwnText(s.note.replace(/\s+/g, ' '), 300)}` : '';
  return `${index === undefined ? '•' : `${index}.`} *${bookLink(s)}* — ${byWhom(s.suggestedBy)}${note}`;
}

/** Lines in sections of at most Slack's section length (a long list takes several). */
export function sections(lines: string[], maxBlocks = 40): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  let current = '';
  for (const line of lines) {
    if (current && current.length + line.length + 1 > SECTION_MAX) {
      blocks.push(section(current));
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) blocks.push(section(current));
  return blocks.slice(0, maxBlocks);
}

/** The start as each reader sees it (their own zone), with the club's zone as the fallback. */
const readerTime = (startsAt: Date, timeZone: string) => eventReaderTime({ startsAt, timeZone });

/** The vote's channel message: the ballot and a Rank button while open; the count once closed. */
export function voteMessage(vote: VoteView): Message {
  if (vote.open) {
    const head = `:books: *Book vote*: rank up to three books you would like to read together. ${plural(vote.ballots, 'ballot')} so far.`;
    return {
      text: `Book vote: ${plural(vote.candidates.length, 'book')} on the ballot, ${plural(vote.ballots, 'ballot')} so far.`,
      blocks: [
        section(head),
        ...sections(vote.candidates.map((c, i) => suggestionLine(c, i + 1))),
        context('Borda count: a first choice scores 3 points, a second 2, a third 1. Ties go to more first choices, then more second choices, then the earlier suggestion.'),
        { type: 'actions', elements: [button(BOOK_RANK_ACTION, 'Rank your picks', voteValue.encode({ voteId: vote.id }), 'primary')] },
      ],
    };
  }
  const byId = new Map(vote.candidates.map((c) => [c.id, c]));
  const results = (vote.tallies ?? []).flatMap((t, i) => {
    const book = byId.get(t.suggestionId);
    return book ? [`${i + 1}. *${bookLink(book)}* — ${plural(t.points, 'point')} (${t.places.join(' / ')} first / second / third choices)`] : [];
  });
  const winner = byId.get(vote.tallies?.[0]?.suggestionId ?? -1);
  const head = `:books: *Book vote closed* after ${plural(vote.ballots, 'ballot')}${winner ? `: *${bookLink(winner)}* won. Join its club below.` : '.'}`;
  return { text: winner ? `Book vote closed: ${mrkdwnText(winner.title, 150)} won.` : 'Book vote closed.', blocks: [section(head), ...sections(results)] };
}

export interface SessionLine {
  number: number;
  reading: string;
  startsAt: Date;
  leaderId: string;
  timeZone: string;
}

export interface ClubCardView {
  id: number;
  title: string;
  link: string;
  suggestedBy: string | null;
  status: 'forming' | 'started' | 'closed';
  minMembers: number;
  members: string[];
  sessions: SessionLine[];
}

const sessionText = (s: SessionLine) => `${s.number}. ${escapeMrkdwn(s.reading)} — ${readerTime(s.startsAt, s.timeZone)}, led by <@${s.leaderId}>`;
const MEMBERS_SHOWN = 40;
const memberList = (ids: string[]) => (ids.length ? `${ids.slice(0, MEMBERS_SHOWN).map((id) => `<@${id}>`).join(', ')}${ids.length > MEMBERS_SHOWN ? ` and ${ids.length - MEMBERS_SHOWN} more` : ''}` : 'nobody yet');

const CLOSE_CONFIRM = {
  title: { type: 'plain_text' as const, text: 'Close the book club?' },
  text: { type: 'plain_text' as const, text: 'Upcoming sessions are cancelled and an archive message is posted. Organisers only.' },
  confirm: { type: 'plain_text' as const, text: 'Close it' },
  deny: { type: 'plain_text' as const, text: 'Keep it' },
};

/** A club's message in the channel: who joined, whether it started, its sessions, and its buttons. */
export function clubCard(club: ClubCardView): Message {
  const value = clubValue.encode({ clubId: club.id });
  const head = `:closed_book: *Book club: ${bookLink(club)}* (${byWhom(club.suggestedBy)})`;
  if (club.status === 'closed') return { text: `The book club ${mrkdwnText(club.title, 150)} has closed.`, blocks: [section(`${head}\nThis club has closed: see its archive message below.`)] };
  const state =
    club.status === 'forming'
      ? `${club.members.length} of ${club.minMembers} joined: the club starts when ${club.minMembers} members join.`
      : `Started with ${plural(club.members.length, 'member')}.${club.sessions.length ? '' : ' An organiser or the club\'s creator sets the reading plan next.'}`;
  const buttons: Button[] = [button(BOOK_JOIN_ACTION, 'Join', value, 'primary'), button(BOOK_LEAVE_ACTION, 'Leave', value)];
  if (club.status === 'started' && club.sessions.length === 0) buttons.push(button(BOOK_PLAN_ACTION, 'Set the reading plan', value));
  if (club.status === 'started') buttons.push({ ...button(BOOK_CLOSE_ACTION, 'Close the club', value, 'danger'), confirm: CLOSE_CONFIRM });
  return {
    text: `Book club ${mrkdwnText(club.title, 150)}: ${state}`,
    blocks: [
      section(`${head}\n${state}`),
      section(`*Members*: ${memberList(club.members)}`),
      ...(club.sessions.length ? sections(['*Sessions* (each is an event: RSVP on its announcement)', ...club.sessions.map(sessionText)]) : []),
      { type: 'actions', elements: buttons },
    ],
  };
}

/** To the club's creator when the club starts: set the reading plan. */
export function clubStartedNotice(club: { id: number; title: string; link: string; minMembers: number }, community: { channelId: string }): Message {
  const text = `Your book club *${bookLink(club)}* in <#${community.channelId}> has ${club.minMembers} members and has started. Set its reading plan: how many sessions, the first date, how often.`;
  return { text, blocks: [section(text), { type: 'actions', elements: [button(BOOK_PLAN_ACTION, 'Set the reading plan', clubValue.encode({ clubId: club.id }), 'primary')] }] };
}

/** To a session's discussion leader, a few days ahead, with the option to swap. */
export function leaderNotice(session: { id: number; number: number; reading: string; startsAt: Date }, club: { title: string; link: string }, community: { channelId: string; timeZone: string }): Message {
  const text = `You lead the discussion of *${bookLink(club)}* (book club in <#${community.channelId}>), session ${session.number}: ${escapeMrkdwn(session.reading)}, ${readerTime(session.startsAt, community.timeZone)}. A few questions to open with are plenty. Can't make it? Swap with someone from the club.`;
  return { text, blocks: [section(text), { type: 'actions', elements: [button(BOOK_SWAP_ACTION, 'Swap with someone', sessionValue.encode({ sessionId: session.id }))] }] };
}

/** To the member who takes over a session in a swap. */
export function swapNotice(input: { from: string; session: { number: number; reading: string; startsAt: Date }; theirs: number | undefined; club: { title: string; link: string }; community: { channelId: string; timeZone: string } }): Message {
  const { session, club, community } = input;
  const back = input.theirs ? ` In return <@${input.from}> takes your session ${input.theirs}.` : '';
  const text = `<@${input.from}> swapped with you: you now lead the discussion of *${bookLink(club)}* (book club in <#${community.channelId}>), session ${session.number}: ${escapeMrkdwn(session.reading)}, ${readerTime(session.startsAt, community.timeZone)}.${back}`;
  return { text, blocks: [section(text)] };
}

export interface ArchiveView {
  title: string;
  planned: number;
  held: { number: number; reading: string; startsAt: Date; going: number }[];
  members: number;
  timeZone: string;
  /** Titles of every closed club of the community, oldest first (this one included). */
  booksRead: string[];
}

/** The channel message when a club closes: sessions held, attendance, and the books read so far. */
export function archiveMessage(a: ArchiveView): Message {
  const head = `:books: *The book club ${mrkdwnText(a.title, 150)} has closed.* ${plural(a.held.length, 'session')} held of ${a.planned} planned, ${plural(a.members, 'member')} at the end.`;
  const attendance = a.held.map((s) => `${s.number}. ${escapeMrkdwn(s.reading)} (${readerTime(s.startsAt, a.timeZone)}): ${s.going} going`);
  const books = `*Books read in this community*: ${a.booksRead.map((t) => mrkdwnText(t, 100)).join(' · ')}`;
  return {
    text: `The book club ${mrkdwnText(a.title, 150)} has closed: ${plural(a.held.length, 'session')} held.`,
    blocks: [section(head), ...(attendance.length ? sections(['*Attendance*', ...attendance], 20) : []), section(books)],
  };
}
