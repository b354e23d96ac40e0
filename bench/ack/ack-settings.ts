/** How hard and how long the ack benchmark pushes; overridable for investigations. */
export interface AckSettings {
  rate: number;
  warmupS: number;
  measureS: number;
  /** How many turns the measured time is split into per app (see bench/support/interleaved.ts). */
  rounds: number;
  /** Directory for V8 CPU profiles of the Guild server (--cpu-prof), when set. */
  cpuProfileDir?: string;
  /** Where Guild's log lines go; a file in the scratch dir (deleted at the end) unless set. */
  guildLogFile?: string;
  /** Extra node flags for the Guild server only (BENCH_GUILD_NODE_FLAGS, e.g. `--trace-gc`), for investigations. */
  guildNodeFlags: string[];
}

export function ackSettings(env: NodeJS.ProcessEnv): AckSettings {
  return {
    rate: positive(env, 'BENCH_ACK_RATE', 200),
    warmupS: positive(env, 'BENCH_ACK_WARMUP_S', 5),
    measureS: positive(env, 'BENCH_ACK_MEASURE_S', 20),
    rounds: Math.round(positive(env, 'BENCH_ACK_ROUNDS', 5)),
    cpuProfileDir: env.BENCH_CPU_PROF || undefined,
    guildLogFile: env.BENCH_GUILD_LOG || undefined,
    guildNodeFlags: (env.BENCH_GUILD_NODE_FLAGS ?? '').split(' ').filter(Boolean),
  };
}

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, not "${text}"`);
  return value;
}
