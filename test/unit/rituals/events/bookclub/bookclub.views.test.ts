import type { KnownBlock } from '@slack/types';
import { blockProblems, SURFACE_BLOCK_LIMIT, MESSAGE_BLOCK_LIMIT } from '../../../../../src/sandbox/block-kit';
import { BOOK_FIELDS, clubValue, sessionValue, voteValue } from '../../../../../src/rituals/events/bookclub/bookclub.ids';
import { archiveMessage, clubCard, leaderNotice, suggestionLine, swapNotice, voteMessage, type ClubCardView } from '../../../../../src/rituals/events/bookclub/bookclub.messages';
import { ballotModal, listMessage, planModal, suggestModal, swapModal } from '../../../../../src/rituals/events/bookclub/bookclub.views';
import type { SuggestionView, VoteView } from '../../../../../src/rituals/events/bookclub/bookclub.votes';

const HOSTILE = '<!channel> *Dune* & <@U123|x>';
const book = (id: number, over: Partial<SuggestionView> = {}): SuggestionView => ({ id, title: `Book ${id}`, link: `https://example.org/${id}?a=1&b=2`, note: '', suggestedBy: 'U1', ...over });
const json = (value: unknown) => JSON.stringify(value);
const buttons = (blocks: KnownBlock[]) => blocks.filter((b) => b.type === 'actions').flatMap((b) => (b as { elements: { action_id: string; value: string; text: { text: string } }[] }).elements);

