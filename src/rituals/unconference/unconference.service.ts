import type { Logger } from 'pino';
import type { Actor, ChannelRef, CommunityService } from '../../community/community.service';
import { activeMembership } from '../../community/community.service';
import type { PrismaClient } from '../../db/client';
import type { Delivery, OutboundRequest } from '../../delivery/delivery';
import type { JobStore } from '../../scheduler/job-store';
import { clip } from '../../slack/kit/text';
import { draftAgenda } from './unconference.allocate';
import { UnconferenceError } from './unconference.errors';
import { agendaKey, draftKey, messageKey, personalKey, sessionKey } from './unconference.ids';
import { agendaMessage, draftMessage, personalAgendaMessage, personalSchedule, sessionMessage, unconferenceMessage } from './unconference.messages';
import type { UnconferencePort } from './unconference.port';
import { deadlineJobs, slotReminderJobs } from './unconference.reminders';
import { checkDots, checkProposal, DESCRIPTION_MAX, moveSession, PROPOSAL_TITLE_MAX, proposalsClosed, titleKey, votingClosed } from './unconference.rules';
import type { Placement, StoredAgenda } from './unconference.stored';
import { dotsOf, findUnconference, lockUnconference, proposalsOf, unconferenceView, type Tx } from './unconference.store';
import type { Level, PlanDraft, ProposalDraft, ProposalView, UnconferenceView } from './unconference.types';

export interface UnconferenceDeps {
  prisma: PrismaClient;
  messages: Delivery;
  jobs: JobStore;
  community: CommunityService;
  logger: Logger;
  now: () => Date;
  /** The absolute, signed URL of a person's agenda (.ics). */
  agendaUrl(unconferenceId: number, personId: string): string;
}

/** Who moves a phase on: an organiser who clicked, or the deadline (the creator hears of the draft). */
export type By = { actor: Actor } | { deadline: true };

/** Many people propose and vote at once: they queue on the unconference's lock rather than fail. */
const BUSY = { maxWait: 10_000, timeout: 20_000 };
/** The allocation runs inside a draft's transaction: seconds for a large one. */
const DRAFTING = { maxWait: 10_000, timeout: 60_000 };

/**
 * Unconferences: planned by an organiser, proposed by members (who host what they propose),
 * voted with dots, allocated to rooms × slots, adjusted and published by an organiser, with each
 * person's agenda by DM and a reminder before each of their slots. Who may do what is decided
 * here; every change happens under the unconference's row lock with its messages.
 */
export class UnconferenceService implements UnconferencePort {
  constructor(private readonly deps: UnconferenceDeps) {}

  /** What the plan form needs: the community (the person must organise it) and its zone. */
  async planContext(channel: ChannelRef, actor: Actor): Promise<{ communityId: number; timeZone: string }> {
    const community = await this.deps.community.requireCommunity(channel);
    await this.deps.community.requireOrganiser(community.id, actor.userId, 'plan an unconference');
    return { communityId: community.id, timeZone: community.timeZone };
  }

  /** An organiser plans one: stored, announced in the channel, its deadlines armed. */
  async create(channel: ChannelRef, actor: Actor, draft: PlanDraft): Promise<UnconferenceView> {
    const { communityId } = await this.planContext(channel, actor);
    return this.deps.prisma.$transaction(async (tx) => {
      const row = await tx.unconference.create({
        data: { communityId, createdBy: actor.userId, title: draft.title, timeZone: draft.timeZone, slotStarts: draft.slotStarts, sessionMinutes: draft.sessionMinutes, rooms: draft.rooms, dotsPerPerson: draft.dotsPerPerson, proposalsCloseAt: draft.proposalsCloseAt, votingClosesAt: draft.votingClosesAt },
      });
      const u = unconferenceView(row);
      await this.deps.jobs.enqueue(deadlineJobs(u), tx);
      await this.announce(tx, u);
      return u;
    });
  }

  async unconference(id: number): Promise<UnconferenceView> {
    const u = await findUnconference(this.deps.prisma, id);
    if (!u) throw new UnconferenceError('This unconference no longer exists.');
    return u;
  }

