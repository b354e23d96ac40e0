import { WebClient } from '@slack/web-api';
import type { PrismaClient } from '../../src/db/client';
import { announcementKey } from '../../src/rituals/events/events.ids';
import { reminderJobs } from '../../src/rituals/events/events.reminders';
import { TEAM, type LocalSlack, type SandboxChannel, type SandboxUser } from '../../src/sandbox';
import { JobStore } from '../../src/scheduler/job-store';

/** The reminder lead the benchmark runs: the last one before an event, the one that must be on time. */
export const LEAD_MINUTES = 15;
const MINUTE = 60_000;
const CHUNK = 5000;

export interface SeededEvent {
  id: number;
  channelId: string;
  /** When its reminder is due. */
  dueAt: number;
  /** The keys of the messages its reminder sends (a DM per RSVP, the thread reply). */
  keys: string[];
}

export interface EventsWorld {
  communities: number;
  events: number;
  rsvps: number;
  people: number;
}

/**
 * Communities (one channel each) and people in the local Slack and the database: what events are
 * seeded into. Rows are written with Prisma directly; Guild's own code runs only in its replicas.
 */
export async function seedCommunities(prisma: PrismaClient, slack: LocalSlack, world: EventsWorld): Promise<{ channels: SandboxChannel[]; people: SandboxUser[] }> {
  const people = Array.from({ length: world.people }, (_, i) => slack.addUser({ name: `member${i}`, realName: `Member ${i}`, tz: 'Europe/Berlin' }));
  const channels = Array.from({ length: world.communities }, (_, i) => slack.addChannel({ name: `guild-${i}`, members: people.map((p) => p.id) }));
  await prisma.community.createMany({ data: channels.map((c, i) => ({ teamId: TEAM.id, channelId: c.id, name: `Guild ${i}`, timeZone: 'Europe/Berlin', createdBy: people[0]!.id })) });
  return { channels, people };
}

/**
 * Events whose reminders fall due at `dueAt(i)`, each with `rsvps` people going (drawn in turn
 * from everyone), each announced in its community's channel (posted through the Web API, so that
 * the reminders can reply in its thread, and recorded as Guild's sent announcement).
 */
export async function seedEvents(
  prisma: PrismaClient,
  slack: LocalSlack,
  world: Pick<EventsWorld, 'events' | 'rsvps'> & { people: SandboxUser[]; dueAt: (index: number) => number },
): Promise<SeededEvent[]> {
  const communities = await prisma.community.findMany({ orderBy: { id: 'asc' } });
  const rows = Array.from({ length: world.events }, (_, i) => {
    const community = communities[i % communities.length]!;
    return {
      communityId: community.id,
      kind: 'talk' as const,
      title: `Talk number ${i}`,
      startsAt: new Date(world.dueAt(i) + LEAD_MINUTES * MINUTE),
      durationMinutes: 60,
      timeZone: 'Europe/Berlin',
      reminderLeads: [LEAD_MINUTES],
      uid: `bench-event-${i}@guild`,
      createdBy: world.people[0]!.id,
    };
  });
  await prisma.event.createMany({ data: rows });
  const events = await prisma.event.findMany({ orderBy: { id: 'asc' }, include: { community: true } });
  const rsvps = events.flatMap((event, i) =>
    Array.from({ length: world.rsvps }, (_, j) => ({ eventId: event.id, personId: world.people[(i * world.rsvps + j) % world.people.length]!.id, status: 'going' as const, answeredAt: new Date() })),
  );
  for (let i = 0; i < rsvps.length; i += CHUNK) await prisma.eventRsvp.createMany({ data: rsvps.slice(i, i + CHUNK) });
  await announce(prisma, slack, events.map((e) => ({ id: e.id, channelId: e.community.channelId, title: e.title })));
  return events.map((event) => {
    const jobKey = reminderJobs(event, new Date(0))[0]!.key;
    const going = rsvps.filter((r) => r.eventId === event.id).map((r) => `${jobKey}:dm:${r.personId}`);
    return { id: event.id, channelId: event.community.channelId, dueAt: event.startsAt.getTime() - LEAD_MINUTES * MINUTE, keys: [...going, `${jobKey}:thread`] };
  });
}

/** Posts each event's announcement (waiting out the local Slack's limits) and records it as sent. */
async function announce(prisma: PrismaClient, slack: LocalSlack, events: { id: number; channelId: string; title: string }[]): Promise<void> {
  const client = new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 20, factor: 1, minTimeout: 100, maxTimeout: 2000 } });
  const sent: { key: string; channelId: string; ts: string }[] = [];
  const queue = [...events];
  const poster = async () => {
    for (let event = queue.shift(); event; event = queue.shift()) {
      const posted = await client.chat.postMessage({ channel: event.channelId, text: `Announcing ${event.title}` });
      sent.push({ key: announcementKey(event.id), channelId: event.channelId, ts: posted.ts ?? '' });
    }
  };
  await Promise.all(Array.from({ length: 20 }, poster));
  for (let i = 0; i < sent.length; i += CHUNK) {
    await prisma.outboundMessage.createMany({
      data: sent.slice(i, i + CHUNK).map((s) => ({ key: s.key, channelId: s.channelId, userIds: [], text: 'announcement', status: 'sent' as const, ts: s.ts, sentAt: new Date() })),
    });
  }
}

/** Enqueues the events' reminder jobs, as the events service does when it schedules an event. */
export async function enqueueReminders(prisma: PrismaClient, eventIds: number[]): Promise<number> {
  const events = await prisma.event.findMany({ where: { id: { in: eventIds } } });
  const jobs = events.flatMap((e) => reminderJobs(e, new Date(0)));
  return new JobStore(prisma).enqueue(jobs);
}
