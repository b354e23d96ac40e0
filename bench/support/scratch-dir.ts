import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Cleanup } from './cleanup';

/** A temp directory removed at the end of the run, even one cut short by an interrupt. */
export function scratchDir(cleanup: Cleanup): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'guild-bench-'));
  // Run as root, the embedded Postgres runs as another user, which must be able to enter the dir.
  chmodSync(dir, 0o711);
  const remove = () => rmSync(dir, { recursive: true, force: true });
  process.once('exit', remove);
  cleanup.add('remove scratch dir', remove);
  return dir;
}