  async proposals(id: number): Promise<ProposalView[]> {
    return proposalsOf(this.deps.prisma, id);
  }

  // ── Proposals ──────────────────────────────────────────────────────────────────────────

  async takingProposals(communityId: number): Promise<{ id: number; title: string }[]> {
    const now = this.deps.now();
    const rows = await this.deps.prisma.unconference.findMany({ where: { communityId, phase: 'proposing', OR: [{ proposalsCloseAt: null }, { proposalsCloseAt: { gt: now } }] }, orderBy: { id: 'desc' }, select: { id: true, title: true } });
    return rows;
  }

  /** Why this person cannot propose this title now (read before the form closes), or undefined. */
  async proposalProblem(id: number, userId: string, title: string): Promise<string | undefined> {
    const u = await this.unconference(id);
    const count = await this.deps.prisma.unconferenceProposal.count({ where: { unconferenceId: id } });
    const closed = proposalsClosed(u, this.deps.now(), count);
    if (closed) return closed;
    if (!(await activeMembership(this.deps.prisma, u.communityId, userId))) return notAMember('propose a session');
    const same = await this.deps.prisma.unconferenceProposal.findUnique({ where: { unconferenceId_titleKey: { unconferenceId: id, titleKey: titleKey(title) } }, select: { id: true } });
    return same ? duplicateTitle() : undefined;
  }

  /**
   * A member proposes a session they will host, from outside ideas: the post's text is cut to
   * what the proposal form takes (its title and description come from a feed, not a person
   * typing into the form's limits); every other rule is the form's.
   */
  async propose(input: { unconferenceId: number; title: string; description: string; level: Level; by: string }): Promise<void> {
    await this.proposeAs(input.unconferenceId, input.by, { title: clip(input.title.trim(), PROPOSAL_TITLE_MAX), description: clip(input.description.trim(), DESCRIPTION_MAX), level: input.level });
  }

  async proposeAs(id: number, userId: string, input: { title: string; description: string; level: string }): Promise<ProposalView> {
    const checked = checkProposal(input);
    if (!checked.ok) throw new UnconferenceError(Object.values(checked.errors).join(' '));
    const draft: ProposalDraft = checked.value;
    return this.deps.prisma.$transaction(async (tx) => {
      const u = await this.locked(tx, id, 'share');
      const closed = proposalsClosed(u, this.deps.now(), await tx.unconferenceProposal.count({ where: { unconferenceId: id } }));
      if (closed) throw new UnconferenceError(closed);
      if (!(await activeMembership(tx, u.communityId, userId))) throw new UnconferenceError(notAMember('propose a session'));
      const key = titleKey(draft.title);
      // The title's key is unique per unconference; a twin proposed at the same moment waits on the index and is refused here.
      const inserted = await tx.$queryRaw<{ id: number }[]>`
        INSERT INTO "UnconferenceProposal" ("unconferenceId", title, "titleKey", description, level, "hostId")
        VALUES (${id}, ${draft.title}, ${key}, ${draft.description}, ${draft.level}::"UnconferenceLevel", ${userId})
        ON CONFLICT ("unconferenceId", "titleKey") DO NOTHING RETURNING id`;
      if (inserted.length === 0) throw new UnconferenceError(duplicateTitle());
      await this.announce(tx, u);
      return { id: inserted[0]!.id, ...draft, hostId: userId, dots: 0 };
    }, BUSY);
  }

  // ── Dots ───────────────────────────────────────────────────────────────────────────────

  /** What the dots form shows this voter: the proposals and their own dots (refused when voting is not open). */
  async ballot(id: number, userId: string): Promise<{ unconference: UnconferenceView; proposals: ProposalView[]; mine: Map<number, number> }> {
    const u = await this.unconference(id);
    const closed = votingClosed(u, this.deps.now());
    if (closed) throw new UnconferenceError(closed);
    if (!(await activeMembership(this.deps.prisma, u.communityId, userId))) throw new UnconferenceError(notAMember('vote'));
    const proposals = await proposalsOf(this.deps.prisma, id);
    if (proposals.length === 0) throw new UnconferenceError('There is nothing to vote on: nobody proposed a session.');
    return { unconference: u, proposals, mine: await dotsOf(this.deps.prisma, id, userId) };
  }

