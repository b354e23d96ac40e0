import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pollMessage } from '../src/rituals/polls/polls.messages';
import { findPoll, readState } from '../src/rituals/polls/polls.store';
import { allocationFigures } from './polls/allocation-figures';
import { GUILD_SECRET, SIGNING_SECRET, startPollWorkspace, VOTERS, type PollWorkspace } from './polls/poll-setup';
import { voteRequests } from './polls/vote-requests';
import { startBenchDatabase, type BenchDatabase } from './support/bench-database';
import { figure, type Benchmark, type Figure } from './support/benchmark';
import { ackFigures, measureGuildClicks } from './support/clicks';
import { requestsPerApp } from './support/interleaved';
import { timeRefreshes } from './support/refresh-timing';
import { scratchDir } from './support/scratch-dir';
import { positiveSetting } from './support/settings';

/** 5,000 clicks per app in all (warm-up and each round's settling included): one per voter. */
const LOAD = {
  rate: positiveSetting(process.env, 'BENCH_POLLS_RATE', 100),
  warmupS: positiveSetting(process.env, 'BENCH_POLLS_WARMUP_S', 3),
  measureS: positiveSetting(process.env, 'BENCH_POLLS_MEASURE_S', 44.5),
  rounds: Math.round(positiveSetting(process.env, 'BENCH_POLLS_ROUNDS', 5)),
};
const RESULTS_RUNS = 50;

/**
 * A poll in a community of 5,000: the ack latency of vote clicks at a sustained rate, one click
 * per voter (against a bare Bolt app acking the same payloads, and a second one as the control,
 * taking turns), whether every click was counted
 * exactly once, and the cost of one results refresh of 5,000 votes (read, render, chat.update).
 */
const polls: Benchmark = {
  description: `vote-click ack latency of ${VOTERS} voters against a bare Bolt app, exact counts, and the results refresh cost`,
  async run(context) {
    const { cleanup, progress } = context;
    const dir = scratchDir(cleanup);
    progress('starting Postgres, applying migrations');
    const db = await startBenchDatabase(dir, cleanup);
    const workspace = await startPollWorkspace(db.prisma, cleanup, progress);
    const env = { SLACK_BOT_TOKEN: workspace.slack.botToken, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: workspace.slack.apiUrl };
    // Later clicks would change votes, and the count of silently lost votes below would not hold.
    if (requestsPerApp(LOAD) > VOTERS) throw new Error(`the load sends ${requestsPerApp(LOAD)} clicks per app: more than one per voter (${VOTERS})`);
    const clicks = (count: number, from: number) => voteRequests(workspace, count, from);
    const guildLog = process.env.BENCH_POLLS_GUILD_LOG ?? path.join(dir, 'guild.log');
    const guildEnv = { DATABASE_URL: db.url, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', SHUTDOWN_TIMEOUT_MS: '60000', GUILD_SECRET, BENCH_LOG_FILE: guildLog };
    const measured = await measureGuildClicks(env, guildEnv, clicks, LOAD, context);
    const { guild } = measured;
    // A click not acked within 3 s is one Slack gave up on (the person sees an error): it may or may not count.
    const acked = guild.requestsSent - guild.errors - guild.warmupErrors;
    const failed = readFileSync(guildLog, 'utf8').split('\n').filter((line) => line.includes('"msg":"action failed"')).length;
    const counted = await checkCounts(db, workspace.pollId);
    const lost = Math.max(0, acked - failed - counted.ballots);
    progress(`${acked} clicks acked, ${failed} failed after the ack (the voter was told); ${counted.ballots} voters counted, ${counted.oneEach ? 'one vote each' : 'SOME WITH MORE THAN ONE VOTE'}; ${lost} acked and silently lost`);
    const results = await measureResults(workspace, progress);

    return [
      ...ackFigures('vote_ack', measured),
      figure('votes_acked', acked, 0),
      figure('votes_failed_after_ack', failed, 0),
      figure('voters_counted', counted.ballots, 0),
      figure('votes_lost', lost + (counted.oneEach ? 0 : 1), 0),
      ...results,
      // The unconference allocation (500 people × 40 topics × 4 slots × 8 rooms) against the naive one.
      ...(await allocationFigures(context)),
    ];
  },
};

/** How many voters have a ballot with a vote, and whether each has exactly one (single choice). */
async function checkCounts(db: BenchDatabase, pollId: number): Promise<{ ballots: number; oneEach: boolean }> {
  const votes = await db.prisma.pollVote.findMany({ where: { pollId }, select: { voterKey: true } });
  const voters = new Set(votes.map((v) => v.voterKey)).size;
  return { ballots: voters, oneEach: voters === votes.length };
}

/** One results refresh as Guild does it (read 5,000 votes, render, chat.update), against the chat.update alone. */
async function measureResults(workspace: PollWorkspace, progress: (m: string) => void): Promise<Figure[]> {
  const { prisma, pollId, client, channel, messageTs } = workspace;
  const { query: q, full: f, update: u } = await timeRefreshes(RESULTS_RUNS, {
    read: async () => readState(prisma, (await findPoll(prisma, pollId))!),
    render: pollMessage,
    update: (content) => client.chat.update({ channel: channel.id, ts: messageTs, ...content }),
  });
  progress(`results: read ${q.p50.toFixed(2)} ms, refresh ${f.p50.toFixed(2)} ms (p95 ${f.p95.toFixed(2)}), chat.update alone ${u.p50.toFixed(2)} ms`);
  return [figure('results_query_ms', q.p50), figure('results_update_ms', f.p50), figure('results_update_p95_ms', f.p95), figure('results_update_baseline_ms', u.p50)];
}

export default polls;
