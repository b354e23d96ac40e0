import type { Logger } from 'pino';
import type { Actor, ChannelRef, CommunityService } from '../../community/community.service';
import { activeMembership } from '../../community/community.service';
import type { Prisma, PrismaClient } from '../../db/client';
import { isUniqueViolation } from '../../db/errors';
import type { Delivery } from '../../delivery/delivery';
import type { JobStore } from '../../scheduler/job-store';
import type { Schedules, ScheduleSummary } from '../../scheduler/schedules';
import { pollPseudonym } from './polls.anonymity';
import { PollsError } from './polls.errors';
import { closeJobKey, POLL_CLOSE_JOB, POLL_FIELDS, POLL_REMIND_JOB, pollMessageKey, pollReminderKey, pollResultsKey, remindJobKey, SCHEDULED_POLL_JOB } from './polls.ids';
import { pollMessage, reminderMessage, resultsMessage } from './polls.messages';
import type { PollsPort } from './polls.port';
import type { PollRequest } from './polls.quick';
import { PollRefresher } from './polls.refresh';
import { checkOptionText, optionKey, OPTIONS_MAX } from './polls.rules';
import { findPoll, lockPoll, lockRender, readState, type Tx } from './polls.store';
import { closingInstant, localInstant, pollRecurrence, reminderInstant, type Repeat } from './polls.timing';
import type { PollView } from './polls.types';
import { PollVotes } from './polls.votes';
import { clip } from '../../slack/kit/text';

export interface PollsDeps {
  prisma: PrismaClient;
  messages: Delivery;
  jobs: JobStore;
  schedules: Schedules;
  community: CommunityService;
  secret: string;
  logger: Logger;
  now: () => Date;
  /** Delay before a poll's message is re-rendered after a vote (coalescing a burst). Default 1 s. */
  refreshDelayMs?: number;
}

/** How a scheduled poll is made at each occurrence. */
export interface ScheduledPoll {
  teamId: string;
  channelId: string;
  request: PollRequest;
  createdBy: string;
}

const MINUTE = 60_000;

/**
 * Polls: made from the form, the quick syntax, the community's topics or a schedule; one message
 * in the channel edited in place; votes (polls.votes.ts); closed by time, by the creator or an
 * organiser, with a results message; a reminder to members who have not voted. Who may do what
 * is decided here: members make polls, organisers schedule them, the creator and organisers close.
 */
export class PollsService implements PollsPort {
  readonly votes: PollVotes;
  readonly refresher: PollRefresher;

  constructor(private readonly deps: PollsDeps) {
    this.refresher = new PollRefresher((pollId) => this.render(pollId), deps.logger, deps.refreshDelayMs);
    this.votes = new PollVotes({ prisma: deps.prisma, secret: deps.secret, now: deps.now, voted: (pollId) => this.refresher.request(pollId) });
  }

  vote: PollVotes['vote'] = (input) => this.votes.vote(input);

  /** A member opens a poll in the channel's community, now. */
  async create(channel: ChannelRef, actor: Actor, request: PollRequest): Promise<PollView> {
    const community = await this.deps.community.requireCommunity(channel);
    await this.requireMember(community.id, actor.userId, 'make polls');
    return this.deps.prisma.$transaction((tx) => this.insert(tx, { communityId: community.id, channelId: community.channelId, timeZone: community.timeZone, createdBy: actor.userId, request }));
  }

  /** The request for a topic-interest poll: multiple choice over the community's topics. */
  async topicsRequest(channel: ChannelRef): Promise<PollRequest> {
    const { community, topics } = await this.deps.community.topics(channel);
    if (topics.length < 2) throw new PollsError(`*${community.name}* has ${topics.length === 0 ? 'no topics' : 'one topic'} yet; a topic poll needs two or more. Organisers add them with \`/guild topics add testing, accessibility\`.`);
    if (topics.length > OPTIONS_MAX) throw new PollsError(`*${community.name}* has ${topics.length} topics; a poll holds at most ${OPTIONS_MAX} options. Make one with the quick syntax and the topics you want to ask about, e.g. \`/guild poll "Which topics?" "Testing" "Accessibility" multiple\`.`);
    const names = topics.map((t) => t.name);
    return { question: 'Which topics would you like the community to take up next?', options: names, kind: 'multiple', limit: Math.min(3, names.length), anonymous: false, hideResults: false, membersAddOptions: false };
  }

