import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Logger } from 'pino';
import type { Actor, ChannelRef, CommunityService } from '../../community/community.service';
import { activeMembership } from '../../community/community.service';
import type { Roles } from '../../community/roles';
import type { Prisma, PrismaClient } from '../../db/client';
import type { Delivery } from '../../delivery/delivery';
import type { JobStore } from '../../scheduler/job-store';
import { listeners, matchFor } from './events.audience';
import { EventsError } from './events.errors';
import { announcementKey, type RsvpAnswer } from './events.ids';
import { announcementMessage, cancelledMessage, changedMessage, suggestionMessage } from './events.messages';
import { feedbackJob, reminderJobs } from './events.reminders';
import { promoteFromWaitlist, recordRsvp, type RsvpOutcome } from './events.rsvp';
import { eventView, findEvent, interested, lockEvent, rsvpCounts, type Tx } from './events.store';
import type { EventDraft, EventsPort, EventView, SeriesDraft } from './events.types';

/** Expands a series from its first start into its occurrences (events.occurrences.ts). */
export type ExpandSeries = (first: { startsAt: Date; timeZone: string }, series: SeriesDraft) => { occurrences: { startsAt: Date; originalStart: Date }[]; capped: boolean; notes: string[] };

export interface EventsDeps {
  prisma: PrismaClient;
  messages: Delivery;
  jobs: JobStore;
  roles: Roles;
  community: CommunityService;
  logger: Logger;
  now: () => Date;
  expandSeries: ExpandSeries;
  /** The signed .ics link of one event, once Guild knows its public address. */
  calendarUrl(eventId: number): string | undefined;
}

/** An event and what the person who asked can do with it. */
export interface UpcomingEvent {
  event: EventView;
  mine: RsvpAnswer | 'waitlisted' | 'host' | undefined;
  going: number;
}

const MINUTE = 60_000;
/** Answers to one event queue on its lock: a popular event's rush waits its turn rather than failing. */
const BUSY_EVENT = { maxWait: 10_000, timeout: 20_000 };
const endOf = (e: Pick<EventView, 'startsAt' | 'durationMinutes'>) => new Date(e.startsAt.getTime() + e.durationMinutes * MINUTE);

/**
 * Events: created from the form (or by a book club), announced once in the community channel and
 * edited in place as people answer, reminded at each lead time, changed or cancelled with the
 * people who answered told. Who may do what is decided here: any active member creates; the
 * creator, the hosts and the organisers edit and cancel.
 */
export class EventsService implements EventsPort {
  constructor(private readonly deps: EventsDeps) {}

  /** A member creates an event (or a series) in the channel's community. */
  async create(channel: ChannelRef, actor: Actor, draft: EventDraft): Promise<{ events: EventView[]; notes: string[] }> {
    const community = await this.deps.community.requireCommunity(channel);
    if (!(await activeMembership(this.deps.prisma, community.id, actor.userId))) throw new EventsError('Only members of this community can create its events. Join with `/guild join`.');
    return this.deps.prisma.$transaction((tx) => this.insert(tx, { communityId: community.id, createdBy: actor.userId, draft }));
  }

  async schedule(input: { communityId: number; createdBy: string; draft: EventDraft }, db?: Tx): Promise<EventView[]> {
    const run = async (tx: Tx) => (await this.insert(tx, input)).events;
    return db ? run(db) : this.deps.prisma.$transaction(run);
  }

  /** Stores the occurrences, queues their announcements, arms their reminders and tells interested members. */
  private async insert(tx: Tx, input: { communityId: number; createdBy: string; draft: EventDraft }): Promise<{ events: EventView[]; notes: string[] }> {
    const { draft } = input;
    const community = await tx.community.findUniqueOrThrow({ where: { id: input.communityId } });
    const expanded = draft.series ? this.deps.expandSeries({ startsAt: draft.startsAt, timeZone: draft.timeZone }, draft.series) : { occurrences: [{ startsAt: draft.startsAt, originalStart: null }], notes: [] };
    const series = draft.series ? await tx.eventSeries.create({ data: seriesRow(input.communityId, draft.series) }) : undefined;
    const rows = await tx.event.createManyAndReturn({
      data: expanded.occurrences.map((o) => ({ ...eventRow(draft), communityId: input.communityId, createdBy: input.createdBy, seriesId: series?.id ?? null, startsAt: o.startsAt, originalStart: o.originalStart, uid: `${randomUUID()}@guild` })),
    });
    const events = rows.map(eventView).sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
    const empty = { going: [], maybe: [], notGoing: 0, waitlisted: [] };
    // A series is announced one occurrence at a time: each when the one before it ends.
    await this.deps.messages.sendMany(
      events.map((e, i) => ({ key: announcementKey(e.id), to: { channel: community.channelId }, ...announcementMessage(e, empty, this.deps.calendarUrl(e.id)), ...(i > 0 ? { at: endOf(events[i - 1]!) } : {}) })),
      tx,
    );
    const now = this.deps.now();
    await this.deps.jobs.enqueue(events.flatMap((e) => [...reminderJobs(e, now), feedbackJob(e)]), tx);
    await this.suggest(tx, community, events[0]!);
    return { events, notes: expanded.notes };
  }

