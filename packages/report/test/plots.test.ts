import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { ConfigError, IoError } from '@lrlab/core';
import { Resvg } from '@resvg/resvg-js';
import {
  PLOT_PALETTE,
  renderChartGrid,
  renderLineChart,
  svgToPng,
  writeFigure,
  type LineChartSpec,
  type PlotPoint,
} from '../src/plots';
import { checkChartSpec } from '../src/plots/check-spec';
import { layoutChart } from '../src/plots/layout';
import { formatCoordinate, formatLinearTick } from '../src/plots/number-format';
import { LINE_STYLES, dashArray } from '../src/plots/palette';
import { FONT_SIZE, textBox, type Box } from '../src/plots/text-metrics';
import { fittedLinearDomain, linearTicks, logTicks, niceLogDomain } from '../src/plots/ticks';

// ---------- helpers: read back what the renderer wrote ----------

/** Throws unless every tag is closed in order and every `&` starts a known entity. */
function expectWellFormed(svg: string): void {
  const body = svg.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: string[] = [];
  for (const [, closing, name, , selfClosing] of body.matchAll(/<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g)) {
    if (selfClosing) continue;
    if (closing) expect(stack.pop()).toBe(name);
    else stack.push(name!);
  }
  expect(stack).toEqual([]);
  // Every '<' opens a tag the pattern above accepted; every '&' is an entity.
  expect(body.match(/</g)!.length).toBe(body.match(/<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g)!.length);
  expect(body.replace(/&(amp|lt|gt|quot|#39);/g, '')).not.toContain('&');
  expect(svg).not.toMatch(/NaN|Infinity|undefined/);
  const parsed = new Resvg(svg, { font: { loadSystemFonts: false } });
  expect(parsed.width).toBeGreaterThan(0);
}

/** The `d` of each `<path class="...">` in document order. */
function pathsOf(svg: string, className: string): string[] {
  return [...svg.matchAll(new RegExp(`<path class="${className}" d="([^"]*)"`, 'g'))].map((m) => m[1]!);
}

/** The vertices of a path's `d`, one list per subpath. */
function subpaths(d: string): [number, number][][] {
  return d
    .split('M')
    .filter((s) => s.length > 0)
    .map((s) =>
      s
        .replace(/Z$/, '')
        .split('L')
        .map((pair) => pair.split(' ').map(Number) as [number, number]),
    );
}

function textsOf(svg: string, groupClass: string): string[] {
  const group = svg.match(new RegExp(`<g class="${groupClass}"[^>]*>(.*?)</g>`))![1]!;
  return [...group.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
}

function frameOf(svg: string): { left: number; top: number; right: number; bottom: number } {
  const m = svg.match(/<rect class="frame" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"/)!;
  const [left, top, width, height] = m.slice(1, 5).map(Number) as [number, number, number, number];
  return { left, top, right: left + width, bottom: top + height };
}

/** Position of the x tick labelled `label` (its text's x). */
function xTickAt(svg: string, label: string): number {
  const group = svg.match(/<g class="x-ticks"[^>]*>(.*?)<\/g>/)![1]!;
  return Number(group.match(new RegExp(`<text x="([\\d.]+)" y="[\\d.]+">${label.replace('.', '\\.')}</text>`))![1]);
}

/** Decodes an 8-bit RGBA, non-interlaced PNG (what resvg writes) to its pixels. */
function decodePng(png: Buffer): { width: number; height: number; rgba: Uint8Array } {
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  expect([png[24], png[25], png[28]]).toEqual([8, 6, 0]); // bit depth 8, colour type RGBA, no interlace
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    if (png.toString('latin1', at + 4, at + 8) === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const rgba = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let i = 0; i < stride; i++) {
      const value = raw[y * (stride + 1) + 1 + i]!;
      const a = i >= 4 ? rgba[y * stride + i - 4]! : 0;
      const b = y > 0 ? rgba[(y - 1) * stride + i]! : 0;
      const c = i >= 4 && y > 0 ? rgba[(y - 1) * stride + i - 4]! : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter]!;
      rgba[y * stride + i] = (value + predictor) & 0xff;
    }
  }
  return { width, height, rgba };
}

function pixel(image: { width: number; rgba: Uint8Array }, x: number, y: number): [number, number, number] {
  const at = (Math.round(y) * image.width + Math.round(x)) * 4;
  return [image.rgba[at]!, image.rgba[at + 1]!, image.rgba[at + 2]!];
}

const epochs = Array.from({ length: 61 }, (_, e) => e);
const curve = (f: (epoch: number) => number): PlotPoint[] => epochs.map((e) => [e, f(e)]);

const accuracySpec: LineChartSpec = {
  title: 'Clean validation accuracy',
  x: { label: 'epoch' },
  y: { label: 'accuracy' },
  series: [
    { name: 'large LR + anneal', points: curve((e) => (e < 30 ? 0.6 + e * 0.003 : 0.87)) },
    { name: 'small LR', points: curve((e) => 0.55 + 0.15 * (1 - Math.exp(-e / 5))) },
    { name: 'small LR + noise', points: curve((e) => (e < 30 ? 0.62 + e * 0.002 : 0.81)), lineStyle: 'long-dash' },
  ],
  markers: [{ x: 30, label: 'anneal' }],
  referenceLines: [{ y: 0.8, label: 'linear on 0.8N' }],
};

// ---------- ticks and number formatting ----------

describe('ticks', () => {
  it('picks 1-2-5 steps; fits linear domains to the data, padded, not rounded out to a tick', () => {
    expect(linearTicks(0, 60, 6).values).toEqual([0, 10, 20, 30, 40, 50, 60]);
    expect(fittedLinearDomain(0, 260, 0)).toEqual([0, 260]);
    expect(fittedLinearDomain(80, 90, 0.05)).toEqual([79.5, 90.5]);
    expect(linearTicks(0, 1, 5)).toEqual({ values: [0, 0.2, 0.4, 0.6, 0.8, 1], labels: ['0', '0.2', '0.4', '0.6', '0.8', '1'] });
    expect(linearTicks(0.55, 0.9, 7).labels).toEqual(['0.55', '0.6', '0.65', '0.7', '0.75', '0.8', '0.85', '0.9']);
    expect(linearTicks(0, 260, 6).values).toEqual([0, 50, 100, 150, 200, 250]); // no tick past the data's end
    const [lo, hi] = fittedLinearDomain(3, 3, 0.05);
    expect([lo, hi]).toEqual([expect.closeTo(2.7, 12), expect.closeTo(3.3, 12)]);
    expect(fittedLinearDomain(0, 0, 0.05)).toEqual([-1, 1]);
    expect(linearTicks(-1, 1, 4).labels).toEqual(['-1', '-0.5', '0', '0.5', '1']);
  });

  it('puts log ticks on exact powers of ten, thinning long ranges to every k-th decade', () => {
    expect(niceLogDomain(4e-6, 0.4)).toEqual([1e-6, 1]);
    expect(niceLogDomain(1, 1)).toEqual([1, 10]);
    const ticks = logTicks(1e-6, 1, 8);
    expect(ticks.values).toEqual([1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1]);
    expect(ticks.labels).toEqual(['1e-6', '1e-5', '1e-4', '1e-3', '1e-2', '1e-1', '1']);
    expect(logTicks(0.01, 1000, 8).labels).toEqual(['0.01', '0.1', '1', '10', '100', '1000']);
    expect(logTicks(1e-12, 1, 4).values).toEqual([1e-12, 1e-8, 1e-4, 1]);
  });

  it('prints coordinates with two decimals and never -0; labels with just enough digits', () => {
    expect(formatCoordinate(12.5)).toBe('12.5');
    expect(formatCoordinate(300)).toBe('300');
    expect(formatCoordinate(-0.001)).toBe('0');
    expect(formatCoordinate(1 / 3)).toBe('0.33');
    expect(formatCoordinate(1e30)).toBe('1000000');
    expect(() => formatCoordinate(NaN)).toThrow(/non-finite coordinate/);
    expect(formatLinearTick(0.30000000000000004, 0.1)).toBe('0.3');
    expect(formatLinearTick(1500000, 500000)).toBe('1.5e+6');
    expect(formatLinearTick(2e-5, 1e-5)).toBe('2e-5');
  });
});

// ---------- the line chart ----------

describe('renderLineChart', () => {
  it('renders the documented example', () => {
    const svg = renderLineChart({
      title: 'Clean validation accuracy',
      x: { label: 'epoch' },
      y: { label: 'accuracy', domain: [0, 1] },
      series: [
        { name: 'large LR + anneal', points: [[0, 0.3], [30, 0.7], [60, 0.88]] },
        { name: 'small LR', points: [[0, 0.5], [30, 0.68], [60, 0.7]] },
      ],
      markers: [{ x: 30, label: 'anneal' }],
    });
    expectWellFormed(svg);
    expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="640" height="400"')).toBe(true);
    expect(svg).toContain('font-family="DejaVu Sans"');
    expect(textsOf(svg, 'y-ticks')).toEqual(['0', '0.2', '0.4', '0.6', '0.8', '1']);
  });

  it('draws one path per series with one vertex per point, a legend entry each, the marker and the reference line', () => {
    const svg = renderLineChart(accuracySpec);
    expectWellFormed(svg);
    const lines = pathsOf(svg, 'series');
    expect(lines).toHaveLength(3);
    for (const d of lines) expect(subpaths(d).map((s) => s.length)).toEqual([61]);
    expect(textsOf(svg, 'legend')).toEqual(['large LR + anneal', 'small LR', 'small LR + noise']);
    expect(svg.match(/<path class="series"[^>]*stroke="([^"]+)"/g)!.map((p) => p.match(/stroke="([^"]+)"/)![1])).toEqual(PLOT_PALETTE.slice(0, 3));
    // Solid, the default second style, and the long dash asked for; the legend's samples the same.
    const dashes = (tags: string[]): (string | undefined)[] => tags.map((tag) => tag.match(/stroke-dasharray="([^"]+)"/)?.[1]);
    const expected = [undefined, dashArray(LINE_STYLES[1]!, 2), dashArray('long-dash', 2)];
    expect(dashes(svg.match(/<path class="series"[^>]*>/g)!)).toEqual(expected);
    expect(dashes(svg.match(/<g class="legend".*?<\/g>/)![0].match(/<line [^>]*>/g)!)).toEqual(expected);

    // x = 0 and x = 60 are the frame's edges (ticks 0, 10, …, 60), and the marker at 30 halfway.
    const frame = frameOf(svg);
    const first = subpaths(lines[0]!)[0]!;
    expect(first[0]![0]).toBeCloseTo(frame.left, 1);
    expect(first[60]![0]).toBeCloseTo(frame.right, 1);
    const marker = svg.match(/<line class="marker" x1="([\d.]+)" y1="([\d.]+)" x2="([\d.]+)" y2="([\d.]+)"/)!.slice(1).map(Number);
    expect(textsOf(svg, 'x-ticks')).toEqual(['0', '10', '20', '30', '40', '50', '60']);
    expect(xTickAt(svg, '0')).toBe(frame.left);
    expect(xTickAt(svg, '60')).toBeCloseTo(frame.right, 2);
    expect(marker[0]).toBeCloseTo((xTickAt(svg, '20') + xTickAt(svg, '40')) / 2, 1);
    expect(marker.slice(1)).toEqual([frame.top, marker[0], frame.bottom]);
    // The label sits above the plot, centred on its line.
    const label = svg.match(/<text class="marker-label" x="([\d.]+)" y="([\d.]+)" text-anchor="middle" fill="#777777">anneal<\/text>/)!;
    expect(Number(label[1])).toBeCloseTo(marker[0]!, 1);
    expect(Number(label[2])).toBeLessThan(frame.top);

    // y fitted to the data (0.55 … 0.87) plus 5% of the span each side: the reference line at 0.8 sits where that puts it.
    const [lo, hi] = [0.55 - 0.016, 0.87 + 0.016];
    const ref = Number(svg.match(/<line class="reference" x1="[\d.]+" y1="([\d.]+)"/)![1]);
    expect(ref).toBeCloseTo(frame.bottom - ((0.8 - lo) / (hi - lo)) * (frame.bottom - frame.top), 0);
    expect(svg).toMatch(/<text class="reference-label" x="([\d.]+)" y="[\d.]+" text-anchor="start" fill="#555555">linear on 0\.8N<\/text>/);
  });

  it('breaks lines at non-finite values, draws lone points as dots, and never writes NaN', () => {
    const svg = renderLineChart({
      series: [
        { name: 'gappy', points: [[0, 1], [1, 2], [2, NaN], [3, 3], [4, Infinity], [5, 4], [6, 5], [NaN, 6], [8, 7]] },
        { name: 'empty', points: [[0, NaN], [1, -Infinity]] },
      ],
    });
    expectWellFormed(svg);
    const [d] = pathsOf(svg, 'series');
    expect(pathsOf(svg, 'series')).toHaveLength(1); // nothing drawable for `empty`
    expect(subpaths(d!).map((s) => s.length)).toEqual([2, 2]);
    expect(svg.match(/class="series-point"/g)).toHaveLength(2); // (3, 3) and (8, 7)
    expect(textsOf(svg, 'legend')).toEqual(['gappy', 'empty']);
  });

  it('uses powers of ten on a log axis and draws exact zeros at the floor, a decade below the data', () => {
    const sigma: PlotPoint[] = epochs.map((e) => [e, e < 30 ? 0.4 : 4e-6]);
    const extra: PlotPoint[] = epochs.map((e) => [e, e < 30 ? 120 : 0]);
    const svg = renderLineChart({ y: { label: 'noise σ', scale: 'log' }, series: [{ name: 'σ', points: sigma }, { name: 'extra', points: extra }] });
    expectWellFormed(svg);
    const labels = textsOf(svg, 'y-ticks');
    expect(labels.length).toBeGreaterThanOrEqual(4);
    for (const label of labels) expect(Number(label)).toBe(Number(`1e${Math.round(Math.log10(Number(label)))}`));
    expect(labels[0]).toBe('1e-7'); // data reach down to 4e-6; the floor gets 1e-7 to itself
    expect(labels[labels.length - 1]).toBe('1e3'); // one style per axis: exponents past ±3 switch every label

    const frame = frameOf(svg);
    const [sigmaLine, extraLine] = pathsOf(svg, 'series').map((d) => subpaths(d)[0]!);
    expect(extraLine).toHaveLength(61);
    expect(extraLine![45]![1]).toBe(frame.bottom);
    expect(sigmaLine![45]![1]).toBeLessThan(frame.bottom - 10);

    const gap = renderLineChart({ y: { scale: 'log', nonPositive: 'gap' }, series: [{ name: 'extra', points: extra }] });
    expect(subpaths(pathsOf(gap, 'series')[0]!).map((s) => s.length)).toEqual([30]);
    expect(textsOf(gap, 'y-ticks')).toEqual(['100', '1000']);
  });

  it('draws error bands as closed translucent areas that skip gaps', () => {
    const points: PlotPoint[] = [[0, 0.5], [1, 0.6], [2, 0.7], [3, 0.8], [4, 0.9]];
    const svg = renderLineChart({
      y: { domain: [0, 1] },
      series: [{ name: 'mean ± CI', points, band: { lower: [0.4, 0.5, NaN, 0.7, 0.8], upper: [0.6, 0.7, 0.8, 0.9, 1] } }],
    });
    expectWellFormed(svg);
    const [band] = pathsOf(svg, 'band');
    expect(band!.match(/Z/g)).toHaveLength(2);
    expect(subpaths(band!).map((s) => s.length)).toEqual([4, 4]);
    expect(svg).toContain('fill-opacity="0.18"');
    const frame = frameOf(svg);
    const [first] = subpaths(band!);
    expect(first![0]![1]).toBeCloseTo(frame.bottom - 0.6 * (frame.bottom - frame.top), 1);
    expect(first![3]![1]).toBeCloseTo(frame.bottom - 0.4 * (frame.bottom - frame.top), 1);
  });

  it('escapes <, &, " and \' in every piece of text', () => {
    const nasty = 'a<b & "c" \'d\'</text><script>';
    const svg = renderLineChart({
      title: nasty,
      x: { label: nasty },
      y: { label: nasty },
      series: [{ name: nasty, points: [[0, 0], [1, 1]] }],
      markers: [{ x: 0.5, label: nasty }],
      referenceLines: [{ y: 0.5, label: nasty }],
      legend: true,
    });
    expectWellFormed(svg);
    expect(svg).not.toContain('<script>');
    expect(svg.match(/a&lt;b &amp; &quot;c&quot; &#39;d&#39;&lt;\/text&gt;&lt;script&gt;/g)).toHaveLength(6);
  });

  it('is deterministic: the same spec gives byte-identical SVG', () => {
    const again = JSON.parse(JSON.stringify(accuracySpec)) as LineChartSpec;
    expect(renderLineChart(again)).toBe(renderLineChart(accuracySpec));
  });

  it('gives every series a colour and a dash of its own, taking both in turn', () => {
    const series = Array.from({ length: 12 }, (_, i) => ({ name: `s${i}`, points: [[0, i], [1, i + 1]] as PlotPoint[] }));
    const svg = renderLineChart({ series });
    const styles = [...svg.matchAll(/<path class="series"[^>]*stroke="([^"]+)"[^>]*?(?:stroke-dasharray="([^"]+)")?\/>/g)].map((m) => `${m[1]} ${m[2] ?? 'solid'}`);
    expect(new Set(PLOT_PALETTE).size).toBe(8);
    expect(styles).toHaveLength(12);
    expect(new Set(styles).size).toBe(12);
    expect(styles.slice(0, 8).map((s) => s.split(' ')[0])).toEqual(PLOT_PALETTE);
    expect(styles.slice(0, 5).map((s) => s.slice(s.indexOf(' ') + 1))).toEqual(LINE_STYLES.map((style) => dashArray(style, 2) ?? 'solid'));
    // Neighbours differ in both colour and dash, so a line lying on another still shows through its gaps.
    for (let i = 1; i < 12; i++) for (const part of [0, 1]) expect(styles[i]!.split(' ')[part]).not.toBe(styles[i - 1]!.split(' ')[part]);
  });

  it('rejects malformed specs with a ConfigError naming the field', () => {
    const base = accuracySpec.series[0]!;
    const cases: [LineChartSpec, RegExp][] = [
      [{ series: [{ ...base, band: { lower: [1], upper: [1] } }] }, /series\[0\]\.band\.lower: expected an array of 61 numbers/],
      [{ y: { scale: 'log', domain: [0, 1] }, series: [] }, /y\.domain\[0\]: expected a finite number > 0/],
      [{ x: { domain: [5, 5] }, series: [] }, /x\.domain\[1\]: expected a finite number > 5/],
      [{ series: [{ name: 'x', points: [[0, 1, 2]] as unknown as PlotPoint[] }] }, /series\[0\]\.points\[0\]: expected an \[x, y\] pair/],
      [{ series: [{ name: 'x', points: [], color: 'red" onload="x' }] }, /series\[0\]\.color: expected a CSS colour/],
      [{ width: 50, series: [] }, /Invalid width: expected a finite number >= 240, got 50/],
      [{ series: [{ name: 'huge', points: [[0, -1e308], [1, 1e308]] }] }, /y values: expected a range whose width is a finite number[\s\S]*Give y\.domain explicitly/],
      [{ series: [{ name: 'x', points: [], lineStyle: 'wavy' as never }] }, /series\[0\]\.lineStyle: expected one of/],
      [{ series: [{ name: 'x', points: [], step: 'up' as never }] }, /series\[0\]\.step: expected one of/],
      [{ series: [{ name: 'x', points: [], marker: 'star' as never }] }, /series\[0\]\.marker: expected one of/],
      [{ y: { bounds: [100, 0] }, series: [] }, /y\.bounds\[1\]: expected a finite number > 100/],
      [{ y: { padding: 2 }, series: [] }, /y\.padding: expected a finite number >= 0 and <= 1/],
    ];
    for (const [spec, message] of cases) {
      expect(() => renderLineChart(spec)).toThrow(ConfigError);
      expect(() => renderLineChart(spec)).toThrow(message);
    }
  });
});

// ---------- layout: fitted axes, styles, steps, labels clear of the curves ----------

/** Every straight piece of every series path, in the panel's pixel coordinates. */
function seriesSegments(svg: string): [[number, number], [number, number]][] {
  return pathsOf(svg, 'series').flatMap((d) => subpaths(d).flatMap((line) => line.slice(1).map((b, i): [[number, number], [number, number]] => [line[i]!, b])));
}

function unescapeXml(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

/** The box of each `<text class="<kind>-label">` as drawn, measured the way the layout measures text. */
function labelBoxes(svg: string, kind: 'marker' | 'reference'): { text: string; x: number; y: number; box: Box }[] {
  return [...svg.matchAll(new RegExp(`<text class="${kind}-label" x="([\\d.-]+)" y="([\\d.-]+)" text-anchor="(start|middle|end)"[^>]*>([^<]*)</text>`, 'g'))].map((m) => {
    const [x, y, text] = [Number(m[1]), Number(m[2]), unescapeXml(m[4]!)];
    return { text, x, y, box: textBox(text, FONT_SIZE.annotation, x, y, m[3] as 'start' | 'middle' | 'end') };
  });
}

/** The legend's names' boxes. */
function legendBoxes(svg: string): Box[] {
  const group = svg.match(/<g class="legend"[^>]*>(.*?)<\/g>/)![1]!;
  return [...group.matchAll(/<text x="([\d.-]+)" y="([\d.-]+)"[^>]*>([^<]*)<\/text>/g)].map((m) => textBox(unescapeXml(m[3]!), FONT_SIZE.legend, Number(m[1]), Number(m[2]), 'start'));
}

/** Whether a segment, drawn `halfWidth` wide, touches a box (sampled every 0.25 px). */
function touches(box: Box, [a, b]: [[number, number], [number, number]], halfWidth: number): boolean {
  const steps = Math.max(1, Math.ceil(Math.hypot(b[0] - a[0], b[1] - a[1]) * 4));
  for (let i = 0; i <= steps; i++) {
    const [x, y] = [a[0] + ((b[0] - a[0]) * i) / steps, a[1] + ((b[1] - a[1]) * i) / steps];
    if (x >= box.left - halfWidth && x <= box.right + halfWidth && y >= box.top - halfWidth && y <= box.bottom + halfWidth) return true;
  }
  return false;
}

function intersect(a: Box, b: Box): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

describe('layout', () => {
  const rising = (from: number, to: number): PlotPoint[] => epochs.map((e) => [e, from + ((to - from) * e) / 60]);
  const yDomain = (y: LineChartSpec['y'], points: PlotPoint[]): readonly number[] => layoutChart(checkChartSpec({ y, series: [{ name: 'a', points }] })).y.domain;

  it('fits the y axis to the data, padded by 5% of the span and clamped to the bounds; a given domain wins', () => {
    // A 3-point effect near 85% fills the plot instead of a sliver of 0–100.
    expect(yDomain({ bounds: [0, 100] }, rising(82, 86))).toEqual([expect.closeTo(81.8, 9), expect.closeTo(86.2, 9)]);
    expect(yDomain({ bounds: [0, 100] }, rising(90, 100))).toEqual([expect.closeTo(89.5, 9), 100]); // no padding past 100%
    expect(yDomain({ bounds: [0, 100] }, rising(100, 100))).toEqual([90, 100]);
    expect(yDomain({ padding: 0 }, rising(82, 86))).toEqual([82, 86]);
    expect(yDomain({ domain: [0, 100], bounds: [0, 100] }, rising(82, 86))).toEqual([0, 100]);
    expect(yDomain({ bounds: [0, 1] }, rising(82, 86))).toEqual([expect.closeTo(81.8, 9), expect.closeTo(86.2, 9)]); // data outside the bounds: bounds ignored
    // Bands and reference lines count as data.
    const spec = checkChartSpec({ series: [{ name: 'a', points: rising(82, 86), band: { lower: epochs.map(() => 80), upper: epochs.map(() => 87) } }], referenceLines: [{ y: 72 }] });
    expect(layoutChart(spec).y.domain).toEqual([expect.closeTo(72 - 0.75, 9), expect.closeTo(87 + 0.75, 9)]);
  });

  it('ends the x axis at the last evaluation, not at the next round tick, and keeps the legend out of the width', () => {
    const points: PlotPoint[] = Array.from({ length: 27 }, (_, i) => [i * 10, 50 + i]); // epochs 0 … 260
    const svg = renderLineChart({ x: { label: 'epoch' }, series: [{ name: 'a long method name (n=10)', points }], markers: [{ x: 300, label: 'later' }] });
    const frame = frameOf(svg);
    const line = subpaths(pathsOf(svg, 'series')[0]!)[0]!;
    expect(line[0]![0]).toBeCloseTo(frame.left, 1);
    expect(line.at(-1)![0]).toBeCloseTo(frame.right, 1);
    expect(textsOf(svg, 'x-ticks')).toEqual(['0', '50', '100', '150', '200', '250']);
    expect(svg).not.toContain('>later<'); // a marker past the data neither stretches the axis nor shows
    // The legend is a row above the plot: the plot keeps the panel's width.
    expect(frame.right).toBeGreaterThanOrEqual(640 - 24);
    for (const box of legendBoxes(svg)) expect(box.bottom).toBeLessThan(frame.top);
  });

  it('draws step series as steps: flat runs joined by vertical jumps, at the earlier point (pre) or the later one (post)', () => {
    const points: PlotPoint[] = [[0, 3], [10, 3], [20, 3], [30, 0.3], [40, 0.3]];
    const svg = renderLineChart({
      x: { domain: [0, 40] },
      y: { domain: [0, 4] },
      series: [
        { name: 'pre', points, step: 'pre', band: { lower: [2.5, 2.5, 2.5, 0.2, 0.2], upper: [3.5, 3.5, 3.5, 0.4, 0.4] } },
        { name: 'post', points, step: 'post' },
        { name: 'straight', points },
      ],
    });
    const frame = frameOf(svg);
    const xAt = (x: number): number => frame.left + (x / 40) * (frame.right - frame.left);
    const [pre, post, straight] = pathsOf(svg, 'series').map((d) => subpaths(d)[0]!);
    const axisAligned = (line: [number, number][]): boolean => line.slice(1).every((b, i) => b[0] === line[i]![0] || b[1] === line[i]![1]);
    const jumps = (line: [number, number][]): number[] => line.slice(1).flatMap((b, i) => (b[0] === line[i]![0] && b[1] !== line[i]![1] ? [b[0]] : []));
    expect(axisAligned(pre!)).toBe(true);
    expect(axisAligned(post!)).toBe(true);
    expect(axisAligned(straight!)).toBe(false);
    expect(jumps(pre!)).toEqual([expect.closeTo(xAt(20), 1)]); // the value recorded at 30 held since 20
    expect(jumps(post!)).toEqual([expect.closeTo(xAt(30), 1)]); // the value at 20 held until 30
    expect(subpaths(pathsOf(svg, 'band')[0]!).every(axisAligned)).toBe(true);
  });

  it('draws markers at every point when asked, in a shape per series', () => {
    const points: PlotPoint[] = [[0.3, 81], [0.75, 84], [1.5, 85], [4.5, 85]];
    const svg = renderLineChart({ series: ['a', 'b', 'c'].map((name) => ({ name, points, marker: 'auto' as const })) });
    const symbols = svg.match(/<g class="series-markers">(.*?)<\/g>/)![1]!.match(/<(circle|path) class="series-marker"/g)!;
    expect(symbols).toHaveLength(12);
    expect(symbols.slice(0, 4).every((s) => s.startsWith('<circle'))).toBe(true);
    expect(symbols.slice(4).every((s) => s.startsWith('<path'))).toBe(true);
    expect(new Set(svg.match(/<path class="series-marker" d="[^"]*"/g)!.map((d) => d.split('L').length)).size).toBe(2); // square and triangle
  });

  it('places every label where it covers no curve and no other label: event labels above the plot, baseline labels beside it', () => {
    const spec: LineChartSpec = {
      title: 'crowded',
      width: 480,
      height: 320,
      x: { label: 'epoch' },
      y: { label: 'accuracy (%)', bounds: [0, 100] },
      series: [
        // Up to the top right corner, where an inline baseline label used to go.
        { name: 'large LR', points: rising(60, 100) },
        // Along a baseline, then just under the top near the markers.
        { name: 'small LR', points: epochs.map((e) => [e, e < 30 ? 84 : 99.5]) },
        { name: 'small LR + noise', points: epochs.map((e) => [e, e < 30 ? 84 : 72.1]), band: { lower: epochs.map(() => 70), upper: epochs.map(() => 86) } },
      ],
      markers: [{ x: 0, label: 'warmup end' }, { x: 30, label: 'anneal' }, { x: 31, label: 'decay 2' }, { x: 60, label: 'end of training' }],
      referenceLines: [{ y: 84, label: 'linear-a-bearing' }, { y: 83.5, label: 'linear-close' }, { y: 72.1, label: 'linear-a-only' }],
    };
    for (const chart of [spec, { ...spec, title: undefined, legend: false }, { ...spec, width: 320 }]) {
      const svg = renderLineChart(chart);
      expectWellFormed(svg);
      const width = chart.width!;
      const height = chart.height!;
      const segments = seriesSegments(svg);
      expect(segments.length).toBeGreaterThan(100);
      const markers = labelBoxes(svg, 'marker');
      const references = labelBoxes(svg, 'reference');
      expect(markers.map((l) => l.text)).toEqual(['warmup end', 'anneal', 'decay 2', 'end of training']);
      expect(references.map((l) => l.text).sort()).toEqual(['linear-a-bearing', 'linear-a-only', 'linear-close']);
      const boxes = [...markers, ...references].map((l) => l.box);
      if (chart.legend !== false) boxes.push(...legendBoxes(svg));
      boxes.forEach((box, i) => {
        for (const segment of segments) expect({ box, segment, touches: touches(box, segment, 1) }).toEqual({ box, segment, touches: false });
        for (const other of boxes.slice(i + 1)) expect({ box, other, overlap: intersect(box, other) }).toEqual({ box, other, overlap: false });
        expect(box.left).toBeGreaterThanOrEqual(0);
        expect(box.right).toBeLessThanOrEqual(width);
        expect(box.top).toBeGreaterThanOrEqual(0);
        expect(box.bottom).toBeLessThanOrEqual(height);
      });
      // Each event label is centred on its line unless the panel's edge pushed it in; each baseline label is beside its line.
      const frame = frameOf(svg);
      const lines = [...svg.matchAll(/<line class="marker" x1="([\d.]+)"/g)].map((m) => Number(m[1]));
      expect(markers[1]!.x).toBeCloseTo(lines[1]!, 1);
      for (const { box } of markers) expect(box.bottom).toBeLessThan(frame.top - 1);
      for (const { box } of references) expect(box.left).toBeGreaterThan(frame.right + 3);
      const linesY = [...svg.matchAll(/<line class="reference" x1="[\d.]+" y1="([\d.]+)"/g)].map((m) => Number(m[1]));
      const only = references.find((l) => l.text === 'linear-a-only')!;
      expect((only.box.top + only.box.bottom) / 2).toBeCloseTo(linesY[2]!, -1);
    }
  });
});

// ---------- the grid ----------

describe('renderChartGrid', () => {
  it('lays panels out row by row with unique clip ids and one title', () => {
    const charts = ['A only', 'B only', 'both'].map((group) => ({ ...accuracySpec, title: group, width: 400, height: 300 }));
    const svg = renderChartGrid({ title: 'Per-group <test> accuracy', columns: 2, charts });
    expectWellFormed(svg);
    expect(svg).toMatch(/<svg [^>]*width="800" height="634"/);
    expect([...svg.matchAll(/<g class="chart"( transform="translate\(([\d.]+) ([\d.]+)\)")?>/g)].map((m) => m[1] ? [m[2], m[3]] : ['0', '0'])).toEqual([
      ['0', '34'],
      ['400', '34'],
      ['0', '334'],
    ]);
    expect([...svg.matchAll(/<clipPath id="([^"]+)"/g)].map((m) => m[1])).toEqual(['c0-plot', 'c1-plot', 'c2-plot']);
    expect(pathsOf(svg, 'series')).toHaveLength(9);
    expect(svg).toContain('>Per-group &lt;test&gt; accuracy</text>');
    expect(renderChartGrid({ columns: 2, charts })).toBe(renderChartGrid({ columns: 2, charts }));
  });

  it('renders the documented example: empty panels side by side', () => {
    const svg = renderChartGrid({
      title: 'Per-group test accuracy',
      columns: 3,
      charts: ['A only', 'B only', 'both'].map((group) => ({ title: group, width: 360, height: 260, series: [] })),
    });
    expectWellFormed(svg);
    expect(svg).toMatch(/<svg [^>]*width="1080" height="294"/);
    expect([...svg.matchAll(/<text class="title"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1])).toEqual(['A only', 'B only', 'both']);
    expect(svg).not.toContain('class="legend"');
  });

  it('rejects an empty grid, a bad column count and bad panels', () => {
    expect(() => renderChartGrid({ columns: 2, charts: [] })).toThrow(/charts: expected at least one line-chart spec/);
    expect(() => renderChartGrid({ columns: 0, charts: [accuracySpec] })).toThrow(/columns: expected an integer >= 1/);
    expect(() => renderChartGrid({ columns: 1, charts: [accuracySpec, { series: [{ name: 1 as unknown as string, points: [] }] }] })).toThrow(
      /charts\[1\]\.series\[0\]\.name: expected a string/,
    );
  });
});

// ---------- PNG ----------

describe('svgToPng', () => {
  const redLine: LineChartSpec = {
    width: 300,
    height: 200,
    legend: false,
    x: { domain: [0, 10] },
    y: { domain: [0, 1] },
    series: [{ name: 'red', points: [[0, 0.5], [10, 0.5]], color: '#ff0000', lineWidth: 8 }],
  };

  it('writes a PNG of the chart size times the scale, with red pixels where the line is', () => {
    const svg = renderLineChart(redLine);
    const [line] = subpaths(pathsOf(svg, 'series')[0]!);
    const [[x0, y0], [x1]] = line as [[number, number], [number, number]];
    for (const scale of [1, 2]) {
      const png = svgToPng(svg, { scale });
      expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      expect(png.toString('latin1', 12, 16)).toBe('IHDR');
      const image = decodePng(png);
      expect([image.width, image.height]).toEqual([300 * scale, 200 * scale]);
      for (const x of [x0 + 5, (x0 + x1) / 2, x1 - 5]) expect(pixel(image, x * scale, y0 * scale)).toEqual([255, 0, 0]);
      // Between grid lines, 3 px off the 8 px line's centre is still red; 12 px off is background.
      const between = x0 + 0.37 * (x1 - x0);
      expect(pixel(image, between * scale, (y0 + 3) * scale)).toEqual([255, 0, 0]);
      expect(pixel(image, between * scale, (y0 + 12) * scale)).toEqual([255, 255, 255]);
      let red = 0;
      for (let i = 0; i < image.rgba.length; i += 4) if (image.rgba[i]! > 200 && image.rgba[i + 1]! < 60 && image.rgba[i + 2]! < 60) red++;
      // The visible line is (x1 - x0) long and 8 wide, in scale² pixels each.
      expect(red / scale ** 2).toBeGreaterThan((x1 - x0) * 8 * 0.9);
      expect(red / scale ** 2).toBeLessThan((x1 - x0 + 8) * 8 * 1.1);
    }
  });

  it('sets text in the bundled font (no system fonts) and is deterministic', () => {
    const svg = renderLineChart({ width: 300, height: 200, title: 'Hello', series: [] });
    const png = svgToPng(svg);
    expect(svgToPng(svg).equals(png)).toBe(true);
    const image = decodePng(png);
    let ink = 0;
    for (let y = 8; y < 28; y++) for (let x = 100; x < 200; x++) if (pixel(image, x, y)[0] < 128) ink++;
    expect(ink).toBeGreaterThan(50); // the title's glyphs; without a font resvg would draw nothing here
  });

  it('rejects a bad scale and unparsable SVG with a ConfigError', () => {
    expect(() => svgToPng(renderLineChart(redLine), { scale: 0 })).toThrow(/Invalid scale: expected a finite number > 0 and <= 16, got 0/);
    expect(() => svgToPng('<svg')).toThrow(ConfigError);
    expect(() => svgToPng('<svg')).toThrow(/Invalid svg: expected a well-formed SVG document/);
  });
});

// ---------- writing files ----------

describe('writeFigure', () => {
  const svg = renderLineChart({ width: 240, height: 160, series: [{ name: 'a', points: [[0, 0], [1, 1]] }] });

  it('writes <name>.svg and <name>.png through the given writer', () => {
    const written = new Map<string, Uint8Array>();
    const paths = writeFigure('plots', 'accuracy', svg, { scale: 2, write: (path, bytes) => written.set(path, bytes) });
    expect(paths).toEqual({ svg: join('plots', 'accuracy.svg'), png: join('plots', 'accuracy.png') });
    expect([...written.keys()]).toEqual([paths.svg, paths.png]);
    expect(Buffer.from(written.get(paths.svg)!).toString('utf8')).toBe(svg);
    expect(decodePng(Buffer.from(written.get(paths.png)!)).width).toBe(480);
  });

  it('creates the folder with the default writer and reports failures as IoError', () => {
    const root = mkdtempSync(join(tmpdir(), 'lrlab-plots-'));
    try {
      const paths = writeFigure(join(root, 'runs', 'plots'), 'sigma', svg);
      expect(readFileSync(paths.svg, 'utf8')).toBe(svg);
      expect(readFileSync(paths.png).equals(svgToPng(svg))).toBe(true);
      writeFileSync(join(root, 'a-file'), 'x');
      expect(() => writeFigure(join(root, 'a-file'), 'sigma', svg)).toThrow(IoError);
      expect(existsSync(join(root, 'a-file', 'sigma.svg'))).toBe(false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
    expect(() => writeFigure('plots', '../escape', svg, { write: () => undefined })).toThrow(/Invalid name: expected a file name without extension or path separators/);
  });
});
