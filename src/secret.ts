import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';

/**
 * GUILD_SECRET, or (for a single instance, such as the embedded setup) one generated on first
 * start and kept beside the data, readable by its owner only.
 */
export async function guildSecret(configured: string | undefined, dataDir: string, logger: Logger): Promise<string> {
  if (configured) return configured;
  const file = path.resolve(dataDir, 'guild-secret');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  await mkdir(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString('hex');
  await writeFile(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  logger.warn({ file }, 'generated GUILD_SECRET; set it explicitly (the same on every replica) when running more than one');
  return secret;
}
