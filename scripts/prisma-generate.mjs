#!/usr/bin/env node
// `npm run prisma:generate`: writes the Prisma client to src/generated/prisma (not committed),
// unless it was already generated from the same schema, config and Prisma versions. npm test,
// npm run build and npm run bench all start with it, so each works on a fresh clone on its own,
// and a repeated run costs milliseconds instead of seconds. `-- --force` generates regardless.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// The generator's `output` in prisma/schema.prisma.
const output = path.join(root, 'src', 'generated', 'prisma');
const stampFile = path.join(output, '.generated-from.sha256');

function inputsDigest() {
  const hash = createHash('sha256');
  for (const file of ['prisma/schema.prisma', 'prisma.config.ts']) hash.update(`${file}\0`).update(readFileSync(path.join(root, file)));
  for (const name of ['prisma', '@prisma/client']) hash.update(`${name}@${require(`${name}/package.json`).version}\0`);
  return hash.digest('hex');
}

const digest = inputsDigest();
const upToDate = existsSync(path.join(output, 'client.ts')) && existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === digest;
if (upToDate && !process.argv.includes('--force')) {
  process.stdout.write('Prisma client is up to date with prisma/schema.prisma (npm run prisma:generate -- --force to regenerate).\n');
  process.exit(0);
}
const result = spawnSync(process.execPath, [path.join(root, 'scripts', 'prisma.mjs'), 'generate'], { cwd: root, stdio: 'inherit' });
if (result.status !== 0) process.exit(result.status ?? 1);
writeFileSync(stampFile, `${digest}\n`);