  /**
   * A voter's whole spread of dots, replacing their last one. Their row is locked for the
   * transaction, so concurrent saves by one person apply one after another, each within the
   * budget; the unconference's row is held in share mode, so closing the vote waits for them.
   */
  async setDots(id: number, userId: string, dots: Map<number, number>): Promise<{ used: number; budget: number }> {
    return this.deps.prisma.$transaction(async (tx) => {
      const u = await this.locked(tx, id, 'share');
      const closed = votingClosed(u, this.deps.now());
      if (closed) throw new UnconferenceError(closed);
      if (!(await activeMembership(tx, u.communityId, userId))) throw new UnconferenceError(notAMember('vote'));
      await tx.$executeRaw`
        INSERT INTO "UnconferenceVoter" ("unconferenceId", "personId", "dotsUsed") VALUES (${id}, ${userId}, 0)
        ON CONFLICT ("unconferenceId", "personId") DO UPDATE SET "dotsUsed" = "UnconferenceVoter"."dotsUsed"`;
      const ids = await tx.unconferenceProposal.findMany({ where: { unconferenceId: id }, select: { id: true } });
      const problem = checkDots(dots, new Set(ids.map((p) => p.id)), u.dotsPerPerson);
      if (problem) throw new UnconferenceError(problem);
      const spread = [...dots].filter(([, count]) => count > 0);
      await tx.unconferenceDot.deleteMany({ where: { unconferenceId: id, personId: userId } });
      await tx.unconferenceDot.createMany({ data: spread.map(([proposalId, count]) => ({ unconferenceId: id, personId: userId, proposalId, count })) });
      const used = spread.reduce((sum, [, count]) => sum + count, 0);
      await tx.unconferenceVoter.update({ where: { unconferenceId_personId: { unconferenceId: id, personId: userId } }, data: { dotsUsed: used } });
      return { used, budget: u.dotsPerPerson };
    }, BUSY);
  }

  // ── Phases ─────────────────────────────────────────────────────────────────────────────

  /** Proposals → voting (an organiser, or the proposals deadline). */
  async openVoting(id: number, by: By): Promise<UnconferenceView | undefined> {
    return this.deps.prisma.$transaction(async (tx) => {
      const u = await this.locked(tx, id, 'update');
      if (u.phase !== 'proposing') return this.wrongPhase(by, 'Voting is already open or over.');
      if ('actor' in by) {
        await this.requireOrganiser(u, by.actor, 'open voting');
        if ((await tx.unconferenceProposal.count({ where: { unconferenceId: id } })) === 0) throw new UnconferenceError('Nobody has proposed a session yet: voting needs at least one proposal.');
      }
      const after = unconferenceView(await tx.unconference.update({ where: { id }, data: { phase: 'voting' } }));
      await this.announce(tx, after);
      return after;
    }, DRAFTING);
  }

  /** Voting → scheduling (an organiser, or the voting deadline): the draft agenda goes to the organiser. */
  async closeVoting(id: number, by: By): Promise<UnconferenceView | undefined> {
    return this.deps.prisma.$transaction(async (tx) => {
      const u = await this.locked(tx, id, 'update');
      if (u.phase !== 'voting') return this.wrongPhase(by, u.phase === 'proposing' ? 'Voting has not opened yet.' : 'Voting is already closed.');
      if ('actor' in by) await this.requireOrganiser(u, by.actor, 'close voting');
      const after = await this.redraft(tx, { ...u, phase: 'scheduling' }, []);
      await this.announce(tx, after);
      await this.showDraft(tx, after, 'actor' in by ? by.actor.userId : u.createdBy);
      return after;
    }, DRAFTING);
  }

