import { lineChartPng, type LineChartInput } from '../src/rituals/health/charts';
import { figure, type Benchmark } from './support/benchmark';
import { summarise } from './support/percentiles';

const RUNS = 50;
const WARM_UP = 3;

/** A year of monthly trends, four series (what an organiser's Home chart holds). */
function yearOfTrends(): LineChartInput {
  const labels = Array.from({ length: 12 }, (_, m) => `2026-${String(m + 1).padStart(2, '0')}`);
  const series = ['Active members', 'New members', 'Retro participants', 'Coffee groups met'].map((name, s) => ({
    name,
    values: labels.map((_, m) => Math.round(40 + 30 * Math.sin((m + s) / 2) + s * 10)),
  }));
  return { title: 'Community health, last 12 months', labels, series };
}

/** Time to draw one 800×400 line chart PNG with chart.js on @napi-rs/canvas. */
const charts: Benchmark = {
  description: 'ms to draw one 800x400 PNG line chart (12 months, 4 series), p50/p95 over 50 runs',
  async run({ progress }) {
    const input = yearOfTrends();
    for (let i = 0; i < WARM_UP; i += 1) lineChartPng(input);
    progress(`drawing ${RUNS} charts`);
    const samples: number[] = [];
    let bytes = 0;
    for (let i = 0; i < RUNS; i += 1) {
      const started = performance.now();
      bytes = lineChartPng(input).length;
      samples.push(performance.now() - started);
    }
    const summary = summarise(samples);
    return [figure('chart_ms_p50', summary.p50), figure('chart_ms_p95', summary.p95), figure('png_bytes', bytes, 0)];
  },
};

export default charts;
