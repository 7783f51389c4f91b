/**
 * One chart drawn as an SVG group: grid, bands, reference lines, series, event markers, marker
 * symbols, frame, ticks, axis titles, title, legend and labels, in that order (later parts on top).
 * Where the labels and legend go is {@link layoutChart}'s decision: outside the plot.
 */
import type { CheckedChart } from './check-spec';
import { drawBand, drawMarkers, drawSeries, markerSymbol } from './draw-series';
import { LEGEND_SWATCH, MARKER_COLOR, TICK_LENGTH, layoutChart } from './layout';
import { formatCoordinate as f } from './number-format';
import { dashArray } from './palette';
import { FONT_SIZE } from './text-metrics';
import { element, escapeXml } from './xml';

const INK = '#333333';
const GRID = '#e6e6e6';
/** How far outside the plot a line may still show, so lines on the edge (a log axis's floor) keep their full width. */
const CLIP_MARGIN = 3;

function text(x: number, y: number, content: string, attributes: Record<string, string | undefined> = {}): string {
  // The class goes first (an existing key keeps its place when spread over), so the SVG reads well.
  return element('text', { class: attributes['class'], x: f(x), y: f(y), ...attributes }, escapeXml(content));
}

function line(x1: number, y1: number, x2: number, y2: number, attributes: Record<string, string | undefined>): string {
  return element('line', { class: attributes['class'], x1: f(x1), y1: f(y1), x2: f(x2), y2: f(y2), ...attributes });
}

/** Whether a pixel position lies on the plot (up to rounding). */
function within(position: number | undefined, a: number, b: number): position is number {
  return position !== undefined && position >= Math.min(a, b) - 0.01 && position <= Math.max(a, b) + 0.01;
}

/**
 * Draws a checked chart at an offset.
 *
 * @param chart - the chart, defaults filled in
 * @param offsetX - left edge of the panel in the figure, in pixels
 * @param offsetY - top edge of the panel in the figure, in pixels
 * @param idPrefix - makes the panel's element ids unique within the figure, e.g. `c0-`
 * @returns a `<g class="chart">` element
 */
