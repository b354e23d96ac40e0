import { setTimeout as sleep } from 'node:timers/promises';

export interface PollOptions {
  /** What is awaited, for the timeout error. */
  what: string;
  timeoutMs: number;
  intervalMs?: number;
  /** Called with each answer that is not yet the awaited one, e.g. to report progress. */
  onPending?: (value: number) => void;
}

/**
 * Asks `measure` (typically a count in the database) until it reaches `target`; throws once
 * `timeoutMs` has passed, so a benchmark whose app stalled fails instead of hanging.
 */
export async function pollUntil(measure: () => Promise<number>, target: number, options: PollOptions): Promise<number> {
  const started = Date.now();
  for (;;) {
    const value = await measure();
    if (value >= target) return value;
    if (Date.now() - started >= options.timeoutMs) throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${options.what}: ${value} of ${target}`);
    options.onPending?.(value);
    await sleep(options.intervalMs ?? 200);
  }
}
