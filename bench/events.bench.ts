import { randomBytes } from 'node:crypto';
import type { PrismaClient } from '../src/db/client';
import type { LocalSlack, SandboxChannel, SandboxUser } from '../src/sandbox';
import { figure, type Benchmark } from './support/benchmark';
import { startDeliveryRig } from './support/delivery-rig';
import { summarise } from './support/percentiles';
import { pollUntil } from './support/poll';
import { positiveSetting } from './support/settings';
import { enqueueReminders, seedCommunities, seedEvents, type SeededEvent } from './events/events-seed';
import { idealSendTimes, type DueMessage } from './events/reminder-timing';

const SIGNING_SECRET = 'bench-events-secret-7c2d19';
const POST_MESSAGE = 'chat.postMessage';
/** Seeded events start this far ahead; once the replicas run, they are moved to just ahead of now. */
const PARKED_MS = 86_400_000;
/** The replicas' first reminders fall due this long after the jobs are queued. */
const LEAD_IN_MS = 3000;

/**
 * 1,000 upcoming events with 50 people going to each, their 15-minute reminders run by three
 * Guild replicas (three real Guild processes) on one database, against the local Slack under
 * Slack's limits × scale. Events start in a few slots (as they do: on the hour), so a slot's
 * reminders fall due at once; slots follow each other with room to drain. Figures: lateness of
 * each message after its reminder fell due, the fan-out's efficiency against a perfect sender
 * under the same limits, duplicates, lost messages and 429s.
 */
const events: Benchmark = {
  description: "reminders of 1,000 events × 50 RSVPs by three Guild replicas: lateness, efficiency against Slack's limits, duplicates, lost, 429s",
  async run({ cleanup, progress }) {
    const world = {
      events: positiveSetting(process.env, 'BENCH_EVENTS_COUNT', 1000),
      rsvps: positiveSetting(process.env, 'BENCH_EVENTS_RSVPS', 50),
      people: positiveSetting(process.env, 'BENCH_EVENTS_PEOPLE', 2000),
      communities: positiveSetting(process.env, 'BENCH_EVENTS_COMMUNITIES', 10),
    };
    const replicas = positiveSetting(process.env, 'BENCH_EVENTS_REPLICAS', 3);
    const scale = positiveSetting(process.env, 'BENCH_EVENTS_SCALE', 20);
    const slots = positiveSetting(process.env, 'BENCH_EVENTS_SLOTS', 4);
    // Replicas share their secret, as production replicas must (each would otherwise make its own).
    // BENCH_EVENTS_BUDGET=local: each replica keeps its own rate budget in memory (the baseline; one replica only).
    const guildEnv = { GUILD_SECRET: randomBytes(32).toString('hex'), SLACK_RATE_BUDGET: process.env.BENCH_EVENTS_BUDGET ?? 'shared' };
    const { db, slack, startGuild } = await startDeliveryRig({ scale, signingSecret: SIGNING_SECRET, cleanup, progress, recordCalls: false, guildEnv });
    const limits = slack.rateLimitsFor(POST_MESSAGE);
    // A slot's messages take this long at the workspace's rate; the next slot starts after a quarter more.
    const perSlotMessages = Math.ceil(world.events / slots) * (world.rsvps + 1);
    const slotGapMs = (perSlotMessages / limits.workspace.perSecond) * 1000 * 1.25;
    const slotOf = (i: number) => i % slots;

    progress(`seeding ${world.communities} communities, ${world.people} people, ${world.events} events × ${world.rsvps} RSVPs (announcements posted)`);
    const { channels, people } = await seedCommunities(db.prisma, slack, world);
    const parked = Date.now() + PARKED_MS;
    const seeded = await seedEvents(db.prisma, slack, { events: world.events, rsvps: world.rsvps, people, dueAt: (i) => parked + slotOf(i) * slotGapMs });

    progress(`starting ${replicas} Guild replicas (Slack limits ×${scale}: ${limits.workspace.perSecond}/s, burst ${limits.workspace.burst}; ${slots} slots ${(slotGapMs / 1000).toFixed(1)}s apart)`);
    const guilds = await Promise.all(Array.from({ length: replicas }, () => startGuild()));
    const firstDue = Date.now() + LEAD_IN_MS;
    const due = await moveEventsTo(db.prisma, seeded, firstDue - parked);
    const refusedBefore = slack.rateLimited(POST_MESSAGE);
    progress(`queued ${await enqueueReminders(db.prisma, due.map((e) => e.id))} reminder jobs; first due in ${LEAD_IN_MS / 1000}s`);

    const expected = due.flatMap((e) => e.keys);
    const lastDue = Math.max(...due.map((e) => e.dueAt));
    const ideal = idealSendTimes(dueMessages(due), limits.workspace, limits.perChannel!);
    const idealEnd = Math.max(...ideal);
    const timeoutMs = positiveSetting(process.env, 'BENCH_EVENTS_TIMEOUT_S', Math.max(120, ((idealEnd - Date.now()) * 3) / 1000)) * 1000;
    const finished = await awaitReminders(db.prisma, expected.length, { timeoutMs, progress });
    const rateLimited = slack.rateLimited(POST_MESSAGE) - refusedBefore;
    await Promise.all(guilds.map((g) => g.stop()));

    const sentAt = await sentTimes(db.prisma);
    const dueOf = new Map(due.flatMap((e) => e.keys.map((k) => [k, e.dueAt] as const)));
    const lateness = summarise([...sentAt].filter(([k]) => dueOf.has(k)).map(([k, at]) => (at - dueOf.get(k)!) / 1000));
    const idealLateness = summarise(dueMessages(due).map((m, i) => (ideal[i]! - m.dueAt) / 1000));
    const { duplicates, lost } = countReceived(slack, people, channels, expected);
    const takenS = (Math.max(...sentAt.values()) - firstDue) / 1000;
    const minimumS = (idealEnd - firstDue) / 1000;
    progress(`${sentAt.size} of ${expected.length} sent; last due ${((lastDue - firstDue) / 1000).toFixed(1)}s after the first; ideal end ${minimumS.toFixed(1)}s, actual ${takenS.toFixed(1)}s`);

    // Cut off by the timeout, messages still on their way are not lost, and the time taken is not known.
    const cutOff = (value: number) => (finished ? value : Number.NaN);
    return [
      figure('reminder_p99_lateness_s', lateness.p99),
      figure('reminder_p50_lateness_s', lateness.p50),
      figure('reminder_max_lateness_s', lateness.max),
      figure('ideal_p99_lateness_s', idealLateness.p99),
      figure('fanout_efficiency', cutOff(minimumS / takenS)),
      figure('minimum_s', minimumS),
      figure('taken_s', takenS),
      figure('duplicates', duplicates, 0),
      figure('lost', cutOff(lost), 0),
      figure('unfinished_at_timeout', finished ? 0 : lost, 0),
      figure('rate_limited', rateLimited, 0),
      figure('msgs_per_s', sentAt.size / takenS),
    ];
  },
};

