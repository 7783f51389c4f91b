/**
 * Where the parts of a chart go. From the top: the title, the legend (rows of entries, centred),
 * a band for the event markers' labels, then the plot; below it the x ticks and the x title, left
 * of it the y ticks and the y title, right of it a margin for the reference lines' labels. Every
 * label sits in a band or margin of its own, outside the plot, so none can cover a curve.
 *
 * Vertical margins are fixed first, so the y axis (whose tick labels decide the left margin) can be
 * resolved before the x axis. How many rows the markers' labels need depends on where the x axis
 * puts them, so the layout is tried with one row, then two, until they fit.
 */
import { resolveAxis, type ResolvedAxis } from './axis-scale';
import type { CheckedChart } from './check-spec';
import { FONT_SIZE, fitText, textBox, textWidth, type Box, type TextAnchor } from './text-metrics';

/** A label placed outside the plot: an event marker's (above it) or a reference line's (right of it). */
interface PlacedLabel {
  /** Which kind of line it names. */
  readonly kind: 'marker' | 'reference';
  /** The text. */
  readonly text: string;
  /** The x of its anchor. */
  readonly x: number;
  /** Its baseline. */
  readonly y: number;
  /** Where `x` is on the text. */
  readonly anchor: TextAnchor;
  /** Its colour. */
  readonly color: string;
  /** The box it covers (estimated). */
  readonly box: Box;
}

/** One legend entry: the series' sample line starts at `x`, centred on `y`, and its name follows. */
interface LegendEntry {
  /** Index of the series in the chart. */
  readonly series: number;
  /** Left end of the sample line. */
  readonly x: number;
  /** The row's centre line. */
  readonly y: number;
  /** The name, shortened with `…` if the row is too narrow for it. */
  readonly text: string;
}

/** The plot rectangle, the axes fitted to it and everything placed around it, in the panel's pixel coordinates. */
export interface ChartLayout {
  /** Left edge of the plot. */
  readonly left: number;
  /** Top edge of the plot. */
  readonly top: number;
  /** Right edge of the plot. */
  readonly right: number;
  /** Bottom edge of the plot. */
  readonly bottom: number;
  /** The x axis, mapping onto `[left, right]`. */
  readonly x: ResolvedAxis;
  /** The y axis, mapping onto `[bottom, top]`. */
  readonly y: ResolvedAxis;
  /** The legend's entries (none without a legend). */
  readonly legend: readonly LegendEntry[];
  /** The markers' and reference lines' labels. */
  readonly labels: readonly PlacedLabel[];
}

/** Length of the tick marks outside the plot. */
export const TICK_LENGTH = 5;
/** The legend's line sample and the gap after it. */
export const LEGEND_SWATCH = { width: 30, gap: 6 } as const;
/** Height of a legend row. */
const LEGEND_ROW = 18;
/** Room between two entries of a legend row. */
const LEGEND_SPACING = 18;
/** Height of a row of marker labels. */
const MARKER_ROW = FONT_SIZE.annotation + 4;
/** Marker labels in one row keep at least this far apart. */
const LABEL_SPACING = 8;
/** The colour of marker lines and their labels. */
export const MARKER_COLOR = '#777777';

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, value));
}

function overlaps(a: Box, b: Box, spacing = 0): boolean {
  return a.left < b.right + spacing && b.left < a.right + spacing && a.top < b.bottom && b.top < a.bottom;
}

/** Legend entries flowed into rows as wide as the panel, each row centred, starting at `top`. */
function layoutLegend(chart: CheckedChart, top: number): { readonly entries: LegendEntry[]; readonly height: number } {
  if (!chart.legend || chart.series.length === 0) return { entries: [], height: 0 };
  const room = chart.width - 16;
  const sample = LEGEND_SWATCH.width + LEGEND_SWATCH.gap;
  const items = chart.series.map((s, series) => {
    const text = fitText(s.name, FONT_SIZE.legend, room - sample);
    return { series, text, width: sample + textWidth(text, FONT_SIZE.legend) };
  });
  const rows: (typeof items)[] = [];
  for (const item of items) {
    const row = rows.at(-1);
    const used = row ? row.reduce((w, e) => w + e.width + LEGEND_SPACING, 0) : Infinity;
    if (row && used + item.width <= room) row.push(item);
    else rows.push([item]);
  }
  const entries = rows.flatMap((row, r) => {
    const total = row.reduce((w, e) => w + e.width, 0) + LEGEND_SPACING * (row.length - 1);
    let x = (chart.width - total) / 2;
    return row.map((item) => {
      const entry = { series: item.series, x, y: top + LEGEND_ROW / 2 + r * LEGEND_ROW, text: item.text };
      x += item.width + LEGEND_SPACING;
      return entry;
    });
  });
  return { entries, height: rows.length * LEGEND_ROW };
}

/**
 * Spreads wanted positions (in increasing order) at least `gap` apart within `[min, max]`,
 * moving each as little as the ones before it allow.
 */
function spread(wanted: readonly number[], gap: number, min: number, max: number): number[] {
  const out: number[] = [];
  wanted.forEach((w, i) => out.push(Math.max(clamp(w, min, max), i > 0 ? out[i - 1]! + gap : min)));
  for (let i = out.length - 1; i >= 0 && out[i]! > (i === out.length - 1 ? max : out[i + 1]! - gap); i--) {
    out[i] = i === out.length - 1 ? max : out[i + 1]! - gap;
  }
  return out;
}

