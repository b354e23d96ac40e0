import { CalendarFeeds } from '../../src/rituals/events/events.feeds';
import { insertEvent, insertSeries } from '../support/event-rows';
import { guildReply, useHarness, type Transport } from '../support/guild-harness';
import { parseCalendar } from '../support/ical';

/** The harness's GUILD_SECRET: the test signs event links as Guild does. */
const HARNESS_SECRET = 'e2e-anonymity-secret-0123456789abcdef';

describe.each<Transport>(['http', 'socket'])('calendar feeds over %s', (transport) => {
  const h = useHarness(transport);

  const feedUrlIn = (reply: string) => {
    const url = /(http:\/\/\S+\/calendar\/[A-Za-z0-9_-]{43}\.ics)/.exec(reply)?.[1];
    if (!url) throw new Error(`no feed URL in: ${reply}`);
    return url;
  };

  async function community() {
    await guildReply(h, h.users.ada, 'setup Design guild');
    return h.db.prisma.community.findFirstOrThrow();
  }

  it('serves the feed from the link /guild calendar gives, with zones and recurrence intact', async () => {
    const { id: communityId } = await community();
    const { rows } = await insertSeries(h.db.prisma, {
      communityId,
      recurrence: { kind: 'weekly', weekdays: ['tu'], time: '18:00', timeZone: 'Europe/Berlin' },
      count: 4,
      title: 'Crit, weekly',
      locals: ['2099-03-17T18:00', '2099-03-24T18:00', '2099-03-31T18:00', '2099-04-07T18:00'],
    });
    const talk = await insertEvent(h.db.prisma, { communityId, title: 'Talk', startsAt: new Date('2099-03-12T17:30:00Z'), timeZone: 'America/New_York', place: 'https://meet.example.com/x' });

    const reply = await guildReply(h, h.users.grace, 'calendar');
    expect(reply).toContain('Google Calendar');
    const url = feedUrlIn(reply);
    expect(url.startsWith(`${h.guild.url}/calendar/`)).toBe(true);

    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const parsed = parseCalendar(await response.text());
    expect(parsed.timezones.sort()).toEqual(['America/New_York', 'Europe/Berlin']);
    const tuesdays = parsed.occurrences(`series-${rows[0]!.uid}`);
    expect(tuesdays.map((o) => o.start)).toEqual(rows.map((r) => r.startsAt));
    expect(tuesdays.every((o) => o.local.endsWith('T18:00:00') && o.summary === 'Crit, weekly')).toBe(true);
    expect(parsed.occurrences(talk.uid)).toEqual([expect.objectContaining({ local: '2099-03-12T13:30:00', tzid: 'America/New_York' })]);

    const head = await fetch(url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(await head.text()).toBe('');

    // The token is a password: no log line carries it.
    const token = /\/calendar\/([^/]+)\.ics$/.exec(url)![1]!;
    expect(JSON.stringify(h.logs)).not.toContain(token);
  });

  it('answers 404 for an unknown token, and rotating makes the old link 404 at once (organisers only)', async () => {
    await community();
    const old = feedUrlIn(await guildReply(h, h.users.grace, 'calendar'));
    expect((await fetch(`${h.guild.url}/calendar/${'A'.repeat(43)}.ics`)).status).toBe(404);
    expect((await fetch(`${h.guild.url}/calendar/nonsense.ics`, { method: 'HEAD' })).status).toBe(404);

    expect(await guildReply(h, h.users.grace, 'calendar rotate')).toMatch(/Only this community's organisers can replace the calendar link/);
    expect((await fetch(old)).status).toBe(200);

    const rotated = await guildReply(h, h.users.ada, 'calendar rotate');
    expect(rotated).toContain('The old link stopped working');
    const fresh = feedUrlIn(rotated);
    expect(fresh).not.toBe(old);
    expect((await fetch(old)).status).toBe(404);
    expect((await fetch(fresh)).status).toBe(200);
    expect(feedUrlIn(await guildReply(h, h.users.grace, 'calendar'))).toBe(fresh);
  });

  it('serves one event at its signed link, 403 for a wrong signature, 404 for no such event', async () => {
    const { id: communityId } = await community();
    const event = await insertEvent(h.db.prisma, { communityId, title: 'Hack; night', startsAt: new Date('2099-06-01T16:00:00Z'), timeZone: 'Europe/Berlin', status: 'cancelled', sequence: 2 });
    const feeds = new CalendarFeeds({ prisma: h.db.prisma, secret: HARNESS_SECRET, now: () => new Date() });

    const response = await fetch(`${h.guild.url}${feeds.eventLink(event.id)}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="event-${event.id}.ics"`);
    const parsed = parseCalendar(await response.text());
    expect(parsed.occurrences(event.uid)).toEqual([expect.objectContaining({ summary: 'Hack; night', local: '2099-06-01T18:00:00', tzid: 'Europe/Berlin', status: 'CANCELLED' })]);
    expect(parsed.master(event.uid).getFirstPropertyValue('sequence')).toBe(2);

    expect((await fetch(`${h.guild.url}/calendar/event/${event.id}.ics?sig=nope`)).status).toBe(403);
    expect((await fetch(`${h.guild.url}/calendar/event/${event.id}.ics`)).status).toBe(403);
    const otherSig = new URL(feeds.eventLink(event.id + 1), 'http://x').searchParams.get('sig');
    expect((await fetch(`${h.guild.url}/calendar/event/${event.id}.ics?sig=${otherSig}`)).status).toBe(403);
    expect((await fetch(`${h.guild.url}${feeds.eventLink(event.id + 1)}`)).status).toBe(404);
    expect((await fetch(`${h.guild.url}/calendar/event/abc.ics?sig=x`)).status).toBe(404);
  });

  it('refuses /guild calendar outside a community', async () => {
    expect(await guildReply(h, h.users.grace, 'calendar')).toMatch(/not a Guild community yet/);
    expect(await guildReply(h, h.users.grace, 'calendar now')).toMatch(/I don't know `\/guild calendar now`/);
  });
});
