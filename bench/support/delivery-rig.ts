import { LocalSlack } from '../../src/sandbox';
import { startBenchDatabase, type BenchDatabase } from './bench-database';
import type { Cleanup } from './cleanup';
import { startGuildProcess } from './guild-process';
import type { ServerProcess } from './server-process';
import { scratchDir } from './scratch-dir';

export interface DeliveryRig {
  db: BenchDatabase;
  slack: LocalSlack;
  /** Starts a Guild process (a replica) that delivers what was queued; the benchmark's clock starts when it resolves. */
  startGuild(): Promise<ServerProcess>;
}

/**
 * What a delivery benchmark runs against: a migrated Postgres, the local Slack in this process
 * with its limits × `scale` (recording calls), and, once messages are queued, Guild processes
 * under the same scale (as many replicas as started), all registered with `cleanup`.
 */
export async function startDeliveryRig(options: {
  scale: number;
  signingSecret: string;
  cleanup: Cleanup;
  progress: (message: string) => void;
  /** Keep every Web API call in `slack.calls` (default true); tens of thousands of posts are better counted. */
  recordCalls?: boolean;
  /** More settings for every Guild process (replicas share a GUILD_SECRET). */
  guildEnv?: Record<string, string>;
}): Promise<DeliveryRig> {
  const { scale, signingSecret, cleanup, progress } = options;
  const dir = scratchDir(cleanup);
  progress('starting Postgres and applying migrations');
  const db = await startBenchDatabase(dir, cleanup);
  // The local Slack lives in this process; Guild, which sends, runs in its own process.
  const slack = await LocalSlack.start({ signingSecret, rateLimits: { scale }, recordCalls: options.recordCalls ?? true });
  cleanup.add('stop local Slack', () => slack.stop());
  return { db, slack, startGuild: () => startGuildProcess({ slack, signingSecret, databaseUrl: db.url, scale, dir, cleanup, progress, ...(options.guildEnv ? { env: options.guildEnv } : {}) }) };
}
