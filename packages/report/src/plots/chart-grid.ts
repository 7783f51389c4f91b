import { checkGridSpec } from './check-spec';
import { drawPanel } from './draw-panel';
import { formatCoordinate as f } from './number-format';
import type { ChartGridSpec } from './spec';
import { svgDocument } from './svg-document';
import { FONT_SIZE } from './text-metrics';
import { element, escapeXml } from './xml';

/** Height of the band above the panels that holds the figure's title. */
const GRID_TITLE_HEIGHT = 34;

/**
 * Renders several line charts as one SVG figure, laid out row by row in `columns` columns, e.g.
 * one panel per example group or per method side by side. Every cell is as large as the largest
 * panel; each panel keeps its own axes and legend.
 *
 * @param spec - the optional figure title, the column count and the panels
 * @returns the SVG text
 * @throws ConfigError when the spec or one of its charts is malformed (naming e.g. `charts[2].series`)
 * @example
 * ```ts
 * const svg = renderChartGrid({
 *   title: 'Per-group test accuracy',
 *   columns: 3,
 *   charts: ['A only', 'B only', 'both'].map((group) => ({ title: group, width: 360, height: 260, series: [] })),
 * });
 * ```
 */
export function renderChartGrid(spec: ChartGridSpec): string {
  const { title, columns, charts } = checkGridSpec(spec);
  const cellWidth = Math.max(...charts.map((c) => c.width));
  const cellHeight = Math.max(...charts.map((c) => c.height));
  const titleHeight = title === undefined ? 0 : GRID_TITLE_HEIGHT;
  const usedColumns = Math.min(columns, charts.length);
  const rows = Math.ceil(charts.length / columns);
  const width = usedColumns * cellWidth;
  const parts = charts.map((chart, i) => drawPanel(chart, (i % columns) * cellWidth, titleHeight + Math.floor(i / columns) * cellHeight, `c${i}-`));
  if (title !== undefined) {
    const attributes = { class: 'figure-title', x: f(width / 2), y: '24', 'font-size': f(FONT_SIZE.title + 2), 'font-weight': 'bold', 'text-anchor': 'middle' };
    parts.unshift(element('text', attributes, escapeXml(title)));
  }
  return svgDocument(width, titleHeight + rows * cellHeight, parts);
}
