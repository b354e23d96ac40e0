import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { guildSecret } from '../../src/secret';

describe('guildSecret', () => {
  const logger = pino({ level: 'silent' });

  it('uses the configured secret, else generates one once and keeps it private', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'guild-secret-'));
    try {
      expect(await guildSecret('x'.repeat(40), dir, logger)).toBe('x'.repeat(40));
      const generated = await guildSecret(undefined, dir, logger);
      expect(generated).toMatch(/^[0-9a-f]{64}$/);
      expect(await guildSecret(undefined, dir, logger)).toBe(generated);
      expect(statSync(path.join(dir, 'guild-secret')).mode & 0o777).toBe(0o600);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
