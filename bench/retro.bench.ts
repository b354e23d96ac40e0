import path from 'node:path';
import { boardMessage } from '../src/rituals/retro/retro.views';
import { GUILD_SECRET, ITEMS, PARTICIPANTS, SIGNING_SECRET, startRetroWorkspace, VOTE_BUDGET, type RetroWorkspace } from './retro/retro-setup';
import { voteRequests } from './retro/vote-requests';
import { startBenchDatabase, type BenchDatabase } from './support/bench-database';
import { figure, type Benchmark, type Figure } from './support/benchmark';
import { ackFigures, measureGuildClicks } from './support/clicks';
import { timeRefreshes } from './support/refresh-timing';
import { scratchDir } from './support/scratch-dir';
import { positiveSetting } from './support/settings';

const LOAD = {
  rate: positiveSetting(process.env, 'BENCH_RETRO_RATE', 100),
  warmupS: positiveSetting(process.env, 'BENCH_RETRO_WARMUP_S', 3),
  measureS: positiveSetting(process.env, 'BENCH_RETRO_MEASURE_S', 20),
  rounds: Math.round(positiveSetting(process.env, 'BENCH_RETRO_ROUNDS', 5)),
};
const BOARD_RUNS = 50;

/**
 * A retro with 200 participants and 1,000 items: the ack latency of vote clicks at a sustained
 * rate (against a bare Bolt app acking the same payloads, and a second one as the control, taking
 * turns), whether every budget held, and the cost of one board refresh (read, render,
 * chat.update) against the chat.update alone.
 */
const retro: Benchmark = {
  description: `vote-click ack latency and board refresh cost in a retro of ${PARTICIPANTS} people and ${ITEMS} items`,
  async run(context) {
    const { cleanup, progress } = context;
    const dir = scratchDir(cleanup);
    progress('starting Postgres, applying migrations');
    const db = await startBenchDatabase(dir, cleanup);
    const workspace = await startRetroWorkspace(db.prisma, cleanup, progress);

    const board = await measureBoard(workspace, progress);
    const env = { SLACK_BOT_TOKEN: workspace.slack.botToken, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: workspace.slack.apiUrl };
    const clicks = (count: number, from: number) => voteRequests(workspace, count, from);
    const guildEnv = { DATABASE_URL: db.url, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', SHUTDOWN_TIMEOUT_MS: '60000', GUILD_SECRET, BENCH_LOG_FILE: path.join(dir, 'guild.log') };
    const measured = await measureGuildClicks(env, guildEnv, clicks, LOAD, context);
    const budgets = await checkBudgets(db, workspace.retroId);
    progress(`votes counted ${budgets.counted}; participants over budget ${budgets.overBudget}; totals ${budgets.consistent ? 'agree' : 'DISAGREE'}`);

    return [
      ...ackFigures('vote_ack', measured),
      figure('votes_counted', budgets.counted, 0),
      figure('votes_over_budget', budgets.overBudget + (budgets.consistent ? 0 : 1), 0),
      ...board,
    ];
  },
};

/** Every budget held, and the three places votes are counted agree. */
async function checkBudgets(db: BenchDatabase, retroId: number): Promise<{ counted: number; overBudget: number; consistent: boolean }> {
  const participants = await db.prisma.retroParticipant.findMany({ where: { retroId } });
  const votes = await db.prisma.retroVote.aggregate({ where: { retroId }, _sum: { count: true } });
  const items = await db.prisma.retroItem.aggregate({ where: { retroId }, _sum: { votes: true } });
  const cast = participants.reduce((sum, p) => sum + p.votesCast, 0);
  return {
    counted: cast,
    overBudget: participants.filter((p) => p.votesCast > VOTE_BUDGET || p.votesCast < 0).length,
    consistent: cast === (votes._sum.count ?? 0) && cast === (items._sum.votes ?? 0),
  };
}

/** One board refresh as Guild does it, against the chat.update of an already rendered board. */
async function measureBoard(workspace: RetroWorkspace, progress: (m: string) => void): Promise<Figure[]> {
  const { retros, retroId, client, channel, boardTs } = workspace;
  const rendered = boardMessage(await retros.board(retroId));
  const { query: q, full: f, update: u } = await timeRefreshes(BOARD_RUNS, {
    read: () => retros.board(retroId),
    render: boardMessage,
    update: (content) => client.chat.update({ channel: channel.id, ts: boardTs, ...content }),
  });
  progress(`board: query ${q.p50.toFixed(2)} ms, refresh ${f.p50.toFixed(2)} ms (p95 ${f.p95.toFixed(2)}), chat.update alone ${u.p50.toFixed(2)} ms; ${rendered.blocks.length} blocks`);
  return [figure('board_query_ms', q.p50), figure('board_update_ms', f.p50), figure('board_update_p95_ms', f.p95), figure('board_update_baseline_ms', u.p50), figure('board_update_ratio', f.p50 / u.p50)];
}

export default retro;
