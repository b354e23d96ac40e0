import { Agent, request, type OutgoingHttpHeaders } from 'node:http';
import { performance } from 'node:perf_hooks';

/** A request built before the timed section: only writing it remains. */
export interface PreparedRequest {
  body: Buffer;
  headers: OutgoingHttpHeaders;
}

export interface OpenLoopOptions {
  url: URL;
  /** Requests per second, sent on a fixed schedule whatever the responses. */
  rate: number;
  warmupS: number;
  measureS: number;
  /** One per scheduled send, warm-up first: rate × (warmupS + measureS) of them. */
  requests: readonly PreparedRequest[];
  /** A response slower than this counts as an error (Slack gives up on an ack after 3 s). */
  timeoutMs: number;
  /** Whether a 200 response is the answer expected; anything else counts as an error. */
  accept?: (body: string) => boolean;
}

export interface OpenLoopResult {
  /** Latency of every request scheduled in the measured window, failures included. */
  latenciesMs: number[];
  sent: number;
  errors: number;
  /** Errors among the warm-up requests, which are otherwise discarded. */
  warmupErrors: number;
  /** Requests per second actually sent in the measured window. */
  achievedRate: number;
  /** How late the generator sent, at worst: large values mean the generator, not the app, lagged. */
  maxSendLagMs: number;
  /** When the worst lag happened, in seconds from the first scheduled send. */
  maxSendLagAtS: number;
}

/**
 * Open-loop load: request i is sent at start + i / rate, not when an earlier one returns, so a
 * slow response delays no later request and cannot hide itself (no coordinated omission).
 * Latency runs from just before the request is written to the end of its response.
 */
export async function runOpenLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const { url, rate, requests, timeoutMs } = options;
  const agent = new Agent({ keepAlive: true });
  const intervalMs = 1000 / rate;
  const firstMeasured = Math.round(rate * options.warmupS);
  const latenciesMs: number[] = [];
  const pending: Promise<void>[] = [];
  let errors = 0;
  let warmupErrors = 0;
  let maxSendLagMs = 0;
  let maxSendLagAtS = 0;
  const start = performance.now() + 20;
  let firstSentAt = 0;
  let lastSentAt = 0;

  const send = (index: number, due: number): void => {
    const prepared = requests[index];
    if (!prepared) return;
    const measured = index >= firstMeasured;
    pending.push(
      new Promise<void>((resolve) => {
        let started = 0;
        let finished = false;
        // A timeout can fire after the response began, so an outcome may be reported twice.
        const finish = (ok: boolean) => {
          if (finished) return;
          finished = true;
          if (measured) {
            latenciesMs.push(performance.now() - started);
            if (!ok) errors += 1;
          } else if (!ok) warmupErrors += 1;
          resolve();
        };
        const req = request(url, { method: 'POST', agent, headers: prepared.headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => finish(res.statusCode === 200 && (options.accept?.(Buffer.concat(chunks).toString('utf8')) ?? true)));
          res.on('error', () => finish(false));
        });
        req.on('error', () => finish(false));
        started = performance.now();
        // A hard deadline from the write: a socket timeout would restart on every byte received.
        const deadline = setTimeout(() => req.destroy(new Error('timed out')), timeoutMs);
        req.on('close', () => clearTimeout(deadline));
        if (started - due > maxSendLagMs) {
          maxSendLagMs = started - due;
          maxSendLagAtS = (due - start) / 1000;
        }
        if (index === firstMeasured) firstSentAt = started;
        lastSentAt = started;
        req.end(prepared.body);
      }),
    );
  };

  await new Promise<void>((resolve) => {
    let next = 0;
    const tick = () => {
      const now = performance.now();
      // Catch up on every send that fell due while the timer slept.
      for (let due = start + next * intervalMs; next < requests.length && due <= now; due = start + next * intervalMs) send(next++, due);
      if (next >= requests.length) return resolve();
      setTimeout(tick, Math.max(0, start + next * intervalMs - performance.now()));
    };
    setTimeout(tick, Math.max(0, start - performance.now()));
  });
  await Promise.all(pending);
  agent.destroy();

  const measuredCount = requests.length - firstMeasured;
  const windowS = (lastSentAt - firstSentAt) / 1000;
  return {
    latenciesMs,
    sent: measuredCount,
    errors,
    warmupErrors,
    achievedRate: windowS > 0 ? (measuredCount - 1) / windowS : Number.NaN,
    maxSendLagMs,
    maxSendLagAtS,
  };
}
