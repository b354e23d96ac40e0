import type { LocalSlack, SandboxUser } from '../src/sandbox';
import { figure, type Benchmark } from './support/benchmark';
import { awaitDeliveries } from './support/delivery-progress';
import { startDeliveryRig } from './support/delivery-rig';
import { queueThroughDelivery } from './support/queued-delivery';
import { positiveSetting } from './support/settings';

const SIGNING_SECRET = 'bench-fanout-secret-41b7e0';
const POST_MESSAGE = 'chat.postMessage';

/**
 * Time for one Guild process to deliver a DM to each of 2,000 people through the outbound gateway
 * and the scheduler, against the least time the local Slack's own limits allow. Both sides run
 * Slack's published limits multiplied by the same scale, so the run stays short while the ratio
 * means what it would against real Slack.
 */
const fanout: Benchmark = {
  description: 'time to DM 2,000 people through Delivery and one Guild scheduler, against the minimum under Slack\'s rate limits',
  async run({ cleanup, progress }) {
    const people = positiveSetting(process.env, 'BENCH_FANOUT_PEOPLE', 2000);
    const scale = positiveSetting(process.env, 'BENCH_FANOUT_SCALE', 4);
    const { db, slack, startGuild } = await startDeliveryRig({ scale, signingSecret: SIGNING_SECRET, cleanup, progress });
    const members: SandboxUser[] = Array.from({ length: people }, (_, i) => slack.addUser({ name: `member${i}`, realName: `Member ${i}` }));
    const limits = slack.rateLimitsFor(POST_MESSAGE);
    const theoreticalS = limits.minimumMs(people, people) / 1000;
    checkMinimum(limits, people, theoreticalS, progress);

    progress(`queueing ${people} DMs through Delivery.send in one transaction`);
    const queueStarted = Date.now();
    await queueThroughDelivery(
      db.prisma,
      slack,
      members.map((member) => ({ key: `fanout:${member.id}`, to: { users: [member.id] }, text: `Hello ${member.name}: this round's pairs are out.` })),
    );
    const queueS = (Date.now() - queueStarted) / 1000;
    progress(`queued in ${queueS.toFixed(1)}s; starting Guild (Slack limits ×${scale}: ${limits.workspace.perSecond}/s, burst ${limits.workspace.burst}; theoretical minimum ${theoreticalS.toFixed(1)}s)`);

    const guild = await startGuild();
    // Guild starts its heartbeat just before it announces itself: the clock starts here.
    const started = Date.now();
    const { elapsedS, sent, failed, retried } = await awaitDeliveries(db.prisma, people, { started, timeoutMs: Math.max(150_000, theoreticalS * 3000), progress });
    await guild.stop();

    const posts = slack.callsTo(POST_MESSAGE);
    const refusals = posts.filter((c) => c.status === 429);
    const rateLimited = refusals.length;
    const firstPost = posts[0]?.at;
    let duplicates = 0;
    let lost = 0;
    for (const member of members) {
      const received = slack.dms(member.id).length;
      if (received === 0) lost += 1;
      else duplicates += received - 1;
    }
    progress(
      `first post ${firstPost === undefined ? '-' : ((firstPost - started) / 1000).toFixed(2)}s after start, ` +
        `last recorded sent ${elapsedS.toFixed(2)}s; ${posts.length} postMessage calls, ${failed} messages failed, ${retried} needed more than one attempt`,
    );
    if (rateLimited > 0) progress(`429s at ${refusals.map((c) => `${((c.at - started) / 1000).toFixed(2)}s`).join(', ')} after start`);
    if (failed > 0) progress(`WARNING: ${failed} messages ended as failed (set BENCH_GUILD_LOG=<file> to keep Guild's log)`);

    return [
      figure('elapsed_s', elapsedS),
      figure('theoretical_min_s', theoreticalS),
      figure('efficiency', theoreticalS / elapsedS),
      figure('duplicates', duplicates, 0),
      figure('lost', lost, 0),
      figure('rate_limited', rateLimited, 0),
      figure('msgs_per_s', sent / elapsedS),
      figure('queue_s', queueS),
    ];
  },
};

/**
 * The local Slack's `minimumMs` against the bound worked out here from its buckets: the workspace
 * bucket starts full (burst calls at once), then refills at its rate; each person's DM is its own
 * channel, so per channel only one call is needed and that bucket never binds. The two must agree.
 */
function checkMinimum(limits: ReturnType<LocalSlack['rateLimitsFor']>, count: number, theoreticalS: number, progress: (m: string) => void): void {
  const workspaceS = Math.max(0, count - limits.workspace.burst) / limits.workspace.perSecond;
  const channelS = limits.perChannel ? Math.max(0, 1 - limits.perChannel.burst) / limits.perChannel.perSecond : 0;
  const derivedS = Math.max(workspaceS, channelS);
  if (Math.abs(derivedS - theoreticalS) > 0.001) progress(`WARNING: local Slack's minimum (${theoreticalS.toFixed(3)}s) differs from its buckets' (${derivedS.toFixed(3)}s)`);
}

export default fanout;