  /** Tells members who opted in and whose interests and level match, once per new event (or series). */
  private async suggest(tx: Tx, community: { id: number; name: string }, event: EventView): Promise<void> {
    if (event.topics.length === 0) return;
    const audience = await listeners(tx, community.id, [event.createdBy, ...event.hosts]);
    const requests = audience.flatMap((listener) => {
      const why = matchFor(event, listener);
      return why ? [{ key: `event:${event.id}:suggested:${listener.personId}`, to: { users: [listener.personId] }, ...suggestionMessage(event, community.name, why) }] : [];
    });
    await this.deps.messages.sendMany(requests, tx);
  }

  async event(eventId: number): Promise<EventView> {
    const event = await findEvent(this.deps.prisma, eventId);
    if (!event) throw new EventsError('This event no longer exists.');
    return event;
  }

  /** What the event form offers in the channel's community: its topics and its time zone. */
  async formContext(channel: ChannelRef): Promise<{ communityId: number; topics: string[]; timeZone: string }> {
    const community = await this.deps.community.requireCommunity(channel);
    const topics = await this.deps.prisma.topic.findMany({ where: { communityId: community.id }, orderBy: { name: 'asc' }, select: { name: true } });
    return { communityId: community.id, topics: topics.map((t) => t.name), timeZone: community.timeZone };
  }

  /** The event as its manager may edit it; refuses anyone else. */
  async editable(eventId: number, actor: Actor): Promise<{ event: EventView; topics: string[]; timeZone: string }> {
    const event = await findEvent(this.deps.prisma, eventId);
    if (!event || event.status === 'cancelled') throw new EventsError('This event was cancelled or no longer exists.');
    await this.requireManager(event, actor, 'edit it');
    const topics = await this.deps.prisma.topic.findMany({ where: { communityId: event.communityId }, orderBy: { name: 'asc' }, select: { name: true } });
    const community = await this.deps.prisma.community.findUniqueOrThrow({ where: { id: event.communityId }, select: { timeZone: true } });
    return { event, topics: topics.map((t) => t.name), timeZone: community.timeZone };
  }

  /**
   * Changes one event. A new start re-arms its reminders (the old ones see the change and stand
   * down) and tells everyone who answered; if it moved to another day, their answers are asked
   * again. More places move people up from the waitlist.
   */
  async update(eventId: number, actor: Actor, draft: EventDraft): Promise<EventView> {
    return this.deps.prisma.$transaction(async (tx) => {
      const before = await lockEvent(tx, eventId);
      if (!before || before.status === 'cancelled') throw new EventsError('This event was cancelled or no longer exists.');
      await this.requireManager(before, actor, 'edit it');
      if (endOf(before).getTime() <= this.deps.now().getTime()) throw new EventsError('This event is over; it can no longer be changed.');
      const { series: _series, ...fields } = draft;
      const after = eventView(await tx.event.update({ where: { id: eventId }, data: { ...eventRow(fields), startsAt: draft.startsAt, sequence: { increment: 1 } } }));
      const moved = before.startsAt.getTime() !== after.startsAt.getTime();
      const dayMoved = localDate(before, after.timeZone) !== localDate(after, after.timeZone);
      if (dayMoved) await tx.eventRsvp.updateMany({ where: { eventId, status: { not: 'not_going' } }, data: { reconfirm: true } });
      await this.deps.jobs.enqueue([...reminderJobs(after, this.deps.now()), feedbackJob(after)], tx);
      await promoteFromWaitlist(tx, this.deps.messages, after);
      if (moved || before.place !== after.place) await this.tellInterested(tx, after, `changed:${after.sequence}`, changedMessage(after, before, dayMoved));
      await this.announce(tx, after);
      return after;
    });
  }

