import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { CHECKOUT } from './linked-checkout';

export interface RunningGuild {
  child: ChildProcessWithoutNullStreams;
  lines: Record<string, unknown>[];
  stderr: string;
  /** Everything written to stdout, JSON log lines included. */
  stdout: string;
  exited: Promise<number | null>;
}

/**
 * Runs `src/main.ts` of a checkout (this one by default) as its own process, as `npm start` does
 * (without the build step), with only PATH and HOME from this environment.
 */
export function runGuild(env: Record<string, string>, checkout = CHECKOUT): RunningGuild {
  const tsx = path.join(checkout, 'node_modules', '.bin', 'tsx');
  // Its own process group, so a stuck one is killed with tsx's node child and Postgres (`exitOf`).
  const child = spawn(tsx, ['src/main.ts'], { cwd: checkout, detached: true, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env } });
  const running: RunningGuild = { child, lines: [], stderr: '', stdout: '', exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))) };
  let buffer = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    running.stdout += chunk.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    for (const line of parts) if (line.startsWith('{')) running.lines.push(JSON.parse(line) as Record<string, unknown>);
  });
  child.stderr.on('data', (chunk: Buffer) => (running.stderr += chunk.toString()));
  return running;
}

/** Polls `check` until it returns a value; fails, with the process's output, if it exits first or time runs out. */
export async function until<T>(what: string, check: () => T | undefined, running: RunningGuild, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline || running.child.exitCode !== null) throw new Error(`${what} did not happen; stderr:\n${running.stderr}\nlog:\n${running.lines.map((l) => l.msg).join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The exit code, once the process exits; if it has not within `timeoutMs`, it is killed (so it
 * cannot hold its DATA_DIR for the next test) and the test fails with the end of its log, which
 * shows the shutdown step it was stuck in.
 */
export async function exitOf(running: RunningGuild, what: string, timeoutMs = 90_000): Promise<number | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), timeoutMs)));
  const code = await Promise.race([running.exited, late]);
  clearTimeout(timer);
  if (code !== 'late') return code;
  killGroup(running);
  const tail = running.lines.slice(-40).map((l) => JSON.stringify(l)).join('\n');
  throw new Error(`${what}: the process had not exited after ${timeoutMs} ms; stderr:\n${running.stderr}\nlast log lines:\n${tail}`);
}

/** Kills the process, tsx's node child and the Postgres it started: they share a process group. */
export function killGroup(running: RunningGuild): void {
  try {
    if (running.child.pid !== undefined) process.kill(-running.child.pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}