describe('book club messages and views', () => {
  it('escapes what people typed and never pings: titles, notes, links', () => {
    const line = suggestionLine(book(1, { title: HOSTILE, note: 'see <!here>', link: 'https://e.org/?q=<x>' }));
    expect(line).not.toContain('<!channel>');
    expect(line).not.toContain('<!here>');
    expect(line).not.toContain('<@U123');
    expect(line).toContain('&lt;!channel&gt; *Dune* &amp;');
    expect(line).toContain('<https://e.org/?q=&lt;x&gt;|');
  });

  it('names the suggester unless they hid their name', () => {
    expect(suggestionLine(book(1))).toContain('suggested by <@U1>');
    expect(suggestionLine(book(1, { suggestedBy: null }))).toContain('suggested anonymously');
    expect(suggestionLine(book(1, { suggestedBy: null }))).not.toContain('<@');
  });

  it('shows an open vote with its books, count of ballots and one Rank button; a closed one with the result', () => {
    const open: VoteView = { id: 4, open: true, candidates: [book(1), book(2, { suggestedBy: null })], ballots: 3 };
    const message = voteMessage(open);
    expect(blockProblems(message.blocks, MESSAGE_BLOCK_LIMIT)).toEqual([]);
    expect(message.text).toContain('3 ballots');
    expect(buttons(message.blocks).map((b) => voteValue.decode(b.value))).toEqual([{ voteId: 4 }]);
    const closed = voteMessage({ ...open, open: false, tallies: [{ suggestionId: 2, points: 7, places: [2, 0, 1] }, { suggestionId: 1, points: 2, places: [0, 1, 0] }] });
    expect(buttons(closed.blocks)).toEqual([]);
    expect(json(closed.blocks)).toMatch(/Book 2.*won/);
    expect(json(closed.blocks)).toContain('7 points (2 / 0 / 1');
  });

  it('fits a vote of 100 long-titled books into Slack\'s limits', () => {
    const candidates = Array.from({ length: 100 }, (_, i) => book(i + 1, { title: 'T'.repeat(200), note: 'n'.repeat(500) }));
    const message = voteMessage({ id: 1, open: true, candidates, ballots: 0 });
    expect(blockProblems(message.blocks, MESSAGE_BLOCK_LIMIT)).toEqual([]);
    const modal = ballotModal({ id: 1, open: true, candidates, ballots: 0 }, [5, 9], 'sealed');
    expect(blockProblems(modal.blocks, SURFACE_BLOCK_LIMIT)).toEqual([]);
    expect(json(modal.blocks)).toContain('"initial_option":{"text":{"type":"plain_text","text":"TTTT');
  });

  const club: ClubCardView = { id: 9, title: HOSTILE, link: 'https://e.org/b', suggestedBy: null, status: 'forming', minMembers: 5, members: ['U1', 'U2'], sessions: [] };

  it('shows a forming club with its count and Join / Leave, a started one with the plan and close buttons', () => {
    const forming = clubCard(club);
    expect(blockProblems(forming.blocks, MESSAGE_BLOCK_LIMIT)).toEqual([]);
    expect(forming.text).toContain('2 of 5 joined');
    expect(forming.text).not.toContain('<!channel>');
    expect(buttons(forming.blocks).map((b) => b.text.text)).toEqual(['Join', 'Leave']);
    expect(buttons(forming.blocks).map((b) => clubValue.decode(b.value))).toEqual([{ clubId: 9 }, { clubId: 9 }]);
    const started = clubCard({ ...club, status: 'started' });
    expect(buttons(started.blocks).map((b) => b.text.text)).toEqual(['Join', 'Leave', 'Set the reading plan', 'Close the club']);
    const planned = clubCard({ ...club, status: 'started', sessions: [{ number: 1, reading: 'Chapters 1–3', startsAt: new Date('2026-12-10T17:30:00Z'), leaderId: 'U2', timeZone: 'Europe/Berlin' }] });
    expect(buttons(planned.blocks).map((b) => b.text.text)).toEqual(['Join', 'Leave', 'Close the club']);
    expect(json(planned.blocks)).toContain('<!date^1796923800^{date_short_pretty} at {time}|Thu 10 Dec 2026, 18:30 (Europe/Berlin)>, led by <@U2>');
    expect(buttons(clubCard({ ...club, status: 'closed' }).blocks)).toEqual([]);
  });

  it('DMs the leader with a Swap button, and the one who takes over', () => {
    const notice = leaderNotice({ id: 12, number: 2, reading: 'Chapters 4–6', startsAt: new Date('2026-12-24T17:30:00Z') }, { title: HOSTILE, link: 'https://e.org' }, { channelId: 'C1', timeZone: 'UTC' });
    expect(buttons(notice.blocks).map((b) => sessionValue.decode(b.value))).toEqual([{ sessionId: 12 }]);
    expect(notice.text).not.toContain('<!channel>');
    const swap = swapNotice({ from: 'U1', session: { number: 2, reading: 'Chapters 4–6', startsAt: new Date('2026-12-24T17:30:00Z') }, theirs: 3, club: { title: 'Dune', link: 'https://e.org' }, community: { channelId: 'C1', timeZone: 'UTC' } });
    expect(swap.text).toMatch(/<@U1> swapped with you: you now lead .* session 2.* In return <@U1> takes your session 3\./);
  });

  it('archives a closed club with its sessions, attendance and the books read', () => {
    const message = archiveMessage({ title: HOSTILE, planned: 4, held: [{ number: 1, reading: 'Chapters 1–3', startsAt: new Date('2026-12-10T17:30:00Z'), going: 6 }], members: 7, timeZone: 'UTC', booksRead: ['Dune', HOSTILE] });
    expect(blockProblems(message.blocks, MESSAGE_BLOCK_LIMIT)).toEqual([]);
    const text = json(message.blocks);
    expect(text).toContain('1 session held of 4 planned, 7 members');
    expect(text).toContain('Chapters 1–3');
    expect(text).toContain(': 6 going');
    expect(text).toMatch(/Books read in this community\*: Dune · &lt;!channel&gt;/);
    expect(text).not.toContain('<!channel>');
  });

  it('builds forms within Block Kit limits, one input per field', () => {
    for (const modal of [suggestModal('m'), planModal({ title: HOSTILE }, { timeZone: 'Europe/Berlin' }, 'm'), swapModal({ number: 2 }, 'm')]) {
      expect(blockProblems(modal.blocks, SURFACE_BLOCK_LIMIT)).toEqual([]);
      expect(modal.title.text.length).toBeLessThanOrEqual(24);
    }
    const ids = (blocks: KnownBlock[]) => blocks.filter((b) => b.type === 'input').map((b) => b.block_id);
    expect(ids(suggestModal('m').blocks as KnownBlock[])).toEqual([BOOK_FIELDS.title, BOOK_FIELDS.link, BOOK_FIELDS.note, BOOK_FIELDS.hideName]);
    expect(ids(planModal({ title: 'x' }, { timeZone: 'UTC' }, 'm').blocks as KnownBlock[])).toEqual(['sessions', 'chapters', 'date', 'time', 'every_weeks', 'duration', 'place']);
  });

  it('lists suggestions, the vote and the commands', () => {
    const list = listMessage({ community: { name: HOSTILE }, suggestions: [book(1)], vote: { id: 1, open: true, candidates: [book(1), book(2)], ballots: 1 }, clubs: [{ id: 3, title: 'Dune', status: 'started' }] });
    expect(blockProblems(list.blocks, MESSAGE_BLOCK_LIMIT)).toEqual([]);
    expect(list.text).not.toContain('<!channel>');
    expect(json(list.blocks)).toContain('A vote is open over 2 books (1 ballots)');
    expect(json(list.blocks)).toContain('/guild bookclub close-vote');
  });
});
