import { existsSync } from 'node:fs';
import { ConfigError, loadConfig, secretsOf, wantsSandbox } from './config';
import { runSandbox } from './sandbox/web/run-sandbox';
import { startGuild } from './guild';
import { createLogger } from './logger';
import { StartupError } from './startup-error';

/** Entry point: configuration → logger → Guild, and a graceful stop on SIGTERM / SIGINT. */
async function main(): Promise<void> {
  // Variables already in the environment win over the file.
  if (existsSync('.env')) process.loadEnvFile('.env');
  // No Slack credentials at all (or `npm run sandbox`): Guild against the local Slack, in the browser.
  if (wantsSandbox(process.env, process.argv.slice(2))) return runSandbox(process.env);
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  const logger = createLogger({ level: config.log.level, pretty: config.log.pretty, secrets: secretsOf(config) });
  const guild = await startGuild(config, logger);
  let stopping = false;
  const stop = (signal: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stop requested');
    guild.stop().then(
      () => process.exit(exitCode),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  // The embedded Postgres cannot come back (the reason is logged): stop cleanly and exit non-zero
  // (69, EX_UNAVAILABLE), so that whatever runs Guild (Docker, systemd) starts it afresh, instead of
  // staying up behind a /healthz that only some supervisors watch, failing every request.
  void guild.lost.then(() => stop('database lost', 69));
}

main().catch((err: unknown) => {
  // A foreseen failure explains itself; anything else is a bug, whose stack is what helps.
  const explanation = err instanceof StartupError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err);
  process.stderr.write(`Guild failed to start: ${explanation}\n`);
  process.exit(1);
});
