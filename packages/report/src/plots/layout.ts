/**
 * Where the parts of a chart go: margins for the title, the axis titles, the tick labels and the
 * legend, and the plot rectangle they leave. Vertical margins are fixed first, so the y axis (whose
 * tick labels decide the left margin) can be resolved before the x axis.
 */
import { resolveAxis, type ResolvedAxis } from './axis-scale';
import type { CheckedChart } from './check-spec';
import { FONT_SIZE, textWidth } from './text-metrics';

/** The plot rectangle and the axes fitted to it, in the panel's pixel coordinates. */
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
  /** Width reserved right of the plot for the legend (0 without one). */
  readonly legendWidth: number;
}

/** Length of the tick marks outside the plot. */
export const TICK_LENGTH = 5;
/** The legend's line sample and the gap after it. */
export const LEGEND_SWATCH = { width: 24, gap: 6 } as const;
/** The legend is at most this fraction of the panel's width. */
const MAX_LEGEND_FRACTION = 0.4;

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, value));
}

/**
 * Lays out a checked chart.
 *
 * @param chart - the chart, defaults filled in
 * @returns the plot rectangle and both axes
 */
export function layoutChart(chart: CheckedChart): ChartLayout {
  const top = chart.title === undefined ? 14 : 34;
  const bottom = chart.height - (TICK_LENGTH + FONT_SIZE.tick + 14 + (chart.x.label === undefined ? 0 : FONT_SIZE.axisLabel + 8));
  const yValues: number[] = [];
  for (const s of chart.series) {
    for (const [, y] of s.points) yValues.push(y);
    if (s.band) yValues.push(...s.band.lower, ...s.band.upper);
  }
  for (const r of chart.referenceLines) yValues.push(r.y);
  const yInput = { field: 'y', ...chart.y, values: yValues };
  const y = resolveAxis(yInput, bottom, top, clamp(Math.round((bottom - top) / 55), 2, 10));

  const tickLabelWidth = y.ticks.labels.reduce((w, label) => Math.max(w, textWidth(label, FONT_SIZE.tick)), 0);
  const left = (chart.y.label === undefined ? 6 : FONT_SIZE.axisLabel + 12) + tickLabelWidth + TICK_LENGTH + 5;
  const names = chart.legend ? chart.series.map((s) => textWidth(s.name, FONT_SIZE.legend)) : [];
  const legendWidth =
    names.length === 0 ? 0 : Math.min(chart.width * MAX_LEGEND_FRACTION, 14 + LEGEND_SWATCH.width + LEGEND_SWATCH.gap + Math.max(...names) + 6);
  // Room on the right for half of the last x tick label.
  const right = chart.width - legendWidth - 16;

  const xValues: number[] = chart.series.flatMap((s) => s.points.map(([px]) => px));
  for (const m of chart.markers) xValues.push(m.x);
  const x = resolveAxis({ field: 'x', ...chart.x, values: xValues }, left, right, clamp(Math.round((right - left) / 90), 2, 10));
  return { left, top, right, bottom, x, y, legendWidth };
}
