import { copyFileSync, linkSync, lstatSync, mkdirSync, readdirSync, readlinkSync, symlinkSync } from 'node:fs';
import path from 'node:path';

export const CHECKOUT = path.resolve(__dirname, '..', '..');

/** What running Guild, its migrations and its test set-up read from a checkout. */
const ENTRIES = ['package.json', 'tsconfig.json', 'prisma.config.ts', 'prisma', 'scripts', 'src', 'test/support', 'node_modules'];

/**
 * Makes a working copy of this checkout at `destination` (which must not exist), as a clone plus
 * `npm install` would leave it, in well under a second: files are hard links where the file
 * system allows, so nothing is copied. `omit` leaves out paths (relative to the checkout), e.g.
 * a package that a production install would not have.
 */
export function linkedCheckout(destination: string, options: { omit?: string[] } = {}): string {
  const omitted = new Set((options.omit ?? []).map((entry) => path.join(CHECKOUT, entry)));
  for (const entry of ENTRIES) {
    mkdirSync(path.dirname(path.join(destination, entry)), { recursive: true });
    linkTree(path.join(CHECKOUT, entry), path.join(destination, entry), omitted);
  }
  return destination;
}

function linkTree(source: string, target: string, omitted: Set<string>): void {
  if (omitted.has(source)) return;
  const stat = lstatSync(source);
  if (stat.isSymbolicLink()) {
    symlinkSync(readlinkSync(source), target);
  } else if (stat.isDirectory()) {
    mkdirSync(target, { recursive: true });
    for (const name of readdirSync(source)) linkTree(path.join(source, name), path.join(target, name), omitted);
  } else {
    try {
      linkSync(source, target);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
      copyFileSync(source, target); // another file system (a separate /tmp)
    }
  }
}
