import type { Logger } from 'pino';
import type { Actor, ChannelRef, CommunityService } from '../../community/community.service';
import { activeMembership } from '../../community/community.service';
import { NotMemberError } from '../../community/community.errors';
import type { PrismaClient } from '../../db/client';
import { isUniqueViolation } from '../../db/errors';
import type { Delivery } from '../../delivery/delivery';
import { clip } from '../../slack/kit/text';
import type { PollsPort } from '../polls/polls.port';
import type { UnconferencePort } from '../unconference/unconference.port';
import { IdeasError } from './ideas.errors';
import { proposalKey, type ProposalTarget } from './ideas.ids';
import { talkIdeaNotice, type PostView, type ProposalLine } from './ideas.messages';

/** The other rituals a post can be proposed to; a missing one is simply not offered. */
export interface IdeasPorts {
  polls?: PollsPort;
  unconference?: UnconferencePort;
}

/** What the proposal form offers for one post. */
export interface ProposalChoices {
  post: PostView;
  polls: { id: number; question: string }[];
  unconferences: { id: number; title: string }[];
}

/** Poll options are shown in Slack menus and buttons: 75 characters at most. */
export const POLL_OPTION_MAX = 75;
export const SESSION_TITLE_MAX = 150;
export const NOTE_MAX = 500;
const POLLS_OFFERED = 10;

const withFeed = { feed: { select: { title: true, url: true } } } as const;
type PostRow = { id: number; communityId: number; title: string; url: string | null; summary: string; publishedAt: Date | null; firstSeenAt: Date; feed: { title: string | null; url: string } };

export function postView(row: PostRow): PostView {
  return { id: row.id, title: row.title, url: row.url, summary: row.summary, publishedAt: row.publishedAt, firstSeenAt: row.firstSeenAt, source: row.feed.title ?? new URL(row.feed.url).host };
}

/**
 * A member proposes a post from the digest: as a talk idea (kept here and told to the
 * organisers), as an option of an open poll, or as a session of an unconference taking
 * proposals (both through the other rituals' ports, under their own rules).
 */
export class IdeasProposals {
  constructor(private readonly deps: { prisma: PrismaClient; community: CommunityService; messages: Delivery; logger: Logger; ports: IdeasPorts }) {}

  async choices(postId: number, actor: Actor): Promise<ProposalChoices> {
    const row = await this.memberPost(postId, actor);
    const [polls, unconferences] = await Promise.all([
      this.deps.ports.polls?.openForOptions(row.communityId, POLLS_OFFERED) ?? [],
      this.deps.ports.unconference?.takingProposals(row.communityId) ?? [],
    ]);
    return { post: postView(row), polls, unconferences: unconferences.slice(0, POLLS_OFFERED) };
  }

  async propose(postId: number, actor: Actor, target: ProposalTarget, note: string): Promise<{ post: PostView; target: ProposalTarget; where: string }> {
    const row = await this.memberPost(postId, actor);
    const view = postView(row);
    const where = await this.deliver(row, view, actor, target, note);
    this.deps.logger.info({ postId, communityId: row.communityId, kind: target.kind, actorId: actor.userId }, 'outside idea proposed');
    return { post: view, target, where };
  }

  /** The newest talk ideas, for organisers. */
  async talkIdeas(channel: ChannelRef, actor: Actor): Promise<{ communityName: string; proposals: ProposalLine[] }> {
    const community = await this.deps.community.requireCommunity(channel);
    await this.deps.community.requireOrganiser(community.id, actor.userId, 'see the talk ideas');
    const rows = await this.deps.prisma.ideaProposal.findMany({ where: { communityId: community.id, kind: 'talk' }, orderBy: { createdAt: 'desc' }, take: 20, include: { post: { include: withFeed } } });
    return { communityName: community.name, proposals: rows.map((r) => ({ post: postView(r.post), by: r.proposedBy, note: r.note, createdAt: r.createdAt })) };
  }

  private async deliver(row: PostRow, view: PostView, actor: Actor, target: ProposalTarget, note: string): Promise<string> {
    const cleanNote = clip(note.trim(), NOTE_MAX);
    if (target.kind === 'talk') return this.talkIdea(row, view, actor, cleanNote);
    if (target.kind === 'poll_option') {
      const polls = this.deps.ports.polls;
      const poll = polls ? (await polls.openForOptions(row.communityId, 100)).find((p) => p.id === target.pollId) : undefined;
      if (!polls || !poll) throw new IdeasError('That poll is closed or takes no new options any more. Choose another, or propose it as a talk.');
      await polls.addOption({ pollId: poll.id, text: clip(row.title, POLL_OPTION_MAX), by: actor.userId });
      await this.record(row, actor, 'poll_option', poll.id, cleanNote);
      return `an option of the poll "${clip(poll.question, 100)}"`;
    }
    const unconference = this.deps.ports.unconference;
    const taking = unconference ? (await unconference.takingProposals(row.communityId)).find((u) => u.id === target.unconferenceId) : undefined;
    if (!unconference || !taking) throw new IdeasError('That unconference takes no proposals any more. Choose another, or propose it as a talk.');
    const description = [cleanNote, view.summary, row.url ?? ''].filter(Boolean).join('\n');
    await unconference.propose({ unconferenceId: taking.id, title: clip(row.title, SESSION_TITLE_MAX), description: clip(description, 1000), level: 'everyone', by: actor.userId });
    await this.record(row, actor, 'session', taking.id, cleanNote);
    return `a session of "${clip(taking.title, 100)}"`;
  }

  /** Kept, and told to every organiser, in one transaction; proposing the same post twice is refused. */
  private async talkIdea(row: PostRow, view: PostView, actor: Actor, note: string): Promise<string> {
    const community = await this.deps.prisma.community.findUniqueOrThrow({ where: { id: row.communityId } });
    const { organiserIds } = await this.deps.community.organisers({ teamId: community.teamId, channelId: community.channelId });
    try {
      await this.deps.prisma.$transaction(async (tx) => {
        const proposal = await tx.ideaProposal.create({ data: { communityId: row.communityId, postId: row.id, kind: 'talk', proposedBy: actor.userId, note } });
        const notice = talkIdeaNotice({ post: view, by: actor.userId, note, channelId: community.channelId });
        await this.deps.messages.sendMany(organiserIds.map((id) => ({ key: proposalKey(proposal.id, id), to: { users: [id] }, ...notice })), tx);
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new IdeasError('You proposed this post as a talk already. The organisers have it.');
      throw err;
    }
    return 'a talk idea; the organisers have it';
  }

  /** A proposal made through another ritual, kept so the organisers can see where ideas went. */
  private async record(row: PostRow, actor: Actor, kind: 'poll_option' | 'session', targetId: number, note: string): Promise<void> {
    await this.deps.prisma.ideaProposal.createMany({ data: [{ communityId: row.communityId, postId: row.id, kind, targetId, proposedBy: actor.userId, note }], skipDuplicates: true });
  }

  private async memberPost(postId: number, actor: Actor): Promise<PostRow> {
    const row = await this.deps.prisma.ideaPost.findUnique({ where: { id: postId }, include: withFeed });
    if (!row) throw new IdeasError('That post is no longer followed here (its feed was removed).');
    if (!(await activeMembership(this.deps.prisma, row.communityId, actor.userId))) throw new NotMemberError();
    return row;
  }
}