  /** The draft agenda to the organiser who asks for it, again. */
  async draftFor(id: number, actor: Actor): Promise<void> {
    const u = await this.unconference(id);
    await this.requireOrganiser(u, actor, 'see the draft agenda');
    if (u.phase !== 'scheduling' || !u.draft) throw new UnconferenceError(u.phase === 'published' ? 'The agenda is already published.' : 'There is no draft yet: close voting first.');
    await this.showDraft(this.deps.prisma, u, actor.userId);
  }

  /** What the move form needs (organisers, while scheduling). */
  async movable(id: number, actor: Actor): Promise<{ unconference: UnconferenceView; proposals: ProposalView[]; draft: StoredAgenda }> {
    const u = await this.unconference(id);
    await this.requireOrganiser(u, actor, 'move sessions');
    if (u.phase !== 'scheduling' || !u.draft) throw new UnconferenceError(u.phase === 'published' ? 'The agenda is already published: it can no longer be changed.' : 'There is no draft yet: close voting first.');
    return { unconference: u, proposals: await proposalsOf(this.deps.prisma, id), draft: u.draft };
  }

  /**
   * An organiser moves a session to a slot and room: every session is pinned where it now is
   * (the one there swaps places), and people are assigned again by their dots.
   */
  async move(id: number, actor: Actor, move: Placement): Promise<UnconferenceView> {
    return this.deps.prisma.$transaction(async (tx) => {
      const u = await this.locked(tx, id, 'update');
      await this.requireOrganiser(u, actor, 'move sessions');
      if (u.phase !== 'scheduling' || !u.draft) throw new UnconferenceError('The agenda can be changed only between closing the vote and publishing it.');
      const proposals = await proposalsOf(tx, id);
      const hosts = new Map(proposals.map((p) => [p.id, p.hostId]));
      if (!hosts.has(move.topicId)) throw new UnconferenceError('That session is not in this unconference.');
      const moved = moveSession(u.draft.sessions, move, (topicId) => hosts.get(topicId) ?? '', { slots: u.slotStarts.length, rooms: u.rooms.length });
      if (!moved.ok) throw new UnconferenceError(moved.problem);
      const after = await this.redraft(tx, u, moved.value);
      await this.showDraft(tx, after, actor.userId);
      return after;
    }, DRAFTING);
  }

  /**
   * Publishes the draft: the agenda in the channel, a message per session for its notes, each
   * person's own agenda by DM, and a reminder job per slot; all in one transaction, once.
   */
  async publish(id: number, actor: Actor): Promise<{ unconference: UnconferenceView; people: number }> {
    return this.deps.prisma.$transaction(async (tx) => {
      const u = await this.locked(tx, id, 'update');
      await this.requireOrganiser(u, actor, 'publish the agenda');
      if (u.phase === 'published') throw new UnconferenceError('The agenda is already published.');
      if (u.phase !== 'scheduling' || !u.draft) throw new UnconferenceError('There is no draft to publish yet: close voting first.');
      const agenda = u.draft;
      const after = unconferenceView(await tx.unconference.update({ where: { id }, data: { phase: 'published', agenda, publishedAt: this.deps.now() } }));
      const proposals = await proposalsOf(tx, id);
      const channel = await this.channelOf(tx, u.communityId);
      const byId = new Map(proposals.map((p) => [p.id, p]));
      const people = [...new Set([...Object.keys(agenda.attendance), ...agenda.sessions.map((s) => byId.get(s.topicId)!.hostId)])].sort();
      const requests: OutboundRequest[] = [
        { key: agendaKey(id), to: { channel }, ...agendaMessage(after, proposals, agenda) },
        ...[...agenda.sessions].sort((a, b) => a.slot - b.slot || a.room - b.room).map((s) => ({ key: sessionKey(id, s.topicId), to: { channel }, ...sessionMessage(after, byId.get(s.topicId)!, s) })),
        ...people.map((person) => ({ key: personalKey(id, person), to: { users: [person] }, ...personalAgendaMessage(after, personalSchedule(after, proposals, agenda, person), this.deps.agendaUrl(id, person)) })),
      ];
      await this.deps.messages.sendMany(requests, tx);
      await this.deps.jobs.enqueue(slotReminderJobs(after, this.deps.now()), tx);
      await this.announce(tx, after, proposals);
      await this.showDraftPublished(tx, after, actor.userId);
      this.deps.logger.info({ unconferenceId: id, sessions: agenda.sessions.length, people: people.length }, 'unconference agenda published');
      return { unconference: after, people: people.length };
    }, DRAFTING);
  }

