import path from 'node:path';
import type { BenchmarkContext } from '../support/benchmark';
import { ACK_DEADLINE_MS, continuing } from '../support/clicks';
import { runInterleaved, type AppLoadResult } from '../support/interleaved';
import type { PreparedRequest } from '../support/open-loop';
import { summarise } from '../support/percentiles';
import { REPO_ROOT, startServerProcess, type ServerProcess } from '../support/server-process';
import type { AckSettings } from './ack-settings';

export interface AppUnderTest {
  label: string;
  /** Server script, relative to bench/servers. */
  script: string;
  env: Record<string, string>;
  nodeArgs?: string[];
  /** The app's requests of each scenario, from request number `from` on (ids stay unique across rounds). */
  help(count: number, from: number): PreparedRequest[];
  profile(count: number, from: number): PreparedRequest[];
}

export interface AppResults {
  help: AppLoadResult;
  profile: AppLoadResult;
}

/**
 * Starts every app in its own process, runs the help scenario then the profile scenario against
 * them, taking turns (see runInterleaved), and stops them, letting each finish the work its acks
 * promised.
 */
export async function measureApps(apps: AppUnderTest[], settings: AckSettings, { cleanup, progress }: BenchmarkContext): Promise<AppResults[]> {
  const servers: ServerProcess[] = [];
  for (const app of apps) {
    progress(`starting ${app.label}`);
    servers.push(await startServerProcess(path.join(REPO_ROOT, 'bench', 'servers', app.script), { env: app.env, nodeArgs: app.nodeArgs, cleanup, progress, stopTimeoutMs: 90_000 }));
  }
  const load = { rate: settings.rate, warmupS: settings.warmupS, measureS: settings.measureS, rounds: settings.rounds, timeoutMs: ACK_DEADLINE_MS };
  const scenario = async (name: 'help' | 'profile', accept?: (body: string) => boolean) => {
    progress(`${name}: ${apps.map((a) => a.label).join(', ')}`);
    const loaded = apps.map((app, i) => ({ label: app.label, server: servers[i]!, requests: continuing((count, from) => app[name](count, from)) }));
    const results = await runInterleaved(loaded, { ...load, accept }, progress);
    results.forEach((result, i) => progress(line(`${apps[i]!.label} ${name}`, result)));
    return results;
  };
  const help = await scenario('help');
  // A profile ack must be empty: an `errors` response means validation rejected the submission.
  const profile = await scenario('profile', (body) => body === '');
  for (const [i, app] of apps.entries()) {
    progress(`${app.label}: stopping (waiting for work in flight)`);
    const stopping = Date.now();
    await servers[i]!.stop();
    progress(`${app.label}: stopped after ${((Date.now() - stopping) / 1000).toFixed(1)}s`);
  }
  return apps.map((_, i) => ({ help: help[i]!, profile: profile[i]! }));
}

function line(label: string, result: AppLoadResult): string {
  const s = summarise(result.latenciesMs);
  // CPU time per request (warm-up included) varies far less than tail latency on a shared machine.
  const cpu = Number.isNaN(result.cpuMsPerRequest) ? '' : `; server CPU ${result.cpuMsPerRequest.toFixed(3)} ms/request`;
  return (
    `${label}: p50 ${s.p50.toFixed(2)} p95 ${s.p95.toFixed(2)} p99 ${s.p99.toFixed(2)} max ${s.max.toFixed(1)} ms; ` +
    `${result.achievedRate.toFixed(1)} req/s, ${result.errors} errors (${result.warmupErrors} in warm-ups), send lag ≤ ${result.maxSendLagMs.toFixed(1)} ms${cpu}`
  );
}
