import { execFile, spawn, type ChildProcess } from 'node:child_process';
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

let compiling: Promise<void> | undefined;

/**
 * bench/servers and src, compiled to dist/ (once per run; incremental, so quick when little
 * changed). Servers then run as `npm start` runs Guild: plain node on compiled JavaScript. Under
 * a TypeScript loader, Guild's heap is about 14 MB larger (its transpiled sources), and a larger
 * heap costs every garbage collection, which is what an ack's tail latency is made of.
 */
function compileServers(progress: (m: string) => void): Promise<void> {
  compiling ??= new Promise<void>((resolve, reject) => {
    progress('compiling the benchmark servers (bench/tsconfig.servers.json)');
    execFile(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(REPO_ROOT, 'bench', 'tsconfig.servers.json')], { cwd: REPO_ROOT }, (err, stdout) => {
      if (err) reject(new Error(`compiling the benchmark servers failed:\n${stdout}`));
      else resolve();
    });
  });
  return compiling;
}

/** Where the compiled form of a script under bench/servers is. */
function compiledPath(script: string): string {
  return path.join(REPO_ROOT, 'dist', path.relative(REPO_ROOT, script)).replace(/\.ts$/, '.js');
}

/**
 * Runs `script` (a TypeScript file under bench/servers), compiled, in its own Node process, so
 * the app under test never shares an event loop with the load generator. Resolves with its URL.
 */
export async function startServerProcess(
  script: string,
  options: { env: Record<string, string>; nodeArgs?: string[]; cleanup: Cleanup; stopTimeoutMs?: number; progress: (m: string) => void },
): Promise<ServerProcess> {
  const name = path.basename(script, '.ts');
  await compileServers(options.progress);
  // stdin stays open as a lifeline: the child stops itself when it closes (the parent died).
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), compiledPath(script)], {
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