  /** An organiser, host or the creator cancels one event, or it and the later ones of its series. */
  async cancelAs(actor: Actor, eventId: number, options: { reason?: string; later?: boolean }): Promise<number> {
    const event = await findEvent(this.deps.prisma, eventId);
    if (!event) throw new EventsError('This event no longer exists.');
    await this.requireManager(event, actor, 'cancel it');
    const ids = options.later && event.seriesId ? await this.laterInSeries(event) : [event.id];
    await this.deps.prisma.$transaction(async (tx) => {
      for (const id of ids) await this.cancelIn(tx, id, actor.userId, options.reason);
    });
    return ids.length;
  }

  async cancel(input: { eventId: number; by: string; reason?: string }, db?: Tx): Promise<void> {
    if (db) return this.cancelIn(db, input.eventId, input.by, input.reason);
    await this.deps.prisma.$transaction((tx) => this.cancelIn(tx, input.eventId, input.by, input.reason));
  }

  private async laterInSeries(event: EventView): Promise<number[]> {
    const later = await this.deps.prisma.event.findMany({ where: { seriesId: event.seriesId, status: 'scheduled', startsAt: { gte: event.startsAt } }, select: { id: true } });
    return later.map((e) => e.id);
  }

  /** Cancels under the event's lock: once, however many clicks; reminders stand down by themselves. */
  private async cancelIn(tx: Tx, eventId: number, by: string, reason: string | undefined): Promise<void> {
    const event = await lockEvent(tx, eventId);
    if (!event || event.status === 'cancelled') return;
    const cancelled = eventView(await tx.event.update({ where: { id: eventId }, data: { status: 'cancelled', cancelledAt: this.deps.now(), sequence: { increment: 1 } } }));
    this.deps.logger.info({ eventId, by }, 'event cancelled');
    await this.tellInterested(tx, cancelled, 'cancelled', cancelledMessage(cancelled, reason));
    await this.announce(tx, cancelled);
  }

  async setHosts(input: { eventId: number; hosts: string[] }, db?: Tx): Promise<void> {
    const run = async (tx: Tx) => {
      const event = await lockEvent(tx, input.eventId);
      if (!event || event.status === 'cancelled') throw new EventsError('This event was cancelled or no longer exists.');
      await this.announce(tx, eventView(await tx.event.update({ where: { id: input.eventId }, data: { hosts: input.hosts, sequence: { increment: 1 } } })));
    };
    await (db ? run(db) : this.deps.prisma.$transaction(run));
  }

  async attendance(eventIds: number[]): Promise<Map<number, { going: string[]; maybe: string[]; feedback: number }>> {
    const [rsvps, feedback] = await Promise.all([
      this.deps.prisma.eventRsvp.findMany({ where: { eventId: { in: eventIds }, status: { in: ['going', 'maybe'] }, reconfirm: false }, select: { eventId: true, personId: true, status: true } }),
      this.deps.prisma.eventFeedback.groupBy({ by: ['eventId'], where: { eventId: { in: eventIds } }, _count: { _all: true } }),
    ]);
    const result = new Map(eventIds.map((id) => [id, { going: [] as string[], maybe: [] as string[], feedback: 0 }]));
    for (const r of rsvps) result.get(r.eventId)?.[r.status === 'going' ? 'going' : 'maybe'].push(r.personId);
    for (const f of feedback) result.get(f.eventId)!.feedback = f._count._all;
    return result;
  }

  /** One person's answer; the announcement shows it at once (edited in place). */
  async rsvp(eventId: number, actor: Actor, answer: RsvpAnswer): Promise<{ event: EventView; outcome: RsvpOutcome }> {
    return this.deps.prisma.$transaction(async (tx) => {
      const result = await recordRsvp(tx, this.deps.messages, { eventId, actor, answer, now: this.deps.now() });
      if (result.outcome.kind === 'answered') await this.announce(tx, result.event);
      return result;
    }, BUSY_EVENT);
  }

  /** What is coming in the channel's community, soonest first, with the person's own answers. */
  async upcoming(channel: ChannelRef, actor: Actor, limit = 15): Promise<{ communityName: string; events: UpcomingEvent[]; more: number }> {
    const community = await this.deps.community.requireCommunity(channel);
    const now = this.deps.now();
    const where = { communityId: community.id, status: 'scheduled' as const, startsAt: { gt: now } };
    const [rows, total] = await Promise.all([this.deps.prisma.event.findMany({ where, orderBy: { startsAt: 'asc' }, take: limit, include: { rsvps: true } }), this.deps.prisma.event.count({ where })]);
    const events = rows.map((row) => {
      const own = row.rsvps.find((r) => r.personId === actor.userId && !r.reconfirm);
      const mine: UpcomingEvent['mine'] = row.hosts.includes(actor.userId) ? 'host' : own?.status;
      return { event: eventView(row), mine, going: row.rsvps.filter((r) => r.status === 'going' && !r.reconfirm).length };
    });
    return { communityName: community.name, events, more: Math.max(0, total - rows.length) };
  }

