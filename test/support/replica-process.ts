import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const WORKER = path.join('test', 'support', 'scheduler-worker.ts');

/** One scheduler replica (test/support/scheduler-worker.ts) running as its own process. */
export interface ReplicaProcess {
  name: string;
  child: ChildProcessWithoutNullStreams;
  stdout: string;
  stderr: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts one scheduler replica as its own process. Node loads tsx itself rather than through the
 * tsx binary, which would run the replica in a child process of its own: a SIGKILL must reach
 * the replica, not a wrapper that cannot pass it on.
 */
export function startReplicaProcess(name: string, env: Record<string, string>): ReplicaProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', WORKER_NAME: name, ...env },
  });
  const replica: ReplicaProcess = {
    name,
    child,
    stdout: '',
    stderr: '',
    exited: new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal }))),
  };
  child.stdout.on('data', (chunk: Buffer) => (replica.stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (replica.stderr += chunk.toString()));
  return replica;
}

/** Whether the replica has said it is running (its `{"msg":"ready"}` line). */
export function isReady(replica: ReplicaProcess): boolean {
  return replica.stdout.includes('"msg":"ready"');
}

/** Kills with SIGKILL every replica still running, and waits for them all to be gone. */
export async function killAll(replicas: ReplicaProcess[]): Promise<void> {
  for (const r of replicas) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
  await Promise.all(replicas.map((r) => r.exited));
}
