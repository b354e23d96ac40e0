import { guildNodeFlags } from '../support/clicks';
import { positiveSetting } from '../support/settings';

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
    rate: positiveSetting(env, 'BENCH_ACK_RATE', 200),
    warmupS: positiveSetting(env, 'BENCH_ACK_WARMUP_S', 5),
    measureS: positiveSetting(env, 'BENCH_ACK_MEASURE_S', 20),
    rounds: Math.round(positiveSetting(env, 'BENCH_ACK_ROUNDS', 5)),
    cpuProfileDir: env.BENCH_CPU_PROF || undefined,
    guildLogFile: env.BENCH_GUILD_LOG || undefined,
    guildNodeFlags: guildNodeFlags(env),
  };
}
