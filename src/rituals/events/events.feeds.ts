import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { PrismaClient } from '../../db/client';
import type { Event, EventSeries } from '../../generated/prisma/client';
import { validateRecurrence } from '../../scheduler/recurrence';
import type { CalendarEvent, CalendarSeries } from './events.calendar';

/** How far back a feed reaches: last month's events stay in people's calendars. */
export const FEED_PAST_DAYS = 30;

/** 32 random bytes, base64url: 43 characters. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export interface CalendarFeedsDeps {
  prisma: PrismaClient;
  /** GUILD_SECRET: keys the per-event links. */
  secret: string;
  now: () => Date;
}

/**
 * Calendar feeds: a community's unguessable feed token (made on first use, replaced by
 * `rotate`, after which the old one finds nothing), per-event links signed with Guild's secret
 * (so sharing one event's link never shows the feed's token), and the reads a feed needs.
 */
export class CalendarFeeds {
  constructor(private readonly deps: CalendarFeedsDeps) {}

  /** The community's feed token, made on first use (two racing first uses get the same one). */
  async token(communityId: number): Promise<string> {
    const feed = await this.deps.prisma.calendarFeed.upsert({ where: { communityId }, create: { communityId, token: newToken() }, update: {} });
    return feed.token;
  }

  /** A new token for the community: the old one stops working at once. */
  async rotate(communityId: number): Promise<string> {
    const token = newToken();
    await this.deps.prisma.calendarFeed.upsert({ where: { communityId }, create: { communityId, token }, update: { token, rotatedAt: this.deps.now() } });
    return token;
  }

  /** The community a token is the feed of, or undefined (unknown, malformed or rotated away). */
  async communityFor(token: string): Promise<number | undefined> {
    if (!TOKEN_SHAPE.test(token)) return undefined;
    const feed = await this.deps.prisma.calendarFeed.findUnique({ where: { token }, select: { communityId: true } });
    return feed?.communityId;
  }

  /** The path of a community's feed. */
  feedPath(token: string): string {
    return `/calendar/${token}.ics`;
  }

  /** The path of one event's `.ics`, signed: anyone with the link gets that event and nothing else. */
  eventLink(eventId: number): string {
    return `/calendar/event/${eventId}.ics?sig=${this.signature(eventId)}`;
  }

  /** Whether `signature` is the one `eventLink` gives the event. */
  verifyEventLink(eventId: number, signature: string): boolean {
    const expected = Buffer.from(this.signature(eventId));
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private signature(eventId: number): string {
    return createHmac('sha256', this.deps.secret).update(`guild:calendar:event:${eventId}`).digest('base64url');
  }

  /**
   * A community's feed: its name and its events from FEED_PAST_DAYS ago on, with every
   * occurrence of each series any of them belongs to (a calendar's rule covers the whole series).
   */
  async feed(communityId: number): Promise<{ name: string; events: CalendarEvent[] } | undefined> {
    const community = await this.deps.prisma.community.findUnique({ where: { id: communityId }, select: { name: true } });
    if (!community) return undefined;
    const since = new Date(this.deps.now().getTime() - FEED_PAST_DAYS * 86_400_000);
    const recent = await this.deps.prisma.event.findMany({ where: { communityId, startsAt: { gte: since } }, include: { series: true } });
    const seriesIds = [...new Set(recent.flatMap((e) => (e.seriesId === null ? [] : [e.seriesId])))];
    const older = seriesIds.length === 0 ? [] : await this.deps.prisma.event.findMany({ where: { seriesId: { in: seriesIds }, startsAt: { lt: since } }, include: { series: true } });
    const rows = [...recent, ...older].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.id - b.id);
    return { name: community.name, events: await this.withHostNames(rows) };
  }

  /** One event for its own `.ics`, or undefined. */
  async event(eventId: number): Promise<CalendarEvent | undefined> {
    const row = await this.deps.prisma.event.findUnique({ where: { id: eventId }, include: { series: true } });
    return row ? (await this.withHostNames([row]))[0] : undefined;
  }

  private async withHostNames(rows: (Event & { series: EventSeries | null })[]): Promise<CalendarEvent[]> {
    const ids = [...new Set(rows.flatMap((r) => r.hosts))];
    const people = ids.length === 0 ? [] : await this.deps.prisma.person.findMany({ where: { id: { in: ids } }, select: { id: true, displayName: true } });
    const names = new Map(people.filter((p) => p.displayName !== '').map((p) => [p.id, p.displayName]));
    return rows.map((row) => calendarEventOf(row, row.hosts.flatMap((id) => names.get(id) ?? [])));
  }
}

function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** A stored event (and its series) as the calendar writes it. */
export function calendarEventOf(row: Event & { series: EventSeries | null }, hostNames: string[]): CalendarEvent {
  const { series, cancelledAt: _cancelledAt, feedbackAskedAt: _feedbackAskedAt, createdAt: _createdAt, ...view } = row;
  const calendarSeries = series ? seriesOf(series) : undefined;
  return { ...view, hostNames, ...(calendarSeries ? { series: calendarSeries } : {}) };
}

/** A series' stored rule, or undefined when it does not read as one (its rows are then one-offs). */
function seriesOf(series: EventSeries): CalendarSeries | undefined {
  const checked = validateRecurrence(series.recurrence);
  return checked.ok ? { recurrence: checked.value, untilDate: series.untilDate, count: series.count } : undefined;
}
