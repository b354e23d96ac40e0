import type { Actor, ChannelRef, CommunitySummary } from '../../../community/community.service';
import { isUniqueViolation } from '../../../db/errors';
import { BookClubError, communityPlace, lockCommunity, type BookClubBaseDeps, type CommunityPlace, type Db } from './bookclub.access';
import type { BookClubs } from './bookclub.clubs';
import { rankSuggestions, type Tally } from './bookclub.ranking';
import { checkBallot, checkSuggestion, titleKey, type SuggestionInput } from './bookclub.rules';
import { voteMessage } from './bookclub.messages';

/** A suggestion as people see it: the suggester only when they let themselves be named. */
export interface SuggestionView {
  id: number;
  title: string;
  link: string;
  note: string;
  suggestedBy: string | null;
}

export interface VoteView {
  id: number;
  open: boolean;
  candidates: SuggestionView[];
  ballots: number;
  /** Once closed: the count, winner first. */
  tallies?: Tally[];
}

/** A static select holds at most 100 options: a vote's ballot lists at most this many books. */
export const MAX_CANDIDATES = 100;

export const voteKey = (voteId: number) => `bookclub:vote:${voteId}`;

type SuggestionRow = { id: number; title: string; link: string; note: string; suggestedBy: string; hideName: boolean };
export const suggestionView = (s: SuggestionRow): SuggestionView => ({ id: s.id, title: s.title, link: s.link, note: s.note, suggestedBy: s.hideName ? null : s.suggestedBy });

export interface BookVotesDeps extends BookClubBaseDeps {
  community: { requireCommunity(channel: ChannelRef): Promise<CommunitySummary> };
  clubs: BookClubs;
}

/**
 * Suggestions and the ranked vote: members suggest books and rank up to three; an organiser
 * opens a vote over the open suggestions and closes it, and the winner becomes a pop-up club.
 * The vote's channel message is one message, edited in place as ballots come in.
 */
export class BookVotes {
  constructor(private readonly deps: BookVotesDeps) {}

  private async placeOf(channel: ChannelRef): Promise<CommunityPlace> {
    return communityPlace(this.deps.prisma, (await this.deps.community.requireCommunity(channel)).id);
  }

  /** The channel's community, when the person is an active member of it. */
  async memberHere(channel: ChannelRef, actor: Actor): Promise<CommunityPlace> {
    const community = await this.placeOf(channel);
    await this.deps.access.requireMember(community, actor.userId);
    return community;
  }

  /** The channel's open vote, if any. */
  async openHere(channel: ChannelRef): Promise<{ id: number } | null> {
    return this.openVote(this.deps.prisma, (await this.placeOf(channel)).id);
  }

  /** Whether the book was suggested here before (the form says so beside the title). */
  async titleTaken(channel: ChannelRef, title: string): Promise<boolean> {
    const community = await this.placeOf(channel);
    return (await this.deps.prisma.bookSuggestion.count({ where: { communityId: community.id, titleKey: titleKey(title) } })) > 0;
  }

  async suggest(channel: ChannelRef, actor: Actor, input: SuggestionInput): Promise<{ suggestion: SuggestionView; community: CommunityPlace; voteOpen: boolean }> {
    const checked = checkSuggestion(input);
    if (!checked.ok) throw new BookClubError(checked.problems[0]!.problem, checked.problems[0]!.field);
    const community = await this.memberHere(channel, actor);
    const key = titleKey(checked.value.title);
    const earlier = await this.deps.prisma.bookSuggestion.findUnique({ where: { communityId_titleKey: { communityId: community.id, titleKey: key } } });
    if (earlier) throw alreadySuggested();
    try {
      const row = await this.deps.prisma.bookSuggestion.create({ data: { communityId: community.id, titleKey: key, suggestedBy: actor.userId, ...checked.value } });
      return { suggestion: suggestionView(row), community, voteOpen: (await this.openVote(this.deps.prisma, community.id)) !== null };
    } catch (err) {
      if (isUniqueViolation(err)) throw alreadySuggested(); // the same title at the same moment (a double submit)
      throw err;
    }
  }

  /** Open suggestions (not yet read), the open vote and the community's clubs. */
  async list(channel: ChannelRef): Promise<{ community: CommunityPlace; suggestions: SuggestionView[]; vote?: VoteView; clubs: { id: number; title: string; status: string }[] }> {
    const community = await this.placeOf(channel);
    const suggestions = await this.openSuggestions(this.deps.prisma, community.id);
    const open = await this.openVote(this.deps.prisma, community.id);
    const clubs = await this.deps.prisma.bookClub.findMany({ where: { communityId: community.id }, orderBy: { id: 'desc' }, take: 10, select: { id: true, title: true, status: true } });
    return { community, suggestions, ...(open ? { vote: await this.view(this.deps.prisma, open.id) } : {}), clubs };
  }

  /** An organiser opens a vote over the open suggestions; the vote's message goes to the channel. */
  async open(channel: ChannelRef, actor: Actor): Promise<VoteView> {
    const community = await this.placeOf(channel);
    await this.deps.access.requireOrganiser(community, actor.userId, 'open a book vote');
    return this.deps.prisma.$transaction(async (tx) => {
      await lockCommunity(tx, community.id);
      if (await this.openVote(tx, community.id)) throw new BookClubError('A book vote is open already: close it with `/guild bookclub close-vote` first.');
      const candidates = (await this.openSuggestions(tx, community.id)).slice(0, MAX_CANDIDATES);
      if (candidates.length < 2) throw new BookClubError(`A vote needs at least two suggestions (there ${candidates.length === 1 ? 'is one' : 'are none'}). Suggest books with \`/guild bookclub suggest\`.`);
      const vote = await tx.bookVote.create({ data: { communityId: community.id, candidates: candidates.map((c) => c.id), openedBy: actor.userId } });
      const view = await this.view(tx, vote.id);
      await this.deps.messages.publish(voteKey(vote.id), { channel: community.channelId }, voteMessage(view), tx);
      return view;
    });
  }

