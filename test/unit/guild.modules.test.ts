import { execFileSync } from 'node:child_process';
import path from 'node:path';

const REPO = path.join(__dirname, '..', '..');

/** The modules loaded when a fresh Node process loads Guild's composition root (nothing started). */
function modulesLoadedBy(file: string): string[] {
  const script = `require(${JSON.stringify(file)}); process.stdout.write(JSON.stringify(Object.keys(require.cache)));`;
  const out = execFileSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: REPO, encoding: 'utf8', timeout: 60_000 });
  return JSON.parse(out) as string[];
}

describe('what loading Guild loads', () => {
  // Every module loaded at start stays on the heap for the process's life, and each full garbage
  // collection (a pause on every request in flight) walks it: libraries only a rare path needs
  // are loaded by that path, on first use.
  it('leaves the chart libraries and the feed parser until a chart is drawn or a feed read', () => {
    const loaded = modulesLoadedBy(path.join(REPO, 'src', 'guild.ts'));
    expect(loaded.some((p) => p.endsWith(path.join('src', 'rituals', 'health', 'charts.ts')))).toBe(true);
    expect(loaded.some((p) => p.endsWith(path.join('src', 'rituals', 'ideas', 'ideas.parse.ts')))).toBe(true);
    for (const lazy of ['chart.js', '@napi-rs/canvas', '@rowanmanning/feed-parser']) {
      expect({ lazy, loaded: loaded.some((p) => p.includes(`${path.sep}node_modules${path.sep}${lazy}${path.sep}`)) }).toEqual({ lazy, loaded: false });
    }
  }, 60_000);
});