export function drawPanel(chart: CheckedChart, offsetX: number, offsetY: number, idPrefix: string): string {
  const { left, top, right, bottom, x, y, legend, labels } = layoutChart(chart);
  const clipId = `${idPrefix}plot`;
  const parts: string[] = [];

  parts.push(
    element(
      'defs',
      {},
      element(
        'clipPath',
        { id: clipId },
        element('rect', { x: f(left - CLIP_MARGIN), y: f(top - CLIP_MARGIN), width: f(right - left + 2 * CLIP_MARGIN), height: f(bottom - top + 2 * CLIP_MARGIN) }),
      ),
    ),
  );

  const xTicks = x.ticks.values.map((v, i) => ({ at: x.position(v), label: x.ticks.labels[i]! })).filter((t) => within(t.at, left, right));
  const yTicks = y.ticks.values.map((v, i) => ({ at: y.position(v), label: y.ticks.labels[i]! })).filter((t) => within(t.at, bottom, top));
  const gridLines = [
    ...xTicks.map((t) => line(t.at!, top, t.at!, bottom, {})),
    ...yTicks.map((t) => line(left, t.at!, right, t.at!, {})),
  ];
  parts.push(element('g', { class: 'grid', stroke: GRID, 'stroke-width': '1' }, gridLines.join('')));

  const plotted: string[] = [];
  for (const s of chart.series) plotted.push(...drawBand(s, x, y));
  for (const r of chart.referenceLines) {
    const at = y.position(r.y);
    if (within(at, bottom, top)) plotted.push(line(left, at, right, at, { class: 'reference', stroke: r.color, 'stroke-width': '1.5', 'stroke-dasharray': '2 3' }));
  }
  for (const m of chart.markers) {
    const at = x.position(m.x);
    if (within(at, left, right)) plotted.push(line(at, top, at, bottom, { class: 'marker', stroke: MARKER_COLOR, 'stroke-width': '1.5', 'stroke-dasharray': '5 4' }));
  }
  // Series go on top of the bands and reference lines they are compared with.
  for (const s of chart.series) plotted.push(...drawSeries(s, x, y));
  parts.push(element('g', { 'clip-path': `url(#${clipId})` }, plotted.join('')));

  const symbols = chart.series.flatMap((s) => drawMarkers(s, x, y, [left, top, right, bottom]));
  if (symbols.length > 0) parts.push(element('g', { class: 'series-markers' }, symbols.join('')));

  parts.push(element('rect', { class: 'frame', x: f(left), y: f(top), width: f(right - left), height: f(bottom - top), fill: 'none', stroke: INK, 'stroke-width': '1' }));
  const xTickParts = xTicks.flatMap((t) => [
    line(t.at!, bottom, t.at!, bottom + TICK_LENGTH, { stroke: INK }),
    text(t.at!, bottom + TICK_LENGTH + FONT_SIZE.tick + 1, t.label),
  ]);
  parts.push(element('g', { class: 'x-ticks', 'font-size': f(FONT_SIZE.tick), 'text-anchor': 'middle', fill: INK }, xTickParts.join('')));
  const yTickParts = yTicks.flatMap((t) => [
    line(left - TICK_LENGTH, t.at!, left, t.at!, { stroke: INK }),
    text(left - TICK_LENGTH - 3, t.at! + FONT_SIZE.tick * 0.36, t.label),
  ]);
  parts.push(element('g', { class: 'y-ticks', 'font-size': f(FONT_SIZE.tick), 'text-anchor': 'end', fill: INK }, yTickParts.join('')));

  if (chart.x.label !== undefined) {
    const labelY = bottom + TICK_LENGTH + FONT_SIZE.tick + 8 + FONT_SIZE.axisLabel;
    parts.push(text((left + right) / 2, labelY, chart.x.label, { class: 'x-label', 'font-size': f(FONT_SIZE.axisLabel), 'text-anchor': 'middle', fill: INK }));
  }
  if (chart.y.label !== undefined) {
    const [lx, ly] = [4 + FONT_SIZE.axisLabel, (top + bottom) / 2];
    parts.push(
      text(lx, ly, chart.y.label, { class: 'y-label', 'font-size': f(FONT_SIZE.axisLabel), 'text-anchor': 'middle', fill: INK, transform: `rotate(-90 ${f(lx)} ${f(ly)})` }),
    );
  }
  if (chart.title !== undefined) {
    parts.push(text(chart.width / 2, 22, chart.title, { class: 'title', 'font-size': f(FONT_SIZE.title), 'font-weight': 'bold', 'text-anchor': 'middle', fill: '#000000' }));
  }

  if (legend.length > 0) {
    const entries = legend.flatMap((entry) => {
      const s = chart.series[entry.series]!;
      const width = Math.min(s.lineWidth, 4);
      const sample = line(entry.x, entry.y, entry.x + LEGEND_SWATCH.width, entry.y, { stroke: s.color, 'stroke-width': f(width), 'stroke-linecap': 'round', 'stroke-dasharray': dashArray(s.lineStyle, width) });
      const symbol = s.marker === undefined ? [] : [markerSymbol(s.marker, [entry.x + LEGEND_SWATCH.width / 2, entry.y], 2 + width, s.color)];
      return [sample, ...symbol, text(entry.x + LEGEND_SWATCH.width + LEGEND_SWATCH.gap, entry.y + FONT_SIZE.legend * 0.36, entry.text, { fill: INK })];
    });
    parts.push(element('g', { class: 'legend', 'font-size': f(FONT_SIZE.legend) }, entries.join('')));
  }
  if (labels.length > 0) {
    const notes = labels.map((l) => text(l.x, l.y, l.text, { class: `${l.kind}-label`, 'text-anchor': l.anchor, fill: l.color }));
    parts.push(element('g', { class: 'labels', 'font-size': f(FONT_SIZE.annotation) }, notes.join('')));
  }

  const transform = offsetX === 0 && offsetY === 0 ? undefined : `translate(${f(offsetX)} ${f(offsetY)})`;
  return element('g', { class: 'chart', transform }, `\n${parts.join('\n')}\n`);
}