/** Moves every seeded event (and so its reminder's due time) by `shiftMs`. */
async function moveEventsTo(prisma: PrismaClient, seeded: SeededEvent[], shiftMs: number): Promise<SeededEvent[]> {
  await prisma.$executeRaw`UPDATE "Event" SET "startsAt" = "startsAt" + ${shiftMs} * interval '1 millisecond'`;
  const moved = new Map((await prisma.event.findMany({ select: { id: true, startsAt: true } })).map((e) => [e.id, e.startsAt.getTime()]));
  return seeded.map((e) => {
    const startsAt = moved.get(e.id)!;
    // The keys name the start, which moved with the event.
    const keys = e.keys.map((k) => k.replace(/:reminder:(\d+):\d+:/, `:reminder:$1:${startsAt}:`));
    return { ...e, dueAt: e.dueAt + shiftMs, keys };
  });
}

function dueMessages(due: SeededEvent[]): DueMessage[] {
  return due.flatMap((e) => e.keys.map((key) => ({ dueAt: e.dueAt, channel: key.endsWith(':thread') ? e.channelId : key.slice(key.lastIndexOf(':') + 1) })));
}

/** Waits until every reminder message is out of `pending`; false when the timeout came first. */
async function awaitReminders(prisma: PrismaClient, count: number, options: { timeoutMs: number; progress: (m: string) => void }): Promise<boolean> {
  let lastReport = Date.now();
  const done = () => prisma.outboundMessage.count({ where: { key: { contains: ':reminder:' }, status: { not: 'pending' } } });
  try {
    await pollUntil(done, count, {
      what: 'every reminder message sent',
      timeoutMs: options.timeoutMs,
      intervalMs: 250,
      onPending: (n) => {
        if (Date.now() - lastReport < 10_000) return;
        lastReport = Date.now();
        options.progress(`${n} of ${count} reminder messages done`);
      },
    });
    return true;
  } catch (err) {
    options.progress(`WARNING: ${err instanceof Error ? err.message : String(err)}`);
    return false;
  }
}

async function sentTimes(prisma: PrismaClient): Promise<Map<string, number>> {
  const rows = await prisma.outboundMessage.findMany({ where: { key: { contains: ':reminder:' }, status: 'sent' }, select: { key: true, sentAt: true } });
  return new Map(rows.filter((r) => r.sentAt).map((r) => [r.key, r.sentAt!.getTime()]));
}

/** From what the local Slack holds: keys received more than once, and expected keys never received. */
function countReceived(slack: LocalSlack, people: SandboxUser[], channels: SandboxChannel[], expected: string[]): { duplicates: number; lost: number } {
  const received = new Map<string, number>();
  const messages = [...people.flatMap((p) => slack.dms(p.id)), ...channels.flatMap((c) => slack.messages(c.id).flatMap((m) => m.replies ?? []))];
  for (const m of messages) {
    const key = (m.metadata as { event_payload?: { key?: unknown } } | undefined)?.event_payload?.key;
    if (typeof key === 'string') received.set(key, (received.get(key) ?? 0) + 1);
  }
  let duplicates = 0;
  for (const n of received.values()) duplicates += n - 1;
  return { duplicates, lost: expected.filter((k) => !received.has(k)).length };
}

export default events;
