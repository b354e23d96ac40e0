import { spawn, type ChildProcess } from 'node:child_process';
import { figure, type Benchmark, type BenchmarkContext } from './support/benchmark';
import { scratchDir } from './support/scratch-dir';
import { REPO_ROOT } from './support/server-process';

const MESSAGES = 500;

interface Started {
  url: string;
  seconds: number;
  stop(): Promise<void>;
}

/**
 * `npm start` with no Slack credentials, timed from the process's spawn to the page answering
 * (the TypeScript build that `npm start` runs first is not counted: it is the same for any
 * start). Cold: a fresh data directory (initdb, migrations, the demo workspace seeded through
 * Guild). Warm: the second start on it. Then the first render of a channel holding 500 messages.
 */
async function startOnce(dataDir: string, context: BenchmarkContext): Promise<Started> {
  const started = process.hrtime.bigint();
  // One process, through tsx's loader (tsx's CLI would SIGKILL a child slow to take a SIGTERM).
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATA_DIR: dataDir, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  context.cleanup.add('stop the sandbox', async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
  });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => context.progress(chunk.toString().trimEnd()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const found = /^(http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(output);
      if (found) resolve(found[1] as string);
    });
    void exited.then((code) => reject(new Error(`the sandbox exited (${code}) before printing its URL:\n${output}`)));
  });
  const page = await fetch(url);
  if (page.status !== 200) throw new Error(`the page answered ${page.status}`);
  await page.text();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    url,
    seconds,
    async stop() {
      child.kill('SIGTERM');
      const code = await exited;
      if (code !== 0) throw new Error(`the sandbox exited with ${code}`);
    },
  };
}

const benchmark: Benchmark = {
  description: 'npm start without credentials: cold and warm start to the page answering, and a 500-message channel\'s first render',
  async run(context) {
    const dataDir = scratchDir(context.cleanup);
    context.progress('cold start (fresh data directory)…');
    const cold = await startOnce(dataDir, context);
    await cold.stop();
    context.progress('warm start…');
    const warm = await startOnce(dataDir, context);

    // #random: everyone is in it, Guild is not (so Slack sends Guild none of these messages).
    const home = await fetch(warm.url, { redirect: 'manual' });
    const [, person] = /\/u\/([A-Z0-9]+)\//.exec(home.headers.get('location') ?? '') ?? [];
    const page = await (await fetch(new URL(home.headers.get('location') ?? '/', warm.url))).text();
    const [, random] = /data-conversation="([A-Z0-9]+)" href="[^"]+"><span class="icon">#<\/span> random/.exec(page) ?? [];
    if (!person || !random) throw new Error('could not find a person and #random on the page');
    context.progress(`posting ${MESSAGES} messages…`);
    for (let i = 0; i < MESSAGES; i++) {
      const text = `Message ${i}: *bold*, _italic_, \`code\`, <https://example.com/${i}|a link> and a long enough sentence to wrap like real chat does.`;
      const sent = await fetch(new URL(`u/${person}/c/${random}/send`, warm.url), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ text }) });
      if (sent.status !== 204) throw new Error(`posting answered ${sent.status}`);
    }
    const renderStarted = process.hrtime.bigint();
    const rendered = await (await fetch(new URL(`u/${person}/c/${random}`, warm.url))).text();
    const renderMs = Number(process.hrtime.bigint() - renderStarted) / 1e6;
    const shown = rendered.match(/<article class="message"/g)?.length ?? 0;
    if (shown < MESSAGES) throw new Error(`the channel showed ${shown} messages, not ${MESSAGES}`);
    await warm.stop();
    return [figure('cold_start_s', cold.seconds), figure('warm_start_s', warm.seconds), figure('channel_render_ms', renderMs), figure('warm_to_cold_ratio', warm.seconds / cold.seconds)];
  },
};

export default benchmark;
