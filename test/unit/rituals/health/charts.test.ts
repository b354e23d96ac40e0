import { PNG } from 'pngjs';
import { BACKGROUND, ChartFontError, ChartInputError, findChartFont, FONT_CANDIDATES, lineChartPng, SERIES_COLOURS, type LineChartInput } from '../../../../src/rituals/health/charts';

const MONTHS = ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06'];
const input: LineChartInput = {
  title: 'Active members',
  labels: MONTHS,
  series: [
    { name: 'Active', values: [3, 5, null, 8, 9, 12] },
    { name: 'New', values: [1, 2, 1, 0, 3, 2] },
  ],
};

/** Below the title and the legend (whose swatches have the series' colours). */
const PLOT_TOP = 75;

function hex(r: number, g: number, b: number): string {
  return `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`.toUpperCase();
}

/** Every pixel's colour, counted. */
function colours(png: PNG): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i < png.data.length; i += 4) {
    const key = hex(png.data[i]!, png.data[i + 1]!, png.data[i + 2]!);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** The pixels of one colour in columns fromX..toX below the title and legend, as a count. */
function plotPixels(png: PNG, colour: string, fromX: number, toX: number): number {
  let n = 0;
  for (let y = PLOT_TOP; y < png.height; y += 1) {
    for (let x = fromX; x < toX; x += 1) {
      const i = (y * png.width + x) * 4;
      if (hex(png.data[i]!, png.data[i + 1]!, png.data[i + 2]!) === colour) n += 1;
    }
  }
  return n;
}

describe('lineChartPng', () => {
  it('draws a PNG of the default size with a white background, text, and each series in its colour', () => {
    const png = PNG.sync.read(lineChartPng(input));
    expect([png.width, png.height]).toEqual([800, 400]);
    const counts = colours(png);
    expect(counts.get(BACKGROUND)!).toBeGreaterThan((800 * 400) / 2);
    // Anti-aliased text and lines make many shades; a blank or one-colour image has a few.
    expect(counts.size).toBeGreaterThan(50);
    expect(counts.get(SERIES_COLOURS[0]!) ?? 0).toBeGreaterThan(200);
    expect(counts.get(SERIES_COLOURS[1]!) ?? 0).toBeGreaterThan(200);
    // The title is drawn in the font: dark pixels in the band at the top.
    let dark = 0;
    for (let i = 0; i < png.width * 30 * 4; i += 4) if (png.data[i]! < 100 && png.data[i + 1]! < 100 && png.data[i + 2]! < 100) dark += 1;
    expect(dark).toBeGreaterThan(100);
    // Every pixel is opaque: Slack shows the image on dark themes too.
    for (let i = 3; i < png.data.length; i += 4) if (png.data[i] !== 255) throw new Error(`pixel ${(i - 3) / 4} is not opaque`);
  });

  it('leaves a gap where a value is missing: no line of the first series between its 2nd and 4th points', () => {
    const png = PNG.sync.read(lineChartPng({ ...input, series: [input.series[0]!] }));
    const blue = SERIES_COLOURS[0]!;
    // The labels sit evenly over the plot; the middle third holds March, which has no value.
    expect(plotPixels(png, blue, 300, 460)).toBe(0);
    expect(plotPixels(png, blue, 40, 200)).toBeGreaterThan(50);
    expect(plotPixels(png, blue, 500, 790)).toBeGreaterThan(50);
  });

  it('is deterministic and honours the size asked for', () => {
    const a = lineChartPng({ ...input, width: 600, height: 300 });
    const b = lineChartPng({ ...input, width: 600, height: 300 });
    expect(a.equals(b)).toBe(true);
    const png = PNG.sync.read(a);
    expect([png.width, png.height]).toEqual([600, 300]);
  });

  it('draws an empty chart (no series) as a titled frame', () => {
    const png = PNG.sync.read(lineChartPng({ title: 'Nothing yet', labels: [], series: [] }));
    expect(colours(png).size).toBeGreaterThan(10);
    expect(colours(png).get(SERIES_COLOURS[0]!)).toBeUndefined();
  });

  it('refuses input it cannot draw, naming the problem', () => {
    expect(() => lineChartPng({ ...input, series: [{ name: 'Short', values: [1] }] })).toThrow(new ChartInputError('Series "Short" has 1 values for 6 labels.'));
    expect(() => lineChartPng({ ...input, series: [{ name: 'Bad', values: [1, 2, 3, 4, 5, Number.NaN] }] })).toThrow(ChartInputError);
    expect(() => lineChartPng({ ...input, width: 10 })).toThrow(/width must be a whole number of pixels from 100 to 4000; it was 10/);
    expect(() => lineChartPng({ ...input, height: 1.5 })).toThrow(ChartInputError);
  });
});

describe('findChartFont', () => {
  it('takes DejaVu Sans where Debian installs it', () => {
    expect(findChartFont({}, (path) => path === FONT_CANDIDATES[0])).toBe(FONT_CANDIDATES[0]);
  });

  it('takes GUILD_CHART_FONT when set, and says so when it names no file', () => {
    expect(findChartFont({ GUILD_CHART_FONT: '/fonts/x.ttf' }, (path) => path === '/fonts/x.ttf')).toBe('/fonts/x.ttf');
    expect(() => findChartFont({ GUILD_CHART_FONT: '/fonts/none.ttf' }, () => false)).toThrow(/GUILD_CHART_FONT names \/fonts\/none.ttf, which does not exist/);
  });

  it('without a font says what to install', () => {
    expect(() => findChartFont({}, () => false)).toThrow(ChartFontError);
    expect(() => findChartFont({}, () => false)).toThrow(/Install Debian's fonts-dejavu-core/);
  });
});
