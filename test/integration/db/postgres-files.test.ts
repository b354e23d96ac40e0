import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { clusterDirectory, outermostBlocked, type ServerAccount } from '../../../src/db/postgres-files';
import { StartupError } from '../../../src/startup-error';

/**
 * The checks are made from permission bits, so they hold for an account other than ours without
 * switching to it: neither owner nor in the group of what this test creates.
 */
const someoneElse: ServerAccount = { name: 'someone-else', uid: process.getuid!() + 1, gid: process.getgid!() + 1 };
const logger = pino({ level: 'silent' });

describe('what the server account can reach', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'guild-reach-'));
    chmodSync(root, 0o755);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const folder = (relative: string, mode: number) => {
    const dir = path.join(root, relative);
    mkdirSync(dir, { recursive: true });
    chmodSync(dir, mode);
    return dir;
  };

  it('names the outermost folder on the way that the account may not enter', () => {
    const home = folder('home', 0o700);
    folder('home/inner', 0o700);
    expect(outermostBlocked(path.join(home, 'inner', 'not-yet', 'postgres'), someoneElse)).toBe(home);
    expect(outermostBlocked(path.join(folder('open', 0o711), 'postgres'), someoneElse)).toBeUndefined();
    expect(outermostBlocked(path.join(home, 'inner'), { name: 'me', uid: process.getuid!(), gid: process.getgid!() })).toBeUndefined();
  });

  it('keeps a data folder the account can reach, and any folder when the server runs as us', async () => {
    const reachable = path.join(folder('srv', 0o755), 'postgres');
    await expect(clusterDirectory(reachable, someoneElse, logger)).resolves.toBe(reachable);
    const mine = path.join(folder('home', 0o700), 'postgres');
    await expect(clusterDirectory(mine, undefined, logger)).resolves.toBe(mine);
  });

  it('refuses, saying what to do, to move existing data out of a folder the account cannot enter', async () => {
    const home = folder('home', 0o700);
    const data = folder('home/guild/.data/postgres', 0o700);
    writeFileSync(path.join(data, 'PG_VERSION'), '18\n');
    const refusal = clusterDirectory(data, someoneElse, logger);
    await expect(refusal).rejects.toBeInstanceOf(StartupError);
    await expect(refusal).rejects.toThrow(
      `the 'someone-else' user, which cannot enter ${home}, on the way to its data in ${data}. Move that folder elsewhere and point DATA_DIR at it, run 'chmod o+x ${home}'`,
    );
  });

  it('refuses a data link whose folder is gone, instead of starting an empty database', async () => {
    const link = path.join(folder('data', 0o755), 'postgres');
    symlinkSync(path.join(root, 'moved-away'), link);
    await expect(clusterDirectory(link, someoneElse, logger)).rejects.toThrow(`${link} is a link to a folder that does not exist`);
  });
});
