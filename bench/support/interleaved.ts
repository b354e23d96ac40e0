import { runOpenLoop, type OpenLoopResult, type PreparedRequest } from './open-loop';
import type { ServerProcess } from './server-process';

/** One app under load: its server process, and the requests it is sent (built fresh for each call). */
export interface LoadedApp {
  label: string;
  server: ServerProcess;
  requests(count: number): PreparedRequest[];
}

export interface InterleavedLoad {
  rate: number;
  /** Warm-up per app, once, before the first round; its latencies are discarded. */
  warmupS: number;
  /** Measured time per app, split over the rounds. */
  measureS: number;
  rounds: number;
  timeoutMs: number;
  accept?: (body: string) => boolean;
}

export interface AppLoadResult extends OpenLoopResult {
  /** Every request sent to the app, warm-ups included. */
  requestsSent: number;
  /** Server CPU time per request sent (warm-up included), in ms; NaN off Linux. */
  cpuMsPerRequest: number;
}

/**
 * The first half-second of each round re-opens the load generator's connections: sent at the
 * same rate, not counted.
 */
const ROUND_SETTLE_S = 0.5;

/** How many requests each app is sent under this load, warm-up and settling included. */
export function requestsPerApp(load: Pick<InterleavedLoad, 'rate' | 'warmupS' | 'measureS' | 'rounds'>): number {
  return Math.round(load.rate * load.warmupS) + load.rounds * Math.round(load.rate * (ROUND_SETTLE_S + load.measureS / load.rounds));
}

/**
 * Measures several apps under the same open-loop load, taking turns: every app is warmed up,
 * then each round gives each app an equal share of the measured time, in an order that reverses
 * every round (A B, B A, A B …). A quiet or noisy minute on a shared machine then falls on every
 * app alike, instead of on whichever app happened to be measured in it, and a slow drift cancels
 * out. Every server stays up throughout, so none is measured straight after its start.
 */
export async function runInterleaved(apps: LoadedApp[], load: InterleavedLoad, progress: (m: string) => void): Promise<AppLoadResult[]> {
  const roundS = load.measureS / load.rounds;
  const totals = apps.map(() => ({ parts: [] as OpenLoopResult[], cpuMs: 0, sent: 0 }));
  const segment = async (index: number, warmupS: number, measureS: number) => {
    const app = apps[index]!;
    const requests = app.requests(Math.round(load.rate * (warmupS + measureS)));
    const before = app.server.cpuMs();
    const part = await runOpenLoop({ url: new URL(app.server.url), rate: load.rate, warmupS, measureS, requests, timeoutMs: load.timeoutMs, accept: load.accept });
    const after = app.server.cpuMs();
    const total = totals[index]!;
    total.parts.push(part);
    if (measureS > 0) {
      const sorted = [...part.latenciesMs].sort((a, b) => a - b);
      const at = (q: number) => (sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN).toFixed(2);
      progress(`  ${app.label}: p50 ${at(0.5)} p99 ${at(0.99)} max ${at(1)} ms`);
    }
    total.cpuMs += before === undefined || after === undefined ? Number.NaN : after - before;
    total.sent += requests.length;
  };
  for (const [index, app] of apps.entries()) {
    progress(`${app.label}: ${load.warmupS}s warm-up at ${load.rate} req/s`);
    await segment(index, load.warmupS, 0);
  }
  progress(`${load.rounds} rounds of ${roundS.toFixed(1)}s per app, taking turns`);
  for (let round = 0; round < load.rounds; round += 1) {
    const order = apps.map((_, i) => i);
    if (round % 2 === 1) order.reverse();
    for (const index of order) await segment(index, ROUND_SETTLE_S, roundS);
  }
  return totals.map((t) => ({ ...merge(t.parts), requestsSent: t.sent, cpuMsPerRequest: t.cpuMs / t.sent }));
}

/** One result from an app's segments: every measured latency, errors summed, the worst lag. */
function merge(parts: OpenLoopResult[]): OpenLoopResult {
  const measured = parts.filter((p) => p.sent > 0);
  const worst = parts.reduce((a, b) => (b.maxSendLagMs > a.maxSendLagMs ? b : a), parts[0]!);
  return {
    latenciesMs: measured.flatMap((p) => p.latenciesMs),
    sent: measured.reduce((sum, p) => sum + p.sent, 0),
    errors: measured.reduce((sum, p) => sum + p.errors, 0),
    warmupErrors: parts.reduce((sum, p) => sum + p.warmupErrors, 0),
    achievedRate: Math.min(...measured.map((p) => p.achievedRate)),
    maxSendLagMs: worst.maxSendLagMs,
    maxSendLagAtS: worst.maxSendLagAtS,
  };
}