  /** An organiser schedules a poll to open at a local time in the community's zone, once or repeating. */
  async schedule(channel: ChannelRef, actor: Actor, request: PollRequest, opens: { local: string; repeat: Repeat }): Promise<ScheduleSummary> {
    const community = await this.deps.community.requireCommunity(channel);
    await this.deps.community.requireOrganiser(community.id, actor.userId, 'schedule polls');
    const opensAt = localInstant(opens.local, community.timeZone);
    if (!opensAt) throw new PollsError(`${opens.local} is not a date and time: write it as 2026-05-01T09:00 (the community's time, ${community.timeZone}).`, { field: POLL_FIELDS.openDate });
    if (opens.repeat === 'none' && opensAt.getTime() <= this.deps.now().getTime()) throw new PollsError('That opening time has passed: choose a later one.', { field: POLL_FIELDS.openDate });
    // Each occurrence closes as long after it opens as this one would.
    const closing = closingInstant(request.closes, community.timeZone, opensAt);
    if (!closing.ok) throw new PollsError(closing.problem, { field: POLL_FIELDS.closeDate });
    const reminder = reminderInstant(closing.value, request.remindMinutes, opensAt);
    if (!reminder.ok) throw new PollsError(reminder.problem, { field: POLL_FIELDS.remind });
    const stored: PollRequest = { ...request, ...(closing.value ? { closes: { kind: 'in', minutes: Math.round((closing.value.getTime() - opensAt.getTime()) / MINUTE) } } : {}) };
    const payload: ScheduledPoll = { teamId: channel.teamId, channelId: community.channelId, request: stored, createdBy: actor.userId };
    return this.deps.schedules.create({
      communityId: community.id,
      kind: SCHEDULED_POLL_JOB,
      name: `Poll: ${clip(request.question, 80)}`,
      recurrence: pollRecurrence(opens.local, community.timeZone, opens.repeat),
      payload: payload as unknown as Prisma.InputJsonObject,
      createdBy: actor.userId,
    });
  }

  /** One occurrence of a schedule opens its poll (once, however often the job runs). */
  async openScheduled(setup: ScheduledPoll, occurrenceKey: string): Promise<PollView | undefined> {
    const community = await this.deps.community.requireCommunity({ teamId: setup.teamId, channelId: setup.channelId });
    try {
      return await this.deps.prisma.$transaction((tx) => this.insert(tx, { communityId: community.id, channelId: community.channelId, timeZone: community.timeZone, createdBy: setup.createdBy, request: setup.request, occurrenceKey }));
    } catch (err) {
      if (isUniqueViolation(err)) return undefined;
      throw err;
    }
  }

  /** Stores the poll, queues its message, and arms its close and its reminder. */
  private async insert(tx: Tx, input: { communityId: number; channelId: string; timeZone: string; createdBy: string; request: PollRequest; occurrenceKey?: string }): Promise<PollView> {
    const { request } = input;
    const now = this.deps.now();
    const closing = closingInstant(request.closes, input.timeZone, now);
    if (!closing.ok) throw new PollsError(closing.problem, { field: POLL_FIELDS.closeDate });
    const reminder = reminderInstant(closing.value, request.remindMinutes, now);
    if (!reminder.ok) throw new PollsError(reminder.problem, { field: POLL_FIELDS.remind });
    if (request.topicId !== undefined && !(await tx.topic.findFirst({ where: { id: request.topicId, communityId: input.communityId } }))) throw new PollsError('That topic is not one of this community\'s any more: pick another.', { field: POLL_FIELDS.topic });
    const row = await tx.poll.create({
      data: {
        communityId: input.communityId,
        channelId: input.channelId,
        question: request.question,
        kind: request.kind,
        maxChoices: request.limit,
        anonymous: request.anonymous,
        hideResults: request.hideResults,
        membersAddOptions: request.membersAddOptions,
        topicId: request.topicId ?? null,
        closesAt: closing.value ?? null,
        remindLeadMinutes: request.remindMinutes ?? null,
        timeZone: input.timeZone,
        createdBy: input.createdBy,
        occurrenceKey: input.occurrenceKey ?? null,
        options: { create: request.options.map((text, position) => ({ text, key: optionKey(text), position })) },
      },
    });
    const poll = (await findPoll(tx, row.id))!;
    await this.deps.messages.publish(pollMessageKey(poll.id), { channel: poll.channelId }, pollMessage(await readState(tx, poll)), tx);
    await this.deps.jobs.enqueue(
      [
        ...(closing.value ? [{ key: closeJobKey(poll.id), kind: POLL_CLOSE_JOB, payload: { pollId: poll.id }, runAt: closing.value }] : []),
        ...(reminder.value ? [{ key: remindJobKey(poll.id), kind: POLL_REMIND_JOB, payload: { pollId: poll.id }, runAt: reminder.value }] : []),
      ],
      tx,
    );
    return poll;
  }

  async poll(pollId: number): Promise<PollView> {
    const poll = await findPoll(this.deps.prisma, pollId);
    if (!poll) throw new PollsError('This poll no longer exists.');
    return poll;
  }

