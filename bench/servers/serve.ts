import { READY_PREFIX } from '../support/server-process';

export interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * The child side of bench/support/server-process.ts: start, announce the URL on stdout, then stop
 * cleanly when asked (SIGTERM/SIGINT) or when the parent goes away (stdin closes).
 */
export async function serveUntilStopped(start: () => Promise<RunningServer>): Promise<void> {
  const server = await start();
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    server.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`server stop failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdin.on('end', stop);
  process.stdin.resume();
  process.stdout.write(`${READY_PREFIX}${server.url}\n`);
}

export function fail(err: unknown): never {
  process.stderr.write(`server failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
}