/** Reference lines' labels right of the plot, at their lines' heights, spread apart where lines lie close. */
function referenceLabels(chart: CheckedChart, y: ResolvedAxis, right: number, top: number, bottom: number): PlacedLabel[] {
  const size = FONT_SIZE.annotation;
  const shown = chart.referenceLines
    .map((r) => ({ r, at: y.position(r.y) }))
    .filter((e): e is { r: (typeof chart.referenceLines)[number] & { label: string }; at: number } => e.r.label !== undefined && e.at !== undefined && e.at >= top - 0.01 && e.at <= bottom + 0.01)
    .sort((a, b) => a.at - b.at);
  // A baseline 0.36 em below the line centres the text on it.
  const baselines = spread(
    shown.map((e) => e.at + 0.36 * size),
    size + 2,
    top + 0.8 * size,
    bottom + 0.25 * size,
  );
  return shown.map((e, i) => ({ kind: 'reference', text: e.r.label, x: right + 6, y: baselines[i]!, anchor: 'start', color: e.r.color, box: textBox(e.r.label, size, right + 6, baselines[i]!, 'start') }));
}

/** Markers' labels above the plot, centred on their lines, each in the lowest row where it overlaps no other. */
function markerLabels(chart: CheckedChart, x: ResolvedAxis, left: number, right: number, top: number): { readonly labels: PlacedLabel[]; readonly rows: number } {
  const size = FONT_SIZE.annotation;
  const rows: Box[][] = [];
  const labels: PlacedLabel[] = [];
  for (const m of chart.markers) {
    const at = x.position(m.x);
    const text = m.label;
    if (text === undefined || at === undefined || at < left - 0.01 || at > right + 0.01) continue;
    const width = textWidth(text, size);
    const centre = clamp(at, 2 + width / 2, chart.width - 2 - width / 2);
    const baseline = (row: number): number => top - 5 - row * MARKER_ROW;
    let row = 0;
    while ((rows[row] ?? []).some((other) => overlaps(textBox(text, size, centre, baseline(row), 'middle'), other, LABEL_SPACING))) row++;
    const box = textBox(text, size, centre, baseline(row), 'middle');
    (rows[row] ??= []).push(box);
    labels.push({ kind: 'marker', text, x: centre, y: baseline(row), anchor: 'middle', color: MARKER_COLOR, box });
  }
  return { labels, rows: rows.length };
}

/** The layout with `markerRows` rows reserved for marker labels, and how many they needed. */
function layoutWithRows(chart: CheckedChart, markerRows: number): ChartLayout & { readonly neededRows: number } {
  const titleBottom = chart.title === undefined ? 6 : 30;
  const legend = layoutLegend(chart, titleBottom);
  const stacked = titleBottom + legend.height + markerRows * MARKER_ROW;
  const top = Math.max(chart.title === undefined ? 14 : 34, stacked + (legend.height + markerRows > 0 ? 6 : 0));
  const bottom = chart.height - (TICK_LENGTH + FONT_SIZE.tick + 14 + (chart.x.label === undefined ? 0 : FONT_SIZE.axisLabel + 8));
  const yValues: number[] = [];
  for (const s of chart.series) {
    for (const [, y] of s.points) yValues.push(y);
    if (s.band) yValues.push(...s.band.lower, ...s.band.upper);
  }
  for (const r of chart.referenceLines) yValues.push(r.y);
  const y = resolveAxis({ field: 'y', ...chart.y, values: yValues }, bottom, top, clamp(Math.round((bottom - top) / 55), 2, 10));

  const tickLabelWidth = y.ticks.labels.reduce((w, label) => Math.max(w, textWidth(label, FONT_SIZE.tick)), 0);
  const left = (chart.y.label === undefined ? 6 : FONT_SIZE.axisLabel + 12) + tickLabelWidth + TICK_LENGTH + 5;
  // The reference labels' margin; without one, room for half of the last x tick label and a gap before the next panel of a grid.
  const provisional = referenceLabels(chart, y, 0, top, bottom);
  const margin = provisional.reduce((w, label) => Math.max(w, label.box.right - label.box.left + 12), 24);
  const right = chart.width - margin;
  // The x axis spans the data alone: a marker past the last evaluation is left out, not given room.
  const xValues: number[] = chart.series.flatMap((s) => s.points.map(([px]) => px));
  const x = resolveAxis({ field: 'x', ...chart.x, values: xValues }, left, right, clamp(Math.round((right - left) / 90), 2, 10));
  const markers = markerLabels(chart, x, left, right, top);
  const labels = [...markers.labels, ...referenceLabels(chart, y, right, top, bottom)];
  return { left, top, right, bottom, x, y, legend: legend.entries, labels, neededRows: markers.rows };
}

/**
 * Lays out a checked chart.
 *
 * @param chart - the chart, defaults filled in
 * @returns the plot rectangle, both axes, the legend entries and the labels
 */
export function layoutChart(chart: CheckedChart): ChartLayout {
  // With a row per label every label fits, so this ends.
  for (let rows = 0; ; rows++) {
    const { neededRows, ...layout } = layoutWithRows(chart, rows);
    if (neededRows <= rows) return layout;
  }
}
