import path from 'node:path';
import { stringify } from 'node:querystring';
import type { LocalSlack } from '../../src/sandbox';
import { figure, type BenchmarkContext, type Figure } from './benchmark';
import { runOpenLoop, type OpenLoopResult, type PreparedRequest } from './open-loop';
import { summarise } from './percentiles';
import { REPO_ROOT, startServerProcess } from './server-process';

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
  measureS: number;
}

/**
 * The Guild or bare server (bench/servers/<script>) in its own process, the clicks sent open-loop
 * at the load's rate, each ack expected empty within Slack's 3 s; then the server is stopped,
 * letting it finish the work its acks promised.
 */
export async function measureClicks(label: string, script: string, env: Record<string, string>, requests: PreparedRequest[], load: ClickLoad, { cleanup, progress }: BenchmarkContext): Promise<OpenLoopResult> {
  const server = await startServerProcess(path.join(REPO_ROOT, 'bench', 'servers', script), { env, cleanup, progress, stopTimeoutMs: 90_000 });
  progress(`${label}: ${load.warmupS}s warm-up + ${load.measureS}s of clicks at ${load.rate}/s`);
  const result = await runOpenLoop({ url: new URL(server.url), rate: load.rate, warmupS: load.warmupS, measureS: load.measureS, requests, timeoutMs: 3000, accept: (body) => body === '' });
  const s = summarise(result.latenciesMs);
  progress(`${label}: p50 ${s.p50.toFixed(2)} p95 ${s.p95.toFixed(2)} p99 ${s.p99.toFixed(2)} max ${s.max.toFixed(1)} ms; ${result.achievedRate.toFixed(1)}/s, ${result.errors} errors`);
  await server.stop();
  return result;
}

/** The ack figures of Guild's clicks against the bare app's: percentiles, the p99 ratio, rate and errors. */
export function ackFigures(prefix: string, guild: OpenLoopResult, bare: OpenLoopResult): Figure[] {
  const g = summarise(guild.latenciesMs);
  const b = summarise(bare.latenciesMs);
  return [
    figure(`${prefix}_p50_ms`, g.p50),
    figure(`${prefix}_p95_ms`, g.p95),
    figure(`${prefix}_p99_ms`, g.p99),
    figure(`${prefix}_baseline_p99_ms`, b.p99),
    figure(`${prefix}_p99_ratio`, g.p99 / b.p99),
    figure(`${prefix.split('_')[0]}_rate_rps`, Math.min(guild.achievedRate, bare.achievedRate), 1),
    figure(`${prefix.split('_')[0]}_errors`, guild.errors + bare.errors, 0),
  ];
}
