import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CHECKOUT, linkedCheckout } from '../support/linked-checkout';

/** Runs test/support/log-one-line.ts from a checkout, with LOG_PRETTY=1; returns its stdout lines. */
function logOneLine(checkout: string): { status: number | null; lines: string[]; stderr: string } {
  const result = spawnSync(path.join(checkout, 'node_modules', '.bin', 'tsx'), ['test/support/log-one-line.ts'], {
    cwd: checkout,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_PRETTY: '1', NO_COLOR: '1' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: result.status, lines: result.stdout.split('\n').filter(Boolean), stderr: result.stderr };
}

describe('LOG_PRETTY=1', () => {
  it('prints readable lines where pino-pretty (a development dependency) is installed', () => {
    const run = logOneLine(CHECKOUT);
    expect(run.status).toBe(0);
    expect(run.lines.join('\n')).toMatch(/INFO.*one line/);
    expect(() => JSON.parse(run.lines[0]!)).toThrow();
  });

  describe('in a production install, without pino-pretty', () => {
    let root: string;
    beforeAll(() => {
      root = mkdtempSync(path.join(os.tmpdir(), 'guild-no-pretty-'));
      linkedCheckout(path.join(root, 'guild'), { omit: ['node_modules/pino-pretty'] });
    });
    afterAll(() => rmSync(root, { recursive: true, force: true }));

    it('logs JSON lines, the first saying why', () => {
      const run = logOneLine(path.join(root, 'guild'));
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const [warning, line] = run.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(warning).toMatchObject({ level: 40, msg: expect.stringMatching(/LOG_PRETTY=1 needs pino-pretty.*not installed.*JSON/) });
      expect(line).toMatchObject({ level: 30, probe: 1, msg: 'one line' });
    });
  });
});