  /**
   * The next events of the communities the person belongs to in this workspace, for the App
   * Home: soonest first, whether or not they answered, with their own answer (an answer asked
   * again after a move counts as none) and whether they host. Small indexed reads: their
   * memberships (by person); the next ids of each community (one index range, `limit` rows per
   * community, never all its future events); those events with the person's answer; and the
   * "going" counts of those events alone (a relation count would group every answer).
   */
  async nextFor(actor: Actor, limit = 3): Promise<UpcomingEvent[]> {
    const memberships = await this.deps.prisma.membership.findMany({ where: { personId: actor.userId, leftAt: null, community: { teamId: actor.teamId } }, select: { communityId: true } });
    if (memberships.length === 0) return [];
    const next = await this.deps.prisma.$queryRaw<{ id: number }[]>`
      SELECT e.id FROM unnest(${memberships.map((m) => m.communityId)}::int[]) AS c(id)
      CROSS JOIN LATERAL (
        SELECT id, "startsAt" FROM "Event"
        WHERE "communityId" = c.id AND "startsAt" > ${this.deps.now()}::timestamp AND status = 'scheduled'
        ORDER BY "startsAt", id LIMIT ${limit}
      ) AS e
      ORDER BY e."startsAt", e.id LIMIT ${limit}`;
    const ids = next.map((n) => n.id);
    const [rows, going] = await Promise.all([
      this.deps.prisma.event.findMany({ where: { id: { in: ids } }, include: { rsvps: { where: { personId: actor.userId, reconfirm: false } } } }),
      this.deps.prisma.eventRsvp.groupBy({ by: ['eventId'], where: { eventId: { in: ids }, status: 'going', reconfirm: false }, _count: { _all: true } }),
    ]);
    return ids.flatMap((id) => {
      const row = rows.find((r) => r.id === id);
      if (!row) return [];
      const mine: UpcomingEvent['mine'] = row.hosts.includes(actor.userId) ? 'host' : row.rsvps[0]?.status;
      return [{ event: eventView(row), mine, going: going.find((g) => g.eventId === id)?._count._all ?? 0 }];
    });
  }

  /** The announcement, rebuilt from the stored state and edited in place. */
  private async announce(tx: Tx, event: EventView): Promise<void> {
    const community = await tx.community.findUniqueOrThrow({ where: { id: event.communityId }, select: { channelId: true } });
    await this.deps.messages.publish(announcementKey(event.id), { channel: community.channelId }, announcementMessage(event, await rsvpCounts(tx, event.id), this.deps.calendarUrl(event.id)), tx);
  }

  private async tellInterested(tx: Tx, event: EventView, what: string, content: { text: string; blocks?: import('@slack/types').KnownBlock[] }): Promise<void> {
    const people = await interested(tx, event.id);
    await this.deps.messages.sendMany(people.map((userId) => ({ key: `event:${event.id}:${what}:${userId}`, to: { users: [userId] }, ...content })), tx);
  }

  private async requireManager(event: EventView, actor: Actor, what: string): Promise<void> {
    if (event.createdBy === actor.userId || event.hosts.includes(actor.userId)) return;
    const community = await this.deps.prisma.community.findUniqueOrThrow({ where: { id: event.communityId }, select: { teamId: true, channelId: true } });
    if (await this.deps.roles.isOrganiser(community, actor.userId)) return;
    throw new EventsError(`Only the event's creator, its hosts and the community's organisers can ${what}.`);
  }
}

function localDate(event: Pick<EventView, 'startsAt'>, zone: string): string {
  return DateTime.fromJSDate(event.startsAt, { zone }).toISODate() ?? '';
}

function eventRow(draft: Omit<EventDraft, 'series'>): Omit<Prisma.EventCreateManyInput, 'communityId' | 'createdBy' | 'uid' | 'startsAt'> {
  return {
    kind: draft.kind,
    title: draft.title,
    description: draft.description,
    level: draft.level,
    topics: draft.topics,
    hosts: draft.hosts,
    guestHost: draft.guestHost,
    durationMinutes: draft.durationMinutes,
    timeZone: draft.timeZone,
    place: draft.place,
    capacity: draft.capacity,
    reminderLeads: draft.reminderLeads,
  };
}

function seriesRow(communityId: number, series: SeriesDraft): Prisma.EventSeriesUncheckedCreateInput {
  const end = series.end;
  return { communityId, recurrence: { ...series.recurrence }, untilDate: end && 'untilDate' in end ? end.untilDate : null, count: end && 'count' in end ? end.count : null };
}
