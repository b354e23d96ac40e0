import { WebClient } from '@slack/web-api';
import pino from 'pino';
import { CommunityService } from '../../../src/community/community.service';
import { communityRoles } from '../../../src/community/roles';
import { Delivery } from '../../../src/delivery/delivery';
import { EventFeedback } from '../../../src/rituals/events/events.feedback';
import { expandSeries } from '../../../src/rituals/events/events.occurrences';
import { reminderPayload, sendReminder } from '../../../src/rituals/events/events.reminders';
import { EventsService } from '../../../src/rituals/events/events.service';
import { DEFAULT_REMINDER_LEADS, type EventDraft } from '../../../src/rituals/events/events.types';
import { ManualClock } from '../../../src/scheduler/clock';
import { Scheduler } from '../../../src/scheduler/scheduler';
import { useTestDatabase } from '../../support/database';

/** The events service against Postgres: creation, RSVPs and the waitlist, reminders, changes, cancels, feedback. */
describe('EventsService', () => {
  const db = useTestDatabase();
  const TEAM = 'T1';
  const CHANNEL = { teamId: TEAM, channelId: 'C1' };
  const ORGANISER = { teamId: TEAM, userId: 'U0ORG' };
  const HOST = { teamId: TEAM, userId: 'U0HOST' };
  const person = (userId: string) => ({ teamId: TEAM, userId });

  const stack = () => {
    const logger = pino({ level: 'silent' });
    const clock = new ManualClock('2026-12-07T08:00:00Z');
    const scheduler = new Scheduler({ prisma: db.prisma, logger, clock });
    const client = new WebClient('xoxb-unused', { slackApiUrl: 'http://127.0.0.1:9/api/', retryConfig: { retries: 0 } });
    const messages = new Delivery({ prisma: db.prisma, jobs: scheduler.jobs, client, logger, clock });
    const directory = { user: async () => undefined, channel: async () => undefined, join: async () => undefined };
    const community = new CommunityService({ prisma: db.prisma, directory: directory as never, outbox: messages, logger });
    const now = () => clock.now();
    const events = new EventsService({ prisma: db.prisma, messages, jobs: scheduler.jobs, roles: communityRoles(db.prisma), community, logger, now, expandSeries, calendarUrl: (id) => `https://guild.example/calendar/event/${id}.ics` });
    const feedback = new EventFeedback({ prisma: db.prisma, roles: communityRoles(db.prisma), now });
    return { events, feedback, clock, messages };
  };

  async function community(members: { id: string; suggestions?: boolean; interests?: string[] }[] = []) {
    const created = await db.prisma.community.create({ data: { teamId: TEAM, channelId: 'C1', name: 'Design', timeZone: 'Europe/Berlin', createdBy: ORGANISER.userId } });
    for (const m of [{ id: ORGANISER.userId }, { id: HOST.userId }, ...members]) {
      await db.prisma.person.create({ data: { id: m.id, teamId: TEAM, interests: m.interests ?? [] } });
      await db.prisma.membership.create({ data: { communityId: created.id, personId: m.id, role: m.id === ORGANISER.userId ? 'organiser' : 'member', eventSuggestions: m.suggestions ?? false } });
    }
    return created;
  }

  const draft = (over: Partial<EventDraft> = {}): EventDraft => ({
    kind: 'talk',
    title: 'Accessible <forms> & more',
    description: '',
    level: 'everyone',
    topics: [],
    hosts: [HOST.userId],
    guestHost: null,
    startsAt: new Date('2026-12-10T17:00:00Z'),
    durationMinutes: 60,
    timeZone: 'Europe/Berlin',
    place: 'Room 4',
    capacity: null,
    reminderLeads: DEFAULT_REMINDER_LEADS,
    series: null,
    ...over,
  });

  const outbound = (prefix: string) => db.prisma.outboundMessage.findMany({ where: { key: { startsWith: prefix } }, orderBy: { key: 'asc' } });

  it('stores the event, queues one announcement (escaped) and arms a job per reminder lead and the feedback prompt', async () => {
    const { events } = stack();
    await community();
    const { events: [event] } = await events.create(CHANNEL, HOST, draft());
    const [announcement] = await outbound(`event:${event!.id}:announcement`);
    expect(announcement!.channelId).toBe('C1');
    expect(JSON.stringify(announcement!.blocks)).toContain('Accessible &lt;forms&gt; &amp; more');
    const jobs = await db.prisma.job.findMany({ where: { key: { startsWith: `event:${event!.id}:` } }, orderBy: { runAt: 'asc' } });
    expect(jobs.map((j) => [j.kind, j.runAt.toISOString()])).toEqual([
      ['events.reminder', '2026-12-09T17:00:00.000Z'],
      ['events.reminder', '2026-12-10T16:45:00.000Z'],
      ['events.feedback', '2026-12-10T18:00:00.000Z'],
    ]);
  });

  it('refuses people who are not members of the community', async () => {
    const { events } = stack();
    await community();
    await expect(events.create(CHANNEL, person('U0STRANGER'), draft())).rejects.toThrow('Only members of this community');
    expect(await db.prisma.event.count()).toBe(0);
  });

  it('puts "going" beyond capacity on the waitlist in order, and promotes the first when a place frees', async () => {
    const { events } = stack();
    await community();
    const { events: [event] } = await events.create(CHANNEL, HOST, draft({ capacity: 2 }));
    const id = event!.id;
    expect((await events.rsvp(id, person('U0A'), 'going')).outcome.status).toBe('going');
    expect((await events.rsvp(id, person('U0B'), 'going')).outcome.status).toBe('going');
    expect((await events.rsvp(id, person('U0C'), 'going')).outcome).toMatchObject({ status: 'waitlisted', position: 1 });
    expect((await events.rsvp(id, person('U0D'), 'going')).outcome).toMatchObject({ status: 'waitlisted', position: 2 });
    // A double click keeps the place in line.
    expect((await events.rsvp(id, person('U0C'), 'going')).outcome).toMatchObject({ kind: 'unchanged', status: 'waitlisted', position: 1 });
    const left = await events.rsvp(id, person('U0A'), 'not_going');
    expect(left.outcome).toMatchObject({ kind: 'answered', status: 'not_going', promoted: ['U0C'] });
    const statuses = await db.prisma.eventRsvp.findMany({ where: { eventId: id }, orderBy: { personId: 'asc' } });
    expect(statuses.map((r) => `${r.personId}:${r.status}`)).toEqual(['U0A:not_going', 'U0B:going', 'U0C:going', 'U0D:waitlisted']);
    const promoted = await outbound(`event:${id}:promoted:U0C`);
    expect(promoted).toHaveLength(1);
    const [announcement] = await outbound(`event:${id}:announcement`);
    expect(announcement!.version).toBe(5);
    expect(JSON.stringify(announcement!.blocks)).toContain('Going (2 of 2 places)');
    expect(JSON.stringify(announcement!.blocks)).toContain('Waitlist (1, in order)');
  });

  it('never overfills under 30 concurrent "going" clicks', async () => {
    const { events } = stack();
    await community();
    const { events: [event] } = await events.create(CHANNEL, HOST, draft({ capacity: 5 }));
    const people = Array.from({ length: 30 }, (_, i) => person(`U0P${String(i).padStart(2, '0')}`));
    await Promise.all(people.map((p) => events.rsvp(event!.id, p, 'going')));
    const going = await db.prisma.eventRsvp.count({ where: { eventId: event!.id, status: 'going' } });
    const waiting = await db.prisma.eventRsvp.count({ where: { eventId: event!.id, status: 'waitlisted' } });
    expect([going, waiting]).toEqual([5, 25]);
  });

  it('refuses answers to a cancelled event and to one that has started', async () => {
    const { events, clock } = stack();
    await community();
    const { events: [a, b] } = { events: [(await events.create(CHANNEL, HOST, draft())).events[0], (await events.create(CHANNEL, HOST, draft({ startsAt: new Date('2026-12-08T09:00:00Z') }))).events[0]] };
    await events.cancelAs(HOST, a!.id, {});
    await expect(events.rsvp(a!.id, person('U0A'), 'going')).rejects.toThrow('was cancelled');
    clock.set(new Date('2026-12-08T09:30:00Z'));
    await expect(events.rsvp(b!.id, person('U0A'), 'going')).rejects.toThrow('already started');
  });

  it('sends a reminder once at its time to going and maybe (in the thread once announced), and skips one hours late', async () => {
    const { events, clock } = stack();
    await community();
    const { events: [event] } = await events.create(CHANNEL, HOST, draft());
    await events.rsvp(event!.id, person('U0A'), 'going');
    await events.rsvp(event!.id, person('U0B'), 'maybe');
    await events.rsvp(event!.id, person('U0C'), 'not_going');
    await db.prisma.outboundMessage.update({ where: { key: `event:${event!.id}:announcement` }, data: { status: 'sent', ts: '1700000000.000100' } });
    const payload = reminderPayload.parse({ eventId: event!.id, lead: 1440, startsAt: event!.startsAt.getTime() });
    clock.set(new Date('2026-12-09T17:00:05Z'));
    const deps = { prisma: db.prisma, messages: stack().messages, calendarUrl: () => undefined };
    expect(await sendReminder(deps, payload, clock.now())).toBe('sent');
    expect(await sendReminder(deps, payload, clock.now())).toBe('sent');
    const sent = await outbound(`event:${event!.id}:reminder:1440:`);
    expect(sent.map((m) => m.key.split(':').slice(-2).join(':'))).toEqual(['dm:U0A', 'dm:U0B', `${event!.startsAt.getTime()}:thread`]);
    expect(sent.find((m) => m.key.endsWith(':thread'))!.threadTs).toBe('1700000000.000100');
    const late = reminderPayload.parse({ eventId: event!.id, lead: 15, startsAt: event!.startsAt.getTime() });
    // Two minutes late is fine for "in 15 minutes"; ten is not; a day's reminder three hours late is not either.
    expect(await sendReminder(deps, late, new Date('2026-12-10T16:47:00Z'))).toBe('sent');
    expect(await sendReminder(deps, late, new Date('2026-12-10T16:55:00Z'))).toBe('late');
    expect(await sendReminder(deps, payload, new Date('2026-12-09T20:00:00Z'))).toBe('late');
  });

  it('moving the time re-arms reminders, stands the old ones down, tells the RSVPs, and asks again when the day moved', async () => {
    const { events, messages } = stack();
    await community();
    const { events: [event] } = await events.create(CHANNEL, HOST, draft());
    await events.rsvp(event!.id, person('U0A'), 'going');
    const oldReminder = reminderPayload.parse({ eventId: event!.id, lead: 15, startsAt: event!.startsAt.getTime() });
    const sameDay = await events.update(event!.id, HOST, draft({ startsAt: new Date('2026-12-10T18:00:00Z') }));
    expect(sameDay.sequence).toBe(1);
    expect(await db.prisma.eventRsvp.findFirst({ where: { eventId: event!.id } })).toMatchObject({ status: 'going', reconfirm: false });
    expect(await sendReminder({ prisma: db.prisma, messages, calendarUrl: () => undefined }, oldReminder, new Date('2026-12-10T16:45:00Z'))).toBe('stale');
    expect(await db.prisma.job.count({ where: { key: `event:${event!.id}:reminder:15:${sameDay.startsAt.getTime()}` } })).toBe(1);
    expect(await outbound(`event:${event!.id}:changed:1:U0A`)).toHaveLength(1);

    await events.update(event!.id, HOST, draft({ startsAt: new Date('2026-12-11T18:00:00Z') }));
    expect(await db.prisma.eventRsvp.findFirst({ where: { eventId: event!.id } })).toMatchObject({ status: 'going', reconfirm: true });
    const [askAgain] = await outbound(`event:${event!.id}:changed:2:U0A`);
    expect(JSON.stringify(askAgain!.blocks)).toContain('event_rsvp_going');
    // The answer no longer counts until given again.
    expect(JSON.stringify((await outbound(`event:${event!.id}:announcement`))[0]!.blocks)).toContain('Going (0)');
    await events.rsvp(event!.id, person('U0A'), 'going');
    expect(await db.prisma.eventRsvp.findFirst({ where: { eventId: event!.id } })).toMatchObject({ status: 'going', reconfirm: false });
  });

  it('lets only the creator, hosts and organisers change or cancel, and cancels once however often asked', async () => {
    const { events } = stack();
    await community([{ id: 'U0A' }]);
    const { events: [event] } = await events.create(CHANNEL, person('U0A'), draft({ hosts: [] }));
    await expect(events.update(event!.id, HOST, draft())).rejects.toThrow("Only the event's creator");
    await events.rsvp(event!.id, person('U0B'), 'maybe');
    await events.cancelAs(ORGANISER, event!.id, { reason: 'Speaker is <ill>' });
    await events.cancelAs(ORGANISER, event!.id, {});
    const told = await outbound(`event:${event!.id}:cancelled:`);
    expect(told).toHaveLength(1);
    expect(told[0]!.text).toContain('Speaker is &lt;ill&gt;');
    expect((await db.prisma.event.findUniqueOrThrow({ where: { id: event!.id } })).status).toBe('cancelled');
  });

  it('tells opted-in members whose interests match, at a level the event is for', async () => {
    const { events } = stack();
    const c = await community([{ id: 'U0FAN', suggestions: true, interests: ['Accessibility'] }, { id: 'U0QUIET', suggestions: false, interests: ['accessibility'] }, { id: 'U0OTHER', suggestions: true, interests: ['Kotlin'] }, { id: 'U0EXPERT', suggestions: true }]);
    const topic = await db.prisma.topic.create({ data: { communityId: c.id, name: 'Accessibility', key: 'accessibility' } });
    await db.prisma.topicSkill.create({ data: { personId: 'U0EXPERT', topicId: topic.id, level: 5 } });
    const { events: [event] } = await events.create(CHANNEL, HOST, draft({ topics: ['Accessibility'], level: 'newcomers' }));
    const told = await outbound(`event:${event!.id}:suggested:`);
    expect(told.map((m) => m.userIds[0])).toEqual(['U0FAN']);
  });

  it('shows organisers feedback only in aggregate, and only from five answers', async () => {
    const { events, feedback, clock } = stack();
    await community();
    const { events: [event] } = await events.create(CHANNEL, HOST, draft());
    const attendees = ['U0A', 'U0B', 'U0C', 'U0D', 'U0E'];
    for (const id of attendees) await events.rsvp(event!.id, person(id), 'going');
    clock.set(new Date('2026-12-10T18:05:00Z'));
    await expect(feedback.give(event!.id, person('U0Z'), { score: 5 })).rejects.toThrow('said they were going');
    for (const [i, id] of attendees.slice(0, 4).entries()) await feedback.give(event!.id, person(id), { score: i + 2 });
    await expect(feedback.summary(event!.id, HOST)).rejects.toThrow('Only the community');
    expect(await feedback.summary(event!.id, ORGANISER)).toMatchObject({ answers: 4, shown: false });
    await feedback.give(event!.id, person('U0E'), { score: 4, comment: '  More <demos>  ' });
    const summary = await feedback.summary(event!.id, ORGANISER);
    expect(summary).toMatchObject({ answers: 5, shown: true, average: 3.6, counts: [0, 1, 1, 2, 1], comments: ['More <demos>'] });
  });

  it("lists the next events of a person's communities for the App Home: soonest first, answered or not, hosted marked; cancelled, past, other and left communities' events left out", async () => {
    const { events, clock } = stack();
    await community([{ id: 'U0A' }, { id: 'U0B' }]);
    const other = async (channelId: string, name: string, left = false) => {
      const created = await db.prisma.community.create({ data: { teamId: TEAM, channelId, name, timeZone: 'Europe/Berlin', createdBy: ORGANISER.userId } });
      for (const id of [HOST.userId, 'U0A']) await db.prisma.membership.create({ data: { communityId: created.id, personId: id, ...(left && id === 'U0A' ? { leftAt: new Date('2026-12-01T00:00:00Z') } : {}) } });
      return { teamId: TEAM, channelId };
    };
    const research = await other('C2', 'Research');
    const left = await other('C3', 'Left behind', true);
    const elsewhere = { teamId: TEAM, channelId: 'C4' };
    const notMine = await db.prisma.community.create({ data: { teamId: TEAM, channelId: 'C4', name: 'Not mine', timeZone: 'Europe/Berlin', createdBy: ORGANISER.userId } });
    await db.prisma.membership.create({ data: { communityId: notMine.id, personId: HOST.userId } });
    const make = async (startsAt: string, over: { channel?: typeof CHANNEL; hosts?: string[] } = {}) => (await events.create(over.channel ?? CHANNEL, HOST, draft({ startsAt: new Date(startsAt), hosts: over.hosts ?? [] }))).events[0]!;

    const past = await make('2026-12-08T09:00:00Z');
    const cancelled = await make('2026-12-08T12:00:00Z');
    await make('2026-12-08T13:00:00Z', { channel: left });
    await make('2026-12-08T14:00:00Z', { channel: elsewhere });
    const declined = await make('2026-12-09T17:00:00Z');
    const unanswered = await make('2026-12-10T17:00:00Z', { channel: research });
    const hosted = await make('2026-12-11T17:00:00Z', { hosts: ['U0A'] });
    const later = await make('2026-12-20T17:00:00Z');
    for (const e of [past, cancelled, later]) await events.rsvp(e.id, person('U0A'), 'going');
    await events.rsvp(declined.id, person('U0A'), 'not_going');
    for (const id of ['U0B', 'U0ORG']) await events.rsvp(declined.id, person(id), 'going');
    await events.rsvp(unanswered.id, person('U0B'), 'maybe');
    await events.cancelAs(HOST, cancelled.id, {});
    clock.set(new Date('2026-12-08T10:00:00Z'));

    const shown = async (limit?: number) => (await events.nextFor(person('U0A'), limit)).map((n) => [n.event.id, n.mine, n.going]);
    expect(await shown()).toEqual([[declined.id, 'not_going', 2], [unanswered.id, undefined, 0], [hosted.id, 'host', 0]]);
    expect(await shown(10)).toEqual([[declined.id, 'not_going', 2], [unanswered.id, undefined, 0], [hosted.id, 'host', 0], [later.id, 'going', 1]]);

    // An answer asked again after the day moved counts as none; nobody's Home shows anything without a community.
    await db.prisma.eventRsvp.update({ where: { eventId_personId: { eventId: declined.id, personId: 'U0A' } }, data: { reconfirm: true } });
    expect((await shown(1))[0]).toEqual([declined.id, undefined, 2]);
    expect(await events.nextFor(person('U0NOBODY'))).toEqual([]);
  });
});
