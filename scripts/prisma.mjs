#!/usr/bin/env node
// The one way this project runs the Prisma CLI, so that it works with no network.
//
// Prisma 6.19 with `engine: 'js'` (prisma.config.ts) runs its schema engine as WebAssembly and
// the client runs on the pg driver adapter, so no native engine is ever loaded. The CLI still
// tries to download a query-engine library at start-up unless PRISMA_QUERY_ENGINE_LIBRARY
// names an existing file; it never loads it, so any file will do. We point it at this script.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const env = {
  ...process.env,
  PRISMA_QUERY_ENGINE_LIBRARY: process.env.PRISMA_QUERY_ENGINE_LIBRARY ?? fileURLToPath(import.meta.url),
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
  CHECKPOINT_DISABLE: '1',
};
const cli = require.resolve('prisma/build/index.js');
const preload = fileURLToPath(new URL('./prisma-unref-timers.cjs', import.meta.url));
const result = spawnSync(process.execPath, ['--require', preload, cli, ...process.argv.slice(2)], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
