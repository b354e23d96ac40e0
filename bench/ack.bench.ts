import path from 'node:path';
import { ackSettings } from './ack/ack-settings';
import { helpRequests, profileRequests } from './ack/ack-requests';
import { SIGNING_SECRET, startAckWorkspace } from './ack/ack-workspace';
import { measureApps, type AppResults, type AppUnderTest } from './ack/measure-app';
import { startBenchDatabase } from './support/bench-database';
import { figure, type Benchmark, type Figure } from './support/benchmark';
import { summarise } from './support/percentiles';
import { scratchDir } from './support/scratch-dir';

const GUILD_VIEW_PREFIX = 'VGUILD';

/**
 * Ack latency of `/guild help` and of a profile submission under sustained signed-HTTP load,
 * for the real Guild and for a bare Bolt app that only acks (and a second one, the control), taking turns.
 */
const ack: Benchmark = {
  description: 'p50/p95/p99 ack latency of /guild help and a profile submission at 200 req/s, against a bare Bolt app',
  async run(context) {
    const { cleanup, progress } = context;
    const settings = ackSettings(process.env);
    const dir = scratchDir(cleanup);
    progress('starting Postgres, applying migrations, seeding a community');
    const db = await startBenchDatabase(dir, cleanup);
    const workspace = await startAckWorkspace(db.prisma, cleanup);
    const slackEnv = { SLACK_BOT_TOKEN: workspace.slack.botToken, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: workspace.slack.apiUrl };
    const help = (count: number, from: number) => helpRequests(workspace, count, from);
    const bare = (label: string, prefix: string): AppUnderTest => ({ label, script: 'bare-server.ts', env: slackEnv, help, profile: (count, from) => profileRequests(workspace, count, prefix, from) });
    const guildLog = settings.guildLogFile ?? path.join(dir, 'guild.log');
    const guildApp: AppUnderTest = {
      label: 'Guild',
      script: 'guild-server.ts',
      env: { ...slackEnv, DATABASE_URL: db.url, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', SHUTDOWN_TIMEOUT_MS: '60000', BENCH_LOG_FILE: guildLog },
      nodeArgs: [...(settings.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${settings.cpuProfileDir}`] : []), ...settings.guildNodeFlags],
      help,
      profile: (count, from) => profileRequests(workspace, count, GUILD_VIEW_PREFIX, from),
    };
    // A second bare app, measured like the first: how far apart two identical apps come out on
    // this machine, to read the ratio against.
    const [baseline, guild, control] = (await measureApps([bare('bare Bolt', 'VBARE'), guildApp, bare('bare Bolt (control)', 'VCTRL')], settings, context)) as [AppResults, AppResults, AppResults];

    // Guild has stopped, so every save its acks promised has finished or failed by now.
    const saved = await db.prisma.processedDelivery.count({ where: { key: { startsWith: `profile:${GUILD_VIEW_PREFIX}` } } });
    const skills = await db.prisma.topicSkill.count();
    const sent = guild.profile.requestsSent;
    progress(`Guild saved ${saved} of ${sent} profile submissions; ${skills} topic skills stored`);
    if (saved < sent) progress(`WARNING: ${sent - saved} acknowledged profile submissions were not saved (set BENCH_GUILD_LOG=<file> to keep Guild's log and see why)`);

    return [...latencyFigures(guild, baseline, control), ...summaryFigures(guild, baseline, control), figure('profiles_sent', sent, 0), figure('profiles_saved', saved, 0)];
  },
};

function latencyFigures(guild: AppResults, bare: AppResults, control: AppResults): Figure[] {
  const rows: [string, AppResults, 'help' | 'profile'][] = [
    ['help', guild, 'help'],
    ['profile', guild, 'profile'],
    ['bare_help', bare, 'help'],
    ['bare_profile', bare, 'profile'],
    ['control_help', control, 'help'],
    ['control_profile', control, 'profile'],
  ];
  return rows.flatMap(([name, results, scenario]) => {
    const s = summarise(results[scenario].latenciesMs);
    return [figure(`${name}_p50_ms`, s.p50), figure(`${name}_p95_ms`, s.p95), figure(`${name}_p99_ms`, s.p99)];
  });
}

/**
 * The ratio is the worse of the two scenarios: Guild must keep up on both. The control ratio is
 * the same figure for two identical bare apps (either way round): the noise the ratio carries.
 */
function summaryFigures(guild: AppResults, bare: AppResults, control: AppResults): Figure[] {
  const p99 = (r: AppResults, scenario: 'help' | 'profile') => summarise(r[scenario].latenciesMs).p99;
  const scenarios = ['help', 'profile'] as const;
  const ratio = Math.max(...scenarios.map((s) => p99(guild, s) / p99(bare, s)));
  const noise = Math.max(...scenarios.map((s) => Math.max(p99(control, s) / p99(bare, s), p99(bare, s) / p99(control, s))));
  const all = [guild, bare, control].flatMap((r) => [r.help, r.profile]);
  return [
    figure('p99_ratio', ratio),
    figure('control_p99_ratio', noise),
    figure('rate_rps', Math.min(...all.map((r) => r.achievedRate)), 1),
    figure('errors', all.reduce((sum, r) => sum + r.errors, 0), 0),
  ];
}

export default ack;
