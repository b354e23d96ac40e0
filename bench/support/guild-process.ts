import path from 'node:path';
import type { LocalSlack } from '../../src/sandbox';
import type { Cleanup } from './cleanup';
import { REPO_ROOT, startServerProcess, type ServerProcess } from './server-process';

export interface GuildProcessOptions {
  slack: LocalSlack;
  signingSecret: string;
  databaseUrl: string;
  /** The local Slack's rate-limit scale, which Guild's own gate must use too. */
  scale: number;
  /** Scratch directory for Guild's log, unless BENCH_GUILD_LOG names a file to keep. */
  dir: string;
  cleanup: Cleanup;
  progress: (message: string) => void;
  /** More settings for Guild, e.g. the GUILD_SECRET that replicas must share. */
  env?: Record<string, string>;
}

/**
 * One real Guild (bench/servers/guild-server.ts) in its own process, talking to the local Slack
 * under the same scaled limits, over the benchmark's database. Its scheduler starts with it.
 */
export function startGuildProcess(options: GuildProcessOptions): Promise<ServerProcess> {
  return startServerProcess(path.join(REPO_ROOT, 'bench', 'servers', 'guild-server.ts'), {
    env: {
      SLACK_BOT_TOKEN: options.slack.botToken,
      SLACK_SIGNING_SECRET: options.signingSecret,
      SLACK_API_URL: options.slack.apiUrl,
      SLACK_RATE_SCALE: String(options.scale),
      DATABASE_URL: options.databaseUrl,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'warn',
      SHUTDOWN_TIMEOUT_MS: '30000',
      BENCH_LOG_FILE: process.env.BENCH_GUILD_LOG || path.join(options.dir, 'guild.log'),
      ...options.env,
    },
    cleanup: options.cleanup,
    progress: options.progress,
    stopTimeoutMs: 60_000,
  });
}
