import { existsSync } from 'node:fs';
import type * as Skia from '@napi-rs/canvas';
import type * as ChartJs from 'chart.js';

/**
 * Trend charts as PNG images, drawn by chart.js on @napi-rs/canvas (Skia, a prebuilt binary from
 * npm). Deterministic: no animation, a fixed pixel ratio, a fixed palette and one font, so the same
 * input gives the same image. The font must exist where Guild runs: Debian's fonts-dejavu-core
 * (installed by the Dockerfile and by .ci/run), or a .ttf named by GUILD_CHART_FONT.
 */

export interface ChartSeries {
  name: string;
  /** One value per label; null leaves a gap in the line. */
  values: (number | null)[];
}

export interface LineChartInput {
  title: string;
  labels: string[];
  series: ChartSeries[];
  width?: number;
  height?: number;
}

export class ChartFontError extends Error {}
export class ChartInputError extends Error {}

/** The family charts are drawn in, registered under this name from the file found. */
export const CHART_FONT_FAMILY = 'Guild Chart Sans';
/** Where Debian's fonts-dejavu-core puts DejaVu Sans (and older layouts of it). */
export const FONT_CANDIDATES = ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/dejavu/DejaVuSans.ttf', '/usr/share/fonts/TTF/DejaVuSans.ttf'];

/** Series colours in order (a colour-blind-safe palette); the seventh series starts again. */
export const SERIES_COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9'];
export const BACKGROUND = '#FFFFFF';
export const DEFAULT_SIZE = { width: 800, height: 400 };
const SIZE_LIMITS = { min: 100, max: 4000 };
const MAX_LABELS = 500;

/**
 * Skia and chart.js, loaded on the first chart rather than at start: most processes never draw
 * one, and the two modules held ~2 MB of every process's heap (a bigger heap makes each full
 * garbage collection, and the pause it puts on every request, longer).
 */
let libraries: ChartLibraries | undefined;
interface ChartLibraries {
  skia: typeof Skia;
  chartJs: typeof ChartJs;
}

/** The font file charts use: GUILD_CHART_FONT when set, else DejaVu Sans where Debian installs it. */
export function findChartFont(env: NodeJS.ProcessEnv = process.env, exists: (path: string) => boolean = existsSync): string {
  const configured = env.GUILD_CHART_FONT?.trim();
  if (configured) {
    if (!exists(configured)) throw new ChartFontError(`GUILD_CHART_FONT names ${configured}, which does not exist. Point it at a .ttf file, or unset it to use DejaVu Sans.`);
    return configured;
  }
  const found = FONT_CANDIDATES.find((path) => exists(path));
  if (!found) throw new ChartFontError(`Charts need the DejaVu Sans font and none was found (looked in ${FONT_CANDIDATES.join(', ')}). Install Debian's fonts-dejavu-core (apt-get install fonts-dejavu-core), or set GUILD_CHART_FONT to a .ttf file.`);
  return found;
}

/**
 * Once per process, on the first chart: loads Skia and chart.js, registers the font with Skia
 * (ChartFontError when there is none) and the chart.js parts line charts use.
 */
export function prepareCharts(): ChartLibraries {
  if (libraries) return libraries;
  const path = findChartFont();
  const skia = require('@napi-rs/canvas') as typeof Skia;
  const chartJs = require('chart.js') as typeof ChartJs;
  if (!skia.GlobalFonts.registerFromPath(path, CHART_FONT_FAMILY)) throw new ChartFontError(`The font file ${path} could not be loaded. Reinstall fonts-dejavu-core, or set GUILD_CHART_FONT to another .ttf file.`);
  chartJs.Chart.register(chartJs.LineController, chartJs.LineElement, chartJs.PointElement, chartJs.CategoryScale, chartJs.LinearScale, chartJs.Title, chartJs.Legend);
  libraries = { skia, chartJs };
  return libraries;
}

/** Checks what a chart is drawn from; a wrong shape is a programming error named here. */
export function checkChartInput(input: LineChartInput): { width: number; height: number } {
  const width = input.width ?? DEFAULT_SIZE.width;
  const height = input.height ?? DEFAULT_SIZE.height;
  for (const [name, value] of [['width', width], ['height', height]] as const) {
    if (!Number.isInteger(value) || value < SIZE_LIMITS.min || value > SIZE_LIMITS.max) throw new ChartInputError(`A chart's ${name} must be a whole number of pixels from ${SIZE_LIMITS.min} to ${SIZE_LIMITS.max}; it was ${value}.`);
  }
  if (input.labels.length > MAX_LABELS) throw new ChartInputError(`A chart takes at most ${MAX_LABELS} labels; it had ${input.labels.length}.`);
  for (const series of input.series) {
    if (series.values.length !== input.labels.length) throw new ChartInputError(`Series "${series.name}" has ${series.values.length} values for ${input.labels.length} labels.`);
    if (series.values.some((v) => v !== null && !Number.isFinite(v))) throw new ChartInputError(`Series "${series.name}" has a value that is not a finite number.`);
  }
  return { width, height };
}

/** Paints the background before anything else (a canvas starts transparent). */
const whiteBackground: ChartJs.Plugin<'line'> = {
  id: 'guildBackground',
  beforeDraw(chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.fillStyle = BACKGROUND;
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

/** The chart.js configuration of a line chart: one coloured line per series, no animation. */
export function lineChartConfig(input: LineChartInput): ChartJs.ChartConfiguration<'line'> {
  const font = { family: CHART_FONT_FAMILY };
  return {
    type: 'line',
    data: {
      labels: input.labels,
      datasets: input.series.map((series, i) => {
        const colour = SERIES_COLOURS[i % SERIES_COLOURS.length]!;
        return { label: series.name, data: series.values, borderColor: colour, backgroundColor: colour, borderWidth: 3, pointRadius: 3, spanGaps: false, tension: 0 };
      }),
    },
    options: {
      responsive: false,
      animation: false,
      devicePixelRatio: 1,
      events: [],
      font,
      plugins: {
        title: { display: true, text: input.title, font: { ...font, size: 16 }, color: '#222222' },
        legend: { display: input.series.length > 0, labels: { font, color: '#333333' } },
      },
      scales: {
        x: { ticks: { font, color: '#444444' }, grid: { color: '#E5E5E5' } },
        y: { beginAtZero: true, ticks: { font, color: '#444444' }, grid: { color: '#E5E5E5' } },
      },
    },
    plugins: [whiteBackground],
  };
}

/** A line chart of monthly trends as a PNG. */
export function lineChartPng(input: LineChartInput): Buffer {
  const { width, height } = checkChartInput(input);
  const { skia, chartJs } = prepareCharts();
  const canvas = skia.createCanvas(width, height);
  // chart.js reads the size from the context's canvas; Skia's context is a 2D context in all it uses.
  const chart = new chartJs.Chart(canvas.getContext('2d') as unknown as ChartJs.ChartItem, lineChartConfig(input));
  try {
    return canvas.toBuffer('image/png');
  } finally {
    chart.destroy();
  }
}

