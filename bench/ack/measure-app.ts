import path from 'node:path';
import type { BenchmarkContext } from '../support/benchmark';
import { requestsNeeded, runOpenLoop, type OpenLoopResult, type PreparedRequest } from '../support/open-loop';
import { summarise } from '../support/percentiles';
import { REPO_ROOT, startServerProcess } from '../support/server-process';
import type { AckSettings } from './ack-settings';

/** Slack shows the user an error if the ack takes longer than this. */
const ACK_DEADLINE_MS = 3000;

export interface AppUnderTest {
  label: string;
  /** Server script, relative to bench/servers. */
  script: string;
  env: Record<string, string>;
  nodeArgs?: string[];
}

export interface AppResults {
  help: OpenLoopResult;
  profile: OpenLoopResult;
}

/**
 * Starts one app in its own process, runs the help scenario then the profile scenario against it
 * (each warmed up, then measured), and stops it, letting it finish the work its acks promised.
 */
export async function measureApp(
  app: AppUnderTest,
  build: { help(count: number): PreparedRequest[]; profile(count: number): PreparedRequest[] },
  settings: AckSettings,
  { cleanup, progress }: BenchmarkContext,
): Promise<AppResults> {
  const count = requestsNeeded(settings.rate, settings.warmupS, settings.measureS);
  const server = await startServerProcess(path.join(REPO_ROOT, 'bench', 'servers', app.script), {
    env: app.env,
    nodeArgs: app.nodeArgs,
    cleanup,
    progress,
    stopTimeoutMs: 90_000,
  });
  const url = new URL(server.url);
  const scenario = async (name: string, requests: PreparedRequest[], accept?: (body: string) => boolean) => {
    progress(`${app.label} ${name}: ${settings.warmupS}s warm-up + ${settings.measureS}s at ${settings.rate} req/s`);
    const cpuBefore = server.cpuMs();
    const result = await runOpenLoop({ url, rate: settings.rate, warmupS: settings.warmupS, measureS: settings.measureS, requests, timeoutMs: ACK_DEADLINE_MS, accept });
    const s = summarise(result.latenciesMs);
    const cpuAfter = server.cpuMs();
    // CPU time per request (warm-up included) varies far less than tail latency on a shared machine.
    const cpu = cpuBefore === undefined || cpuAfter === undefined ? '' : `; server CPU ${((cpuAfter - cpuBefore) / requests.length).toFixed(3)} ms/request`;
    progress(
      `${app.label} ${name}: p50 ${s.p50.toFixed(2)} p95 ${s.p95.toFixed(2)} p99 ${s.p99.toFixed(2)} max ${s.max.toFixed(1)} ms; ` +
        `${result.achievedRate.toFixed(1)} req/s, ${result.errors} errors (${result.warmupErrors} in warm-up), send lag ≤ ${result.maxSendLagMs.toFixed(1)} ms (at ${result.maxSendLagAtS.toFixed(1)}s)${cpu}`,
    );
    return result;
  };
  const help = await scenario('/guild help', build.help(count));
  // A profile ack must be empty: an `errors` response means validation rejected the submission.
  const profile = await scenario('profile submission', build.profile(count), (body) => body === '');
  progress(`${app.label}: stopping (waiting for work in flight)`);
  const stopping = Date.now();
  await server.stop();
  progress(`${app.label}: stopped after ${((Date.now() - stopping) / 1000).toFixed(1)}s`);
  return { help, profile };
}
