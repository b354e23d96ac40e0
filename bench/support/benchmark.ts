import type { Cleanup } from './cleanup';

/** One number a benchmark reports, printed as `<benchmark>.<name>: <value>`. */
export interface Figure {
  name: string;
  value: number;
  /** Decimal places to print: counts 0, milliseconds and ratios 2. */
  digits: number;
}

export interface BenchmarkContext {
  /** Everything started must be registered here, so an interrupted run still stops it. */
  cleanup: Cleanup;
  /** Progress for the person watching; goes to stderr so stdout stays machine-readable. */
  progress(message: string): void;
}

/**
 * A benchmark is a `bench/<name>.bench.ts` file whose default export is one of these; the file
 * name is the benchmark's name.
 */
export interface Benchmark {
  description: string;
  run(context: BenchmarkContext): Promise<Figure[]>;
}

export function figure(name: string, value: number, digits = 2): Figure {
  return { name, value, digits };
}

export function formatFigure(benchmark: string, f: Figure): string {
  const value = Number.isFinite(f.value) ? f.value.toFixed(f.digits) : String(f.value);
  return `${benchmark}.${f.name}: ${value}`;
}
