import type { Actor } from '../../community/community.service';
import type { Roles } from '../../community/roles';
import type { PrismaClient } from '../../db/client';
import { EventsError } from './events.errors';
import { findEvent } from './events.store';
import type { EventView } from './events.types';

/** Below this many answers organisers see only how many answered: nobody's answer can be told apart. */
export const FEEDBACK_MIN_ANSWERS = 5;
export const COMMENT_MAX = 1000;

export type FeedbackSummary =
  | { event: EventView; answers: number; shown: false }
  | { event: EventView; answers: number; shown: true; average: number; counts: number[]; comments: string[] };

/**
 * Feedback after an event: one answer (1–5 and an optional comment) per attendee, changeable;
 * organisers see it only in aggregate, and only from five answers on. Comments are shown without
 * names, in a fixed order that does not follow who answered when.
 */
export class EventFeedback {
  constructor(private readonly deps: { prisma: PrismaClient; roles: Roles; now: () => Date }) {}

  async give(eventId: number, actor: Actor, answer: { score?: number; comment?: string }): Promise<{ event: EventView; score: number | undefined }> {
    const event = await findEvent(this.deps.prisma, eventId);
    if (!event || event.status === 'cancelled') throw new EventsError('This event was cancelled or no longer exists.');
    if (event.startsAt.getTime() > this.deps.now().getTime()) throw new EventsError('Feedback opens once the event has started.');
    const rsvp = await this.deps.prisma.eventRsvp.findUnique({ where: { eventId_personId: { eventId, personId: actor.userId } } });
    if (rsvp?.status !== 'going') throw new EventsError('Feedback is asked of the people who said they were going.');
    const comment = answer.comment?.trim() ? answer.comment.trim().slice(0, COMMENT_MAX) : undefined;
    const existing = await this.deps.prisma.eventFeedback.findUnique({ where: { eventId_personId: { eventId, personId: actor.userId } } });
    const score = answer.score ?? existing?.score;
    if (score === undefined) throw new EventsError('Pick a score from 1 to 5 first, then add your comment.');
    await this.deps.prisma.eventFeedback.upsert({
      where: { eventId_personId: { eventId, personId: actor.userId } },
      create: { eventId, personId: actor.userId, score, comment: comment ?? null },
      update: { score, ...(comment !== undefined ? { comment } : {}) },
    });
    return { event, score };
  }

  async summary(eventId: number, actor: Actor): Promise<FeedbackSummary> {
    const event = await findEvent(this.deps.prisma, eventId);
    if (!event) throw new EventsError('This event no longer exists.');
    const community = await this.deps.prisma.community.findUniqueOrThrow({ where: { id: event.communityId }, select: { teamId: true, channelId: true } });
    if (!(await this.deps.roles.isOrganiser(community, actor.userId))) throw new EventsError("Only the community's organisers see an event's feedback.");
    const rows = await this.deps.prisma.eventFeedback.findMany({ where: { eventId }, select: { score: true, comment: true } });
    if (rows.length < FEEDBACK_MIN_ANSWERS) return { event, answers: rows.length, shown: false };
    const counts = [1, 2, 3, 4, 5].map((s) => rows.filter((r) => r.score === s).length);
    const average = rows.reduce((sum, r) => sum + r.score, 0) / rows.length;
    const comments = rows.flatMap((r) => (r.comment ? [r.comment] : [])).sort((a, b) => a.localeCompare(b));
    return { event, answers: rows.length, shown: true, average, counts, comments };
  }
}
