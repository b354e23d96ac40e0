import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Cleanup } from './cleanup';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** Printed by a server child on stdout once it listens; see bench/servers/serve.ts. */
export const READY_PREFIX = 'ready ';

export interface ServerProcess {
  url: string;
  /** Asks the server to stop (it drains its work first) and waits for it to exit. */
  stop(): Promise<void>;
  /** CPU time (user + system, all threads) the server has used so far, in ms; undefined off Linux. */
  cpuMs(): number | undefined;
}

/** Linux reports a process's CPU time in clock ticks of USER_HZ, which is 100 on every platform it runs on. */
const TICKS_PER_S = 100;

function cpuMsOf(pid: number | undefined): number | undefined {
  try {
    // Fields after the parenthesised command name: utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1000) / TICKS_PER_S : undefined;
  } catch {
    return undefined;
  }
}

const live = new Set<ChildProcess>();

/** For an interrupt: signals every server child at once, without waiting. */
export function signalServerProcesses(): void {
  for (const child of live) child.kill('SIGTERM');
}

/**
 * Runs `script` (a TypeScript file under bench/servers) in its own Node process, so the app
 * under test never shares an event loop with the load generator. Resolves with its URL.
 */
export async function startServerProcess(
  script: string,
  options: { env: Record<string, string>; nodeArgs?: string[]; cleanup: Cleanup; stopTimeoutMs?: number; progress: (m: string) => void },
): Promise<ServerProcess> {
  const name = path.basename(script, '.ts');
  // stdin stays open as a lifeline: the child stops itself when it closes (the parent died).
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', script], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  live.add(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => {
    live.delete(child);
    resolve(code);
  }));

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => {
      options.progress(`${name} did not stop in time; killing it`);
      child.kill('SIGKILL');
    }, options.stopTimeoutMs ?? 30_000);
    await exited;
    clearTimeout(timer);
  };
  options.cleanup.add(`stop ${name}`, stop);

  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      if (line.startsWith(READY_PREFIX)) resolve(line.slice(READY_PREFIX.length).trim());
      else options.progress(`[${name}] ${line}`);
    });
    void exited.then((code) => reject(new Error(`${name} exited (code ${code}) before it was ready`)));
  });
  return { url, stop, cpuMs: () => cpuMsOf(child.pid) };
}
