/**
 * Plots for reports, rendered headless: line charts and grids of them as SVG, and PNG through
 * resvg with a bundled font. Specs are plain objects, so a report builds them straight from
 * `metrics.jsonl` rows.
 *
 * ```
 * LineChartSpec ─ renderLineChart ─┐
 * ChartGridSpec ─ renderChartGrid ─┴─▶ SVG text ─ svgToPng ─▶ PNG bytes
 *                                          └──── writeFigure ─▶ <name>.svg + <name>.png
 * ```
 */
export { renderLineChart } from './line-chart';
export { renderChartGrid } from './chart-grid';
export { svgToPng } from './png';
export type { PngOptions } from './png';
export { writeFigure } from './write-figure';
export type { FigurePaths, WriteBytes, WriteFigureOptions } from './write-figure';
export { PLOT_PALETTE } from './palette';
export type {
  AxisScale,
  AxisSpec,
  ChartGridSpec,
  ErrorBand,
  EventMarker,
  LineChartSpec,
  LineSeries,
  LineStyle,
  MarkerShape,
  NonPositivePolicy,
  PlotPoint,
  ReferenceLine,
  StepMode,
} from './spec';
