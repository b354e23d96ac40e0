import { CalendarFeeds, FEED_PAST_DAYS } from '../../../src/rituals/events/events.feeds';
import { useTestDatabase } from '../../support/database';
import { insertEvent, insertSeries } from '../../support/event-rows';

const NOW = new Date('2026-03-20T12:00:00Z');
const DAY = 86_400_000;

describe('CalendarFeeds (Postgres)', () => {
  const db = useTestDatabase();
  let feeds: CalendarFeeds;
  let design: number;
  let research: number;

  beforeEach(async () => {
    feeds = new CalendarFeeds({ prisma: db.prisma, secret: 'feeds-test-secret-0123456789abcdef', now: () => NOW });
    design = (await db.prisma.community.create({ data: { teamId: 'T1', channelId: 'C1', name: 'Design', createdBy: 'U0ADA' } })).id;
    research = (await db.prisma.community.create({ data: { teamId: 'T1', channelId: 'C2', name: 'Research', createdBy: 'U0ADA' } })).id;
  });

  it('makes a token on first use (32 random bytes, base64url) and gives the same one after', async () => {
    const first = await feeds.token(design);
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(first, 'base64url')).toHaveLength(32);
    expect(await feeds.token(design)).toBe(first);
    expect(await feeds.token(research)).not.toBe(first);
    expect(await feeds.communityFor(first)).toBe(design);
  });

  it('gives racing first uses one token', async () => {
    const tokens = await Promise.all(Array.from({ length: 6 }, () => feeds.token(design)));
    expect(new Set(tokens).size).toBe(1);
    expect(await db.prisma.calendarFeed.count()).toBe(1);
  });

  it('rotates: the old token finds nothing at once, the new one finds the community', async () => {
    const old = await feeds.token(design);
    const fresh = await feeds.rotate(design);
    expect(fresh).not.toBe(old);
    expect(await feeds.communityFor(old)).toBeUndefined();
    expect(await feeds.communityFor(fresh)).toBe(design);
    expect(await feeds.token(design)).toBe(fresh);
    expect((await db.prisma.calendarFeed.findUniqueOrThrow({ where: { communityId: design } })).rotatedAt).toEqual(NOW);
  });

  it('finds nothing for unknown or malformed tokens', async () => {
    await feeds.token(design);
    expect(await feeds.communityFor('A'.repeat(43))).toBeUndefined();
    expect(await feeds.communityFor('')).toBeUndefined();
    expect(await feeds.communityFor("x' OR 1=1 --")).toBeUndefined();
  });

  it('signs event links: the link verifies for its event only', () => {
    const link = feeds.eventLink(42);
    const sig = new URL(link, 'http://x').searchParams.get('sig')!;
    expect(link).toBe(`/calendar/event/42.ics?sig=${sig}`);
    expect(feeds.verifyEventLink(42, sig)).toBe(true);
    expect(feeds.verifyEventLink(43, sig)).toBe(false);
    expect(feeds.verifyEventLink(42, `${sig.slice(0, -1)}${sig.endsWith('A') ? 'B' : 'A'}`)).toBe(false);
    expect(feeds.verifyEventLink(42, '')).toBe(false);
    const other = new CalendarFeeds({ prisma: db.prisma, secret: 'another-secret-0123456789abcdefghij', now: () => NOW });
    expect(other.verifyEventLink(42, sig)).toBe(false);
  });

  it('reads a feed: events from 30 days ago on, every row of their series, host names; not other communities', async () => {
    await db.prisma.person.create({ data: { id: 'U0ADA', teamId: 'T1', displayName: 'Ada' } });
    const recent = await insertEvent(db.prisma, { communityId: design, title: 'Recent', startsAt: new Date(NOW.getTime() - (FEED_PAST_DAYS - 1) * DAY), timeZone: 'Europe/Berlin', hosts: ['U0ADA', 'U0NOBODY'] });
    await insertEvent(db.prisma, { communityId: design, title: 'Too old', startsAt: new Date(NOW.getTime() - (FEED_PAST_DAYS + 1) * DAY), timeZone: 'Europe/Berlin' });
    await insertEvent(db.prisma, { communityId: research, title: 'Elsewhere', startsAt: NOW, timeZone: 'Europe/Berlin' });
    // Weekly from early January: its first rows are older than the window, its last ones in it.
    const { rows } = await insertSeries(db.prisma, {
      communityId: design,
      recurrence: { kind: 'weekly', weekdays: ['tu'], time: '18:00', timeZone: 'Europe/Berlin' },
      count: 12,
      locals: ['01-06', '01-13', '01-20', '01-27', '02-03', '02-10', '02-17', '02-24', '03-03', '03-10', '03-17', '03-24'].map((day) => `2026-${day}T18:00`),
    });

    const feed = await feeds.feed(design);
    expect(feed?.name).toBe('Design');
    const titles = feed!.events.map((e) => e.title);
    expect(titles).toContain('Recent');
    expect(titles).not.toContain('Too old');
    expect(titles).not.toContain('Elsewhere');
    const occurrences = feed!.events.filter((e) => e.seriesId !== null);
    expect(occurrences.map((e) => e.id)).toEqual(rows.map((r) => r.id));
    expect(occurrences[0]!.series).toEqual({ recurrence: { kind: 'weekly', weekdays: ['tu'], time: '18:00', timeZone: 'Europe/Berlin' }, untilDate: null, count: 12 });
    expect(feed!.events.find((e) => e.id === recent.id)!.hostNames).toEqual(['Ada']);
    expect(await feeds.feed(999_999)).toBeUndefined();
  });

  it('reads one event with its series', async () => {
    const { rows } = await insertSeries(db.prisma, { communityId: design, recurrence: { kind: 'monthly-nth-weekday', nth: 2, weekday: 'tu', time: '19:00', timeZone: 'America/New_York' }, count: 2, locals: ['2026-04-14T19:00', '2026-05-12T19:00'] });
    const event = await feeds.event(rows[1]!.id);
    expect(event).toMatchObject({ id: rows[1]!.id, uid: rows[1]!.uid, timeZone: 'America/New_York', series: { count: 2 } });
    expect(await feeds.event(999_999)).toBeUndefined();
  });
});
