import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Logger } from 'pino';
import { StartupError } from '../startup-error';

const execFileAsync = promisify(execFile);

/**
 * Who holds a data directory's lock file, `postmaster.pid` (its first line is the server's pid).
 * Postgres refuses to start while that pid is alive and takes over the file of a dead one; it
 * cannot tell, though, a server that a killed Guild left behind (still serving the data, with
 * nobody to stop it) from one another Guild is using, nor a pid that was reused by something
 * else (after a reboot, in a new container): those are judged here.
 */
export type LockHolder =
  | { kind: 'none' }
  /** The file names no live Postgres: a dead pid (Postgres takes such a file over), or a pid reused by another program. */
  | { kind: 'stale'; pid: number; reusedBy?: string }
  /** A live Postgres whose starter is gone: it was left behind by a Guild that was killed. */
  | { kind: 'orphan'; pid: number }
  /** A live Postgres whose starter, a Node.js process, still runs: another Guild is using this data. */
  | { kind: 'owned'; pid: number; parent: number };

interface ProcessInfo {
  name: string;
  parent: number;
}

export async function lockHolder(dataDir: string): Promise<LockHolder> {
  const text = await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8').catch(() => undefined);
  const pid = Number.parseInt(text?.split('\n')[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0) return { kind: 'none' };
  const info = await processInfo(pid);
  if (!info) return { kind: 'stale', pid };
  if (info.name !== 'postgres') return { kind: 'stale', pid, reusedBy: info.name };
  // A server Guild starts is its child; once that Guild is gone, it is re-parented (to init, or
  // to a sub-reaper such as tini), none of which runs Node.js.
  const parent = info.parent > 1 ? await processInfo(info.parent) : undefined;
  if (parent && /^node/.test(parent.name)) return { kind: 'owned', pid, parent: info.parent };
  return { kind: 'orphan', pid };
}

/**
 * Makes the data directory free for a server of ours, or says why it cannot be: never two
 * servers on one data directory. A server left behind is stopped rather than reused, because
 * Guild runs its server as a child process, which is how it notices the server dying (and
 * restarts it), and with its own port and settings.
 */
export async function settleLockFile(dataDir: string, logger: Logger): Promise<void> {
  const holder = await lockHolder(dataDir);
  switch (holder.kind) {
    case 'none':
      return;
    case 'stale':
      if (holder.reusedBy !== undefined) {
        // Postgres would refuse to start while that pid lives; it is not a server.
        logger.info({ pid: holder.pid, process: holder.reusedBy }, 'removing a stale postmaster.pid: its pid now belongs to another program');
        await rm(path.join(dataDir, 'postmaster.pid'), { force: true });
      }
      return;
    case 'owned':
      throw new StartupError(
        `Another process (pid ${holder.parent}) is running the embedded Postgres (pid ${holder.pid}) on ${dataDir}: is another Guild using this DATA_DIR? ` +
          `Stop it first, or give each Guild its own DATA_DIR (or one DATABASE_URL for all of them).`,
      );
    case 'orphan':
      logger.warn({ pid: holder.pid, dataDir }, 'a Postgres server left running by an earlier Guild holds the data directory: stopping it (fast shutdown) before starting ours');
      await stopOrphan(holder.pid, dataDir);
  }
}

/** Fast shutdown (SIGINT: clients disconnected, a checkpoint, exit); immediate shutdown (SIGQUIT) if that hangs. */
async function stopOrphan(pid: number, dataDir: string): Promise<void> {
  for (const [signal, waitMs] of [['SIGINT', 30_000], ['SIGQUIT', 5_000]] as const) {
    try {
      process.kill(pid, signal);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ESRCH') return;
      throw new StartupError(`A Postgres server (pid ${pid}) left running on ${dataDir} cannot be stopped by Guild (${(err as Error).message}). Stop it yourself, then start Guild again.`);
    }
    if (await exits(pid, waitMs)) return;
  }
  throw new StartupError(`A Postgres server (pid ${pid}) left running on ${dataDir} did not stop when asked. Stop it yourself (kill ${pid}), then start Guild again.`);
}

async function exits(pid: number, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return !isAlive(pid);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // alive, someone else's
  }
}

/** Name and parent of a live process: from /proc on Linux, from ps elsewhere (macOS). */
async function processInfo(pid: number): Promise<ProcessInfo | undefined> {
  if (!isAlive(pid)) return undefined;
  if (existsSync('/proc/self/stat')) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
    if (!stat) return undefined;
    // "<pid> (<name>) <state> <ppid> …"; the name may itself hold spaces and parentheses.
    const close = stat.lastIndexOf(')');
    return { name: stat.slice(stat.indexOf('(') + 1, close), parent: Number.parseInt(stat.slice(close + 2).split(' ')[1] ?? '', 10) };
  }
  try {
    const { stdout } = await execFileAsync('ps', ['-o', 'ppid=,comm=', '-p', String(pid)]);
    const match = /^\s*(\d+)\s+(.+)$/.exec(stdout.trim());
    return match ? { name: path.basename(match[2]!.trim()), parent: Number(match[1]) } : undefined;
  } catch {
    return undefined;
  }
}
