import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatFigure, type Benchmark } from './support/benchmark';
import { Cleanup } from './support/cleanup';
import { signalServerProcesses } from './support/server-process';

/**
 * `npm run bench` lists the benchmarks; `npm run bench -- <name>` runs one, `-- all` runs each in
 * turn. A benchmark is any bench/<name>.bench.ts: adding the file is all it takes to add one.
 * Only `<name>.<figure>: <value>` lines go to stdout; progress goes to stderr.
 */
const SUFFIX = '.bench.ts';

function benchmarkNames(): string[] {
  return readdirSync(__dirname)
    .filter((file) => file.endsWith(SUFFIX))
    .map((file) => file.slice(0, -SUFFIX.length))
    .sort();
}

async function load(name: string): Promise<Benchmark> {
  const module = (await import(pathToFileURL(path.join(__dirname, `${name}${SUFFIX}`)).href)) as { default: Benchmark | { default: Benchmark } };
  // tsx hands a CommonJS module's exports to import() as `default`, so the benchmark may sit one level down.
  const exported = module.default;
  return 'run' in exported ? exported : exported.default;
}

const progress = (message: string) => process.stderr.write(`${message}\n`);

async function runOne(name: string): Promise<void> {
  const benchmark = await load(name);
  const cleanup = new Cleanup(progress);
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) return;
    interrupted = true;
    progress(`${signal}: stopping servers and Postgres`);
    signalServerProcesses();
    void cleanup.runAll().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const started = Date.now();
  try {
    const figures = await benchmark.run({ cleanup, progress });
    for (const f of figures) process.stdout.write(`${formatFigure(name, f)}\n`);
  } finally {
    await cleanup.runAll();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    progress(`${name}: done in ${((Date.now() - started) / 1000).toFixed(0)}s`);
  }
}

async function main(): Promise<void> {
  const names = benchmarkNames();
  const requested = process.argv[2];
  if (!requested) {
    process.stdout.write(`Benchmarks (npm run bench -- <name>, or -- all):\n`);
    for (const name of names) process.stdout.write(`  ${name.padEnd(12)} ${(await load(name)).description}\n`);
    return;
  }
  const selected = requested === 'all' ? names : [requested];
  for (const name of selected) {
    if (!names.includes(name)) throw new Error(`no benchmark named "${name}"; there are: ${names.join(', ')}`);
    await runOne(name);
  }
}

main().then(
  () => {
    // Everything was stopped; if a stray handle still holds the loop, say so rather than hang.
    setTimeout(() => {
      progress('bench: something still holds the event loop after cleanup; exiting anyway');
      process.exit(process.exitCode ?? 0);
    }, 5000).unref();
  },
  (err: unknown) => {
    progress(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