  /** A person's agenda as the calendar link serves it, once published. */
  async personal(id: number, personId: string): Promise<{ unconference: UnconferenceView; schedule: ReturnType<typeof personalSchedule> } | undefined> {
    const u = await findUnconference(this.deps.prisma, id);
    if (!u || u.phase !== 'published' || !u.agenda) return undefined;
    const proposals = await proposalsOf(this.deps.prisma, id);
    const schedule = personalSchedule(u, proposals, u.agenda, personId);
    return schedule.some((s) => s.topic) ? { unconference: u, schedule } : undefined;
  }

  // ── Inside ─────────────────────────────────────────────────────────────────────────────

  private async locked(tx: Tx, id: number, mode: 'share' | 'update'): Promise<UnconferenceView> {
    const u = await lockUnconference(tx, id, mode);
    if (!u) throw new UnconferenceError('This unconference no longer exists.');
    return u;
  }

  /** A deadline whose phase was moved on by hand stands down; a person is told. */
  private wrongPhase(by: By, problem: string): undefined {
    if ('actor' in by) throw new UnconferenceError(problem);
    return undefined;
  }

  /** Allocates with the pins, stores the draft (and the phase it comes with). */
  private async redraft(tx: Tx, u: UnconferenceView, pinned: Placement[]): Promise<UnconferenceView> {
    const [proposals, dots] = await Promise.all([
      tx.unconferenceProposal.findMany({ where: { unconferenceId: u.id }, select: { id: true, hostId: true }, orderBy: { id: 'asc' } }),
      tx.unconferenceDot.findMany({ where: { unconferenceId: u.id }, select: { personId: true, proposalId: true, count: true } }),
    ]);
    const draft = draftAgenda({ slots: u.slotStarts.length, rooms: u.rooms, proposals, dots, pinned });
    return unconferenceView(await tx.unconference.update({ where: { id: u.id }, data: { phase: u.phase, draft } }));
  }

  private async showDraft(db: Tx | PrismaClient, u: UnconferenceView, userId: string): Promise<void> {
    const proposals = await proposalsOf(db, u.id);
    await this.deps.messages.publish(draftKey(u.id, userId), { users: [userId] }, draftMessage(u, proposals, u.draft!), db);
  }

  /** The organiser's draft DM, once published: its buttons go. */
  private async showDraftPublished(tx: Tx, u: UnconferenceView, userId: string): Promise<void> {
    if (!(await this.deps.messages.exists(draftKey(u.id, userId)))) return;
    await this.deps.messages.update(draftKey(u.id, userId), { text: `The agenda of ${u.title} is published.`, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Published: the agenda is in the channel, and everyone has their own by DM.' } }] }, tx);
  }

  private async requireOrganiser(u: UnconferenceView, actor: Actor, action: string): Promise<void> {
    await this.deps.community.requireOrganiser(u.communityId, actor.userId, action);
  }

  private async channelOf(db: Tx, communityId: number): Promise<string> {
    const community = await db.community.findUniqueOrThrow({ where: { id: communityId }, select: { channelId: true } });
    return community.channelId;
  }

  /** The unconference message, rebuilt and edited in place. */
  private async announce(tx: Tx, u: UnconferenceView, proposals?: ProposalView[]): Promise<void> {
    const channel = await this.channelOf(tx, u.communityId);
    await this.deps.messages.publish(messageKey(u.id), { channel }, unconferenceMessage(u, proposals ?? (await proposalsOf(tx, u.id))), tx);
  }
}

const notAMember = (what: string) => `Only members of this community can ${what}. Join with \`/guild join\`.`;
const duplicateTitle = () => 'A session with this title is already proposed: vote for it, or give yours a title of its own.';