  /**
   * Closes the poll: by its creator or an organiser (`by`), or at its closing time (no `by`).
   * Waits for the votes in flight, then renders the final message and posts the results.
   */
  async close(pollId: number, by?: string): Promise<PollView> {
    return this.deps.prisma.$transaction(async (tx) => {
      const poll = await lockPoll(tx, pollId);
      if (!poll) throw new PollsError('This poll no longer exists.');
      if (poll.status === 'closed') {
        if (by) throw new PollsError('This poll is already closed; its results are in the channel.');
        return poll;
      }
      if (by && by !== poll.createdBy && (await activeMembership(tx, poll.communityId, by))?.role !== 'organiser') {
        throw new PollsError(`Only the poll's creator, <@${poll.createdBy}>, or an organiser can close it.`);
      }
      await tx.poll.update({ where: { id: pollId }, data: { status: 'closed', closedAt: this.deps.now(), closedBy: by ?? null } });
      const closed = (await findPoll(tx, pollId))!;
      await lockRender(tx, pollId);
      const state = await readState(tx, closed);
      await this.deps.messages.publish(pollMessageKey(pollId), { channel: closed.channelId }, pollMessage(state), tx);
      await this.deps.messages.send({ key: pollResultsKey(pollId), to: { channel: closed.channelId }, ...resultsMessage(state) }, tx);
      return closed;
    }, BUSY_POLL);
  }

  /** Re-renders the poll's message from the votes committed so far (after votes; see PollRefresher). */
  async render(pollId: number): Promise<void> {
    await this.deps.prisma.$transaction(async (tx) => {
      await lockRender(tx, pollId);
      const poll = await findPoll(tx, pollId);
      if (!poll) return;
      await this.deps.messages.publish(pollMessageKey(pollId), { channel: poll.channelId }, pollMessage(await readState(tx, poll)), tx);
    }, BUSY_POLL);
  }

  /** A member adds an option to an open poll that takes them (its creator and organisers always may). */
  async addOption(input: { pollId: number; text: string; by: string }): Promise<void> {
    const checked = checkOptionText(input.text);
    if (!checked.ok) throw new PollsError(checked.problem);
    await this.deps.prisma.$transaction(async (tx) => {
      const poll = await lockPoll(tx, input.pollId);
      if (!poll) throw new PollsError('This poll no longer exists.');
      if (poll.status !== 'open') throw new PollsError('This poll is closed, so it takes no new options.');
      const membership = await activeMembership(tx, poll.communityId, input.by);
      const manager = input.by === poll.createdBy || membership?.role === 'organiser';
      if (!poll.membersAddOptions && !manager) throw new PollsError('This poll does not take new options from members.');
      if (!membership && !manager) throw new PollsError('Only members of this community can add options. Join with `/guild join`.');
      if (poll.options.length >= OPTIONS_MAX) throw new PollsError(`This poll has ${OPTIONS_MAX} options, the most a poll holds.`);
      const key = optionKey(checked.value);
      const same = poll.options.find((o) => optionKey(o.text) === key);
      if (same) throw new PollsError(`"${same.text}" is an option already.`);
      const position = Math.max(-1, ...poll.options.map((o) => o.position)) + 1;
      await tx.pollOption.create({ data: { pollId: poll.id, text: checked.value, key, position, addedBy: poll.anonymous ? null : input.by } });
      await lockRender(tx, poll.id);
      const updated = (await findPoll(tx, poll.id))!;
      await this.deps.messages.publish(pollMessageKey(poll.id), { channel: poll.channelId }, pollMessage(await readState(tx, updated)), tx);
    }, BUSY_POLL);
  }

  async openForOptions(communityId: number, limit: number): Promise<{ id: number; question: string }[]> {
    return this.deps.prisma.poll.findMany({ where: { communityId, status: 'open', membersAddOptions: true }, orderBy: { id: 'desc' }, take: limit, select: { id: true, question: true } });
  }

  /** Active members of the community who have not voted (an anonymous poll is asked through pseudonyms). */
  async notVoted(pollId: number): Promise<{ poll: PollView; userIds: string[] }> {
    const poll = await this.poll(pollId);
    const members = await this.deps.prisma.membership.findMany({ where: { communityId: poll.communityId, leftAt: null, person: { deactivatedAt: null } }, select: { personId: true }, orderBy: { personId: 'asc' } });
    const keyOf = (userId: string) => (poll.anonymous ? pollPseudonym(this.deps.secret, poll.id, userId) : userId);
    const voted = await this.deps.prisma.pollVote.findMany({ where: { pollId, voterKey: { in: members.map((m) => keyOf(m.personId)) } }, distinct: ['voterKey'], select: { voterKey: true } });
    const done = new Set(voted.map((v) => v.voterKey));
    return { poll, userIds: members.map((m) => m.personId).filter((id) => !done.has(keyOf(id))) };
  }

  /** The reminder, once: a DM to each member who has not voted, while the poll is open. */
  async remind(pollId: number): Promise<number> {
    const { poll, userIds } = await this.notVoted(pollId);
    if (poll.status !== 'open') return 0;
    await this.deps.messages.sendMany(userIds.map((userId) => ({ key: pollReminderKey(pollId, userId), to: { users: [userId] }, ...reminderMessage(poll) })));
    return userIds.length;
  }

  private async requireMember(communityId: number, userId: string, what: string): Promise<void> {
    if (!(await activeMembership(this.deps.prisma, communityId, userId))) throw new PollsError(`Only members of this community can ${what}. Join with \`/guild join\`.`);
  }
}

/** Changes to one poll queue on its lock: a rush waits its turn rather than failing. */
const BUSY_POLL = { maxWait: 10_000, timeout: 20_000 };
