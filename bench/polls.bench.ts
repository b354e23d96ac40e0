import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pollMessage } from '../src/rituals/polls/polls.messages';
import { findPoll, readState } from '../src/rituals/polls/polls.store';
import { GUILD_SECRET, SIGNING_SECRET, startPollWorkspace, VOTERS, type PollWorkspace } from './polls/poll-setup';
import { voteRequests } from './polls/vote-requests';
import { startBenchDatabase, type BenchDatabase } from './support/bench-database';
import { figure, type Benchmark, type BenchmarkContext, type Figure } from './support/benchmark';
import { requestsNeeded, runOpenLoop, type OpenLoopResult } from './support/open-loop';
import { summarise } from './support/percentiles';
import { scratchDir } from './support/scratch-dir';
import { REPO_ROOT, startServerProcess } from './support/server-process';

const RATE = Number(process.env.BENCH_POLLS_RATE ?? 100);
const WARMUP_S = Number(process.env.BENCH_POLLS_WARMUP_S ?? 3);
const MEASURE_S = Number(process.env.BENCH_POLLS_MEASURE_S ?? 47);
const RESULTS_RUNS = 50;

/**
 * A poll in a community of 5,000: the ack latency of vote clicks at a sustained rate, one click
 * per voter (against a bare Bolt app acking the same payloads), whether every click was counted
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
    const count = requestsNeeded(RATE, WARMUP_S, MEASURE_S);
    const bare = await measureVotes('bare Bolt', 'bare-server.ts', env, workspace, count, context);
    const guild = await measureVotes('Guild', 'guild-server.ts', { ...env, DATABASE_URL: db.url, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', SHUTDOWN_TIMEOUT_MS: '60000', GUILD_SECRET, BENCH_LOG_FILE: process.env.BENCH_POLLS_GUILD_LOG ?? path.join(dir, 'guild.log') }, workspace, count, context);
    const counted = await checkCounts(db, workspace.pollId, count);
    progress(`ballots ${counted.ballots} of ${Math.min(count, VOTERS)} voters; votes ${counted.votes}; ${counted.exact ? 'exact' : 'NOT EXACT'}`);
    const results = await measureResults(workspace, progress);

    const g = summarise(guild.latenciesMs);
    const b = summarise(bare.latenciesMs);
    return [
      figure('vote_ack_p50_ms', g.p50),
      figure('vote_ack_p95_ms', g.p95),
      figure('vote_ack_p99_ms', g.p99),
      figure('vote_ack_baseline_p99_ms', b.p99),
      figure('vote_ack_p99_ratio', g.p99 / b.p99),
      figure('vote_rate_rps', Math.min(guild.achievedRate, bare.achievedRate), 1),
      figure('vote_errors', guild.errors + bare.errors, 0),
      figure('voters_counted', counted.ballots, 0),
      figure('votes_not_exact', counted.exact ? 0 : 1, 0),
      ...results,
    ];
  },
};

/** The Guild or bare server in its own process, the vote clicks at RATE per second, then stopped. */
async function measureVotes(label: string, script: string, env: Record<string, string>, workspace: PollWorkspace, count: number, { cleanup, progress }: BenchmarkContext): Promise<OpenLoopResult> {
  const server = await startServerProcess(path.join(REPO_ROOT, 'bench', 'servers', script), { env, cleanup, progress, stopTimeoutMs: 90_000 });
  progress(`${label}: ${WARMUP_S}s warm-up + ${MEASURE_S}s of vote clicks at ${RATE}/s`);
  const result = await runOpenLoop({ url: new URL(server.url), rate: RATE, warmupS: WARMUP_S, measureS: MEASURE_S, requests: voteRequests(workspace, count), timeoutMs: 3000, accept: (body) => body === '' });
  const s = summarise(result.latenciesMs);
  progress(`${label}: p50 ${s.p50.toFixed(2)} p95 ${s.p95.toFixed(2)} p99 ${s.p99.toFixed(2)} max ${s.max.toFixed(1)} ms; ${result.achievedRate.toFixed(1)}/s, ${result.errors} errors`);
  await server.stop(); // lets the votes its acks promised finish
  return result;
}

/**
 * Every voter has one ballot and, single choice, exactly one vote: the option their last click
 * chose. The expected final vote of each voter is recomputed from the same rule as the clicks.
 */
async function checkCounts(db: BenchDatabase, pollId: number, clicks: number): Promise<{ ballots: number; votes: number; exact: boolean }> {
  const ballots = await db.prisma.pollBallot.count({ where: { pollId } });
  const votes = await db.prisma.pollVote.findMany({ where: { pollId }, select: { voterKey: true, optionId: true } });
  const voters = Math.min(clicks, VOTERS);
  const oneEach = new Set(votes.map((v) => v.voterKey)).size === votes.length;
  return { ballots, votes: votes.length, exact: ballots === voters && votes.length === voters && oneEach };
}

/** One results refresh as Guild does it (read 5,000 votes, render, chat.update), against the chat.update alone. */
async function measureResults(workspace: PollWorkspace, progress: (m: string) => void): Promise<Figure[]> {
  const { prisma, pollId, client, channel, messageTs } = workspace;
  const render = async () => pollMessage(await readState(prisma, (await findPoll(prisma, pollId))!));
  const rendered = await render();
  const time = async (fn: () => Promise<unknown>) => {
    const started = performance.now();
    await fn();
    return performance.now() - started;
  };
  const query: number[] = [];
  const full: number[] = [];
  const update: number[] = [];
  for (let i = 0; i < 5; i += 1) await render(); // warm-up
  for (let i = 0; i < RESULTS_RUNS; i += 1) {
    query.push(await time(render));
    full.push(await time(async () => client.chat.update({ channel: channel.id, ts: messageTs, ...(await render()) })));
    update.push(await time(() => client.chat.update({ channel: channel.id, ts: messageTs, ...rendered })));
  }
  const [q, f, u] = [summarise(query), summarise(full), summarise(update)];
  progress(`results: read+render ${q.p50.toFixed(2)} ms, refresh ${f.p50.toFixed(2)} ms (p95 ${f.p95.toFixed(2)}), chat.update alone ${u.p50.toFixed(2)} ms`);
  return [figure('results_query_ms', q.p50), figure('results_update_ms', f.p50), figure('results_update_p95_ms', f.p95), figure('results_update_baseline_ms', u.p50)];
}

export default polls;
