import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitForOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** Shown in the timeout error, to say what was awaited. */
  description?: string;
}

/** Polls until the predicate returns something truthy; tests use it for effects of async app work. */
export async function waitFor<T>(
  predicate: () => T | undefined | null | false,
  { timeoutMs = 5000, intervalMs = 10, description }: WaitForOptions = {},
): Promise<T> {
  const started = Date.now();
  let lastError: unknown;
  for (;;) {
    try {
      const value = predicate();
      if (value) return value;
    } catch (err) {
      // A predicate may throw while state is still incomplete (an expect() inside it); keep polling
      // and report the last error if time runs out.
      lastError = err;
    }
    if (Date.now() - started >= timeoutMs) {
      const what = description ?? predicate.toString().slice(0, 200);
      const cause = lastError instanceof Error ? `; last error: ${lastError.message}` : '';
      throw new Error(`waitFor timed out after ${timeoutMs} ms waiting for: ${what}${cause}`);
    }
    await sleep(intervalMs);
  }
}