  /** What the ballot form shows the person: the books on it and their current ranking. */
  async ballotFor(voteId: number, userId: string): Promise<{ vote: VoteView; ranking: number[] }> {
    const vote = await this.view(this.deps.prisma, voteId);
    const ballot = await this.deps.prisma.bookBallot.findUnique({ where: { voteId_personId: { voteId, personId: userId } } });
    return { vote, ranking: ballot?.ranking ?? [] };
  }

  /** Records (or replaces) the member's ranking; the vote's message shows the new count of ballots. */
  async cast(voteId: number, actor: Actor, picks: { first?: number; second?: number; third?: number }): Promise<number[]> {
    const vote = await this.deps.prisma.bookVote.findUnique({ where: { id: voteId } });
    if (!vote) throw new BookClubError('That vote no longer exists.');
    const community = await communityPlace(this.deps.prisma, vote.communityId);
    await this.deps.access.requireMember(community, actor.userId);
    const checked = checkBallot(picks, vote.candidates);
    if (!checked.ok) throw new BookClubError(checked.problems[0]!.problem, checked.problems[0]!.field);
    return this.deps.prisma.$transaction(async (tx) => {
      await lockCommunity(tx, community.id);
      const current = await tx.bookVote.findUniqueOrThrow({ where: { id: voteId } });
      if (current.status !== 'open') throw voteClosed();
      await tx.bookBallot.upsert({
        where: { voteId_personId: { voteId, personId: actor.userId } },
        create: { voteId, communityId: community.id, personId: actor.userId, ranking: checked.value },
        update: { ranking: checked.value },
      });
      await this.deps.messages.update(voteKey(voteId), voteMessage(await this.view(tx, voteId)), tx);
      return checked.value;
    });
  }

  /** An organiser closes the open vote: the count decides, and the winner becomes a club that forms. */
  async close(channel: ChannelRef, actor: Actor, minMembers: number): Promise<{ vote: VoteView; winner: SuggestionView; clubId: number }> {
    const community = await this.placeOf(channel);
    await this.deps.access.requireOrganiser(community, actor.userId, 'close the book vote');
    return this.deps.prisma.$transaction(async (tx) => {
      await lockCommunity(tx, community.id);
      const open = await this.openVote(tx, community.id);
      if (!open) throw new BookClubError('No book vote is open. An organiser opens one with `/guild bookclub vote`.');
      const ballots = await tx.bookBallot.findMany({ where: { voteId: open.id }, select: { ranking: true } });
      if (ballots.length === 0) throw new BookClubError('Nobody has voted yet: wait for a ballot before closing the vote.');
      const [top] = rankSuggestions(open.candidates, ballots.map((b) => b.ranking));
      await tx.bookVote.update({ where: { id: open.id }, data: { status: 'closed', closedBy: actor.userId, closedAt: this.deps.now() } });
      const winner = await tx.bookSuggestion.update({ where: { id: top!.suggestionId }, data: { chosenAt: this.deps.now() } });
      const clubId = await this.deps.clubs.create(tx, community, { suggestion: winner, voteId: open.id, minMembers });
      const vote = await this.view(tx, open.id);
      await this.deps.messages.update(voteKey(open.id), voteMessage(vote), tx);
      return { vote, winner: suggestionView(winner), clubId };
    });
  }

  /** Whether the vote is still open and which books are on it (the ballot form checks with it before its ack). */
  async ballotState(voteId: number): Promise<{ open: boolean; candidates: number[] } | undefined> {
    const vote = await this.deps.prisma.bookVote.findUnique({ where: { id: voteId } });
    return vote ? { open: vote.status === 'open', candidates: vote.candidates } : undefined;
  }

  private openVote(db: Db, communityId: number) {
    return db.bookVote.findFirst({ where: { communityId, status: 'open' } });
  }

  private async openSuggestions(db: Db, communityId: number): Promise<SuggestionView[]> {
    const rows = await db.bookSuggestion.findMany({ where: { communityId, chosenAt: null }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
    return rows.map(suggestionView);
  }

  private async view(db: Db, voteId: number): Promise<VoteView> {
    const vote = await db.bookVote.findUniqueOrThrow({ where: { id: voteId } });
    const rows = await db.bookSuggestion.findMany({ where: { id: { in: vote.candidates } } });
    const byId = new Map(rows.map((r) => [r.id, suggestionView(r)]));
    const candidates = vote.candidates.flatMap((id) => byId.get(id) ?? []);
    const ballots = await db.bookBallot.findMany({ where: { voteId }, select: { ranking: true } });
    const open = vote.status === 'open';
    return { id: vote.id, open, candidates, ballots: ballots.length, ...(open ? {} : { tallies: rankSuggestions(vote.candidates, ballots.map((b) => b.ranking)) }) };
  }
}

const alreadySuggested = () => new BookClubError('That book has been suggested in this community already: see `/guild bookclub list`.', 'title');
export const voteClosed = () => new BookClubError('This vote has closed: ballots are no longer taken.', 'first');
