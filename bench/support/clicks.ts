import path from 'node:path';
import { stringify } from 'node:querystring';
import type { LocalSlack } from '../../src/sandbox';
import { figure, type BenchmarkContext, type Figure } from './benchmark';
import { runInterleaved, type AppLoadResult } from './interleaved';
import type { PreparedRequest } from './open-loop';
import { summarise } from './percentiles';
import { REPO_ROOT, startServerProcess, type ServerProcess } from './server-process';

/** An interaction payload as Slack posts it to the Request URL: form-encoded and signed. */
export function signedInteraction(slack: LocalSlack, payload: unknown): PreparedRequest {
  const body = stringify({ payload: JSON.stringify(payload) });
  const raw = Buffer.from(body, 'utf8');
  return {
    body: raw,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': String(raw.length),
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
      ...slack.signRequest(body, Math.floor(Date.now() / 1000)),
    },
  };
}

export interface ClickLoad {
  rate: number;
  warmupS: number;
  /** Measured time per app, split over the rounds (see bench/support/interleaved.ts). */
  measureS: number;
  rounds: number;
}

/** One app clicked at: a server script under bench/servers, its environment, its clicks. */
export interface ClickApp {
  label: string;
  script: string;
  env: Record<string, string>;
  /** Extra node flags (the Guild server's come from BENCH_GUILD_NODE_FLAGS, e.g. `--cpu-prof`, for investigations). */
  nodeArgs?: string[];
  /** The app's clicks from click number `from` on: each app's clicks continue where its last turn stopped. */
  clicks(count: number, from: number): PreparedRequest[];
}

/** Extra node flags for the Guild server only, from BENCH_GUILD_NODE_FLAGS (space-separated). */
export function guildNodeFlags(env: NodeJS.ProcessEnv): string[] {
  return (env.BENCH_GUILD_NODE_FLAGS ?? '').split(' ').filter(Boolean);
}

/** Slack shows the person an error if the ack takes longer than this. */
export const ACK_DEADLINE_MS = 3000;

/**
 * An app's requests for runInterleaved, each turn's continuing from the request number where the
 * app's last turn stopped (so ids stay unique and a vote pattern runs on).
 */
export function continuing(make: (count: number, from: number) => PreparedRequest[]): (count: number) => PreparedRequest[] {
  let sent = 0;
  return (count) => {
    const requests = make(count, sent);
    sent += count;
    return requests;
  };
}

/**
 * Every app in its own process, clicked open-loop at the load's rate, taking turns (a bare app,
 * Guild, a second bare app as the control), each ack expected empty within Slack's 3 s; then
 * every server is stopped, letting it finish the work its acks promised.
 */
export async function measureClicks(apps: ClickApp[], load: ClickLoad, { cleanup, progress }: BenchmarkContext): Promise<AppLoadResult[]> {
  const servers: ServerProcess[] = [];
  for (const app of apps) {
    progress(`starting ${app.label}`);
    servers.push(await startServerProcess(path.join(REPO_ROOT, 'bench', 'servers', app.script), { env: app.env, nodeArgs: app.nodeArgs, cleanup, progress, stopTimeoutMs: 90_000 }));
  }
  const loaded = apps.map((app, i) => ({ label: app.label, server: servers[i]!, requests: continuing(app.clicks) }));
  const results = await runInterleaved(loaded, { ...load, timeoutMs: ACK_DEADLINE_MS, accept: (body) => body === '' }, progress);
  for (const [i, app] of apps.entries()) {
    const result = results[i]!;
    const s = summarise(result.latenciesMs);
    // CPU time per click (warm-up included) varies far less than tail latency on a shared machine.
    const cpu = Number.isNaN(result.cpuMsPerRequest) ? '' : `; server CPU ${result.cpuMsPerRequest.toFixed(3)} ms/click`;
    progress(`${app.label}: p50 ${s.p50.toFixed(2)} p95 ${s.p95.toFixed(2)} p99 ${s.p99.toFixed(2)} max ${s.max.toFixed(1)} ms; ${result.achievedRate.toFixed(1)}/s, ${result.errors} errors${cpu}`);
  }
  for (const server of servers) await server.stop();
  return results;
}

/** What a click benchmark measures Guild against: a bare Bolt app, and a second one as the control. */
export interface GuildClicks {
  guild: AppLoadResult;
  bare: AppLoadResult;
  control: AppLoadResult;
}

/**
 * The same clicks sent to a bare Bolt app, to Guild (its environment given; node flags from
 * BENCH_GUILD_NODE_FLAGS) and to a second bare app, taking turns.
 */
export async function measureGuildClicks(slackEnv: Record<string, string>, guildEnv: Record<string, string>, clicks: ClickApp['clicks'], load: ClickLoad, context: BenchmarkContext): Promise<GuildClicks> {
  const bare = (label: string): ClickApp => ({ label, script: 'bare-server.ts', env: slackEnv, clicks });
  const guildApp: ClickApp = { label: 'Guild', script: 'guild-server.ts', env: { ...slackEnv, ...guildEnv }, nodeArgs: guildNodeFlags(process.env), clicks };
  const [baseline, guild, control] = (await measureClicks([bare('bare Bolt'), guildApp, bare('bare Bolt (control)')], load, context)) as [AppLoadResult, AppLoadResult, AppLoadResult];
  return { guild, bare: baseline, control };
}

/**
 * The ack figures of Guild's clicks against the bare app's: percentiles, the p99 ratio, the same
 * ratio for two identical bare apps (either way round: the noise the ratio carries), rate and errors.
 */
export function ackFigures(prefix: string, { guild, bare, control }: GuildClicks): Figure[] {
  const g = summarise(guild.latenciesMs);
  const b = summarise(bare.latenciesMs);
  const c = summarise(control.latenciesMs);
  const all = [guild, bare, control];
  return [
    figure(`${prefix}_p50_ms`, g.p50),
    figure(`${prefix}_p95_ms`, g.p95),
    figure(`${prefix}_p99_ms`, g.p99),
    figure(`${prefix}_baseline_p99_ms`, b.p99),
    figure(`${prefix}_p99_ratio`, g.p99 / b.p99),
    figure(`${prefix}_control_p99_ratio`, Math.max(c.p99 / b.p99, b.p99 / c.p99)),
    figure(`${prefix.split('_')[0]}_rate_rps`, Math.min(...all.map((r) => r.achievedRate)), 1),
    figure(`${prefix.split('_')[0]}_errors`, all.reduce((sum, r) => sum + r.errors, 0), 0),
  ];
}
