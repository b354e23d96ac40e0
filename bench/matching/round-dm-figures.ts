import type { BucketLimits, LocalSlack, SandboxUser } from '../../src/sandbox';
import { figure, type BenchmarkContext, type Figure } from '../support/benchmark';
import { awaitDeliveries } from '../support/delivery-progress';
import { startDeliveryRig } from '../support/delivery-rig';
import { queueThroughDelivery } from '../support/queued-delivery';
import { positiveSetting } from '../support/settings';

const SIGNING_SECRET = 'bench-round-dm-secret-5c1f93';
const OPEN = 'conversations.open';
const POST = 'chat.postMessage';

/**
 * A coffee round's introductions: 5,000 group DMs (pairs by default) queued through the delivery
 * gateway and sent by one Guild process, each a conversations.open (Tier 3, the binding limit)
 * then a chat.postMessage into the new conversation, against the least time the local Slack's
 * limits for both methods allow. Both sides run Slack's limits × BENCH_ROUND_DM_SCALE (100 by
 * default: Tier 3's 50 a minute would take 25 minutes for 5,000 at ×4), so the run takes about a
 * minute while the ratio means what it would against real Slack.
 */
export async function roundDmFigures({ cleanup, progress }: BenchmarkContext): Promise<Figure[]> {
  const groupCount = positiveSetting(process.env, 'BENCH_ROUND_DM_GROUPS', 5000);
  const groupSize = positiveSetting(process.env, 'BENCH_ROUND_DM_SIZE', 2);
  const scale = positiveSetting(process.env, 'BENCH_ROUND_DM_SCALE', 100);
  const { db, slack, startGuild } = await startDeliveryRig({ scale, signingSecret: SIGNING_SECRET, cleanup, progress });
  const groups: SandboxUser[][] = Array.from({ length: groupCount }, (_, g) =>
    Array.from({ length: groupSize }, (_, i) => slack.addUser({ name: `coffee${g}-${i}`, realName: `Coffee ${g}.${i}` })),
  );
  const openLimits = slack.rateLimitsFor(OPEN).workspace;
  const postLimits = slack.rateLimitsFor(POST).workspace;
  const theoreticalS = introductionsMinimumMs(openLimits, postLimits, groupCount) / 1000;
  const boundS = Math.max(slack.rateLimitsFor(OPEN).minimumMs(groupCount), slack.rateLimitsFor(POST).minimumMs(groupCount, groupCount)) / 1000;
  if (theoreticalS + 1e-9 < boundS) progress(`WARNING: the pipeline minimum ${theoreticalS.toFixed(3)}s is below the methods' own ${boundS.toFixed(3)}s`);

  progress(`round DMs: queueing ${groupCount} group DMs of ${groupSize} through Delivery.sendMany in one transaction`);
  const queueStarted = Date.now();
  await queueThroughDelivery(
    db.prisma,
    slack,
    groups.map((members, g) => ({
      key: `coffee-round:${g}`,
      to: { users: members.map((m) => m.id) },
      text: `Hello ${members.map((m) => m.name).join(' and ')}: you are this round's coffee group.`,
    })),
    'in batches',
  );
  const queueS = (Date.now() - queueStarted) / 1000;
  progress(
    `round DMs: queued in ${queueS.toFixed(1)}s; starting Guild (limits ×${scale}: ${OPEN} ${openLimits.perSecond.toFixed(1)}/s burst ${openLimits.burst}, ` +
      `${POST} ${postLimits.perSecond.toFixed(0)}/s burst ${postLimits.burst}; minimum ${theoreticalS.toFixed(1)}s)`,
  );

  const guild = await startGuild();
  // Guild starts its heartbeat just before it announces itself: the clock starts here.
  const started = Date.now();
  const outcome = await awaitDeliveries(db.prisma, groupCount, { started, timeoutMs: Math.max(300_000, theoreticalS * 3000), progress });
  await guild.stop();

  const { lost, duplicates } = receivedCounts(slack, groups);
  const refusals = [...slack.callsTo(OPEN), ...slack.callsTo(POST)].filter((c) => c.status === 429).length;
  progress(
    `round DMs: last sent ${outcome.elapsedS.toFixed(2)}s after start; ${slack.callsTo(OPEN).length} opens, ${slack.callsTo(POST).length} posts, ` +
      `${outcome.failed} failed, ${outcome.retried} needed more than one attempt`,
  );
  if (outcome.failed > 0) progress(`WARNING: ${outcome.failed} group DMs ended as failed (set BENCH_GUILD_LOG=<file> to keep Guild's log)`);

  return [
    figure('round_dm_seconds', outcome.elapsedS),
    figure('round_dm_theoretical_min_s', theoreticalS),
    figure('round_dm_efficiency', theoreticalS / outcome.elapsedS),
    figure('round_dm_lost', lost, 0),
    figure('round_dm_duplicates', duplicates, 0),
    figure('round_dm_rate_limited', refusals, 0),
    figure('round_dm_queue_s', queueS),
  ];
}

/**
 * The least time `count` introductions take when each needs a conversations.open and then a
 * chat.postMessage, every bucket starting full: opens go as fast as their bucket allows, and each
 * post as soon as its open is done and the workspace post bucket has a token. (Each group DM is a
 * channel of its own, so the per-channel post limit never binds.)
 */
export function introductionsMinimumMs(open: BucketLimits, post: BucketLimits, count: number): number {
  let postTokens = post.burst;
  let postClock = 0;
  let last = 0;
  for (let i = 0; i < count; i++) {
    const opened = (Math.max(0, i + 1 - open.burst) / open.perSecond) * 1000;
    const at = Math.max(opened, postClock);
    postTokens = Math.min(post.burst, postTokens + ((at - postClock) / 1000) * post.perSecond);
    const wait = postTokens >= 1 ? 0 : ((1 - postTokens) / post.perSecond) * 1000;
    postClock = at + wait;
    postTokens += (wait / 1000) * post.perSecond - 1;
    last = postClock;
  }
  return last;
}

function receivedCounts(slack: LocalSlack, groups: readonly SandboxUser[][]): { lost: number; duplicates: number } {
  let lost = 0;
  let duplicates = 0;
  for (const members of groups) {
    const channel = slack.dmChannelFor(members.map((m) => m.id));
    const received = channel === undefined ? 0 : slack.messages(channel).length;
    if (received === 0) lost += 1;
    else duplicates += received - 1;
  }
  return { lost, duplicates };
}
