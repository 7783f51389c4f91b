import { checkChartSpec } from './check-spec';
import { drawPanel } from './draw-panel';
import type { LineChartSpec } from './spec';
import { svgDocument } from './svg-document';

/**
 * Renders a line chart as an SVG document: title, a compact legend above the plot, axes fitted to
 * the data (a linear axis runs from the first to the last value, the y axis padded by 5% and kept
 * within `bounds`; powers of ten on a log axis), one line per series in a colour and dash of its
 * own (optionally as steps, optionally with a marker at each point), error bands, dashed vertical
 * event markers and horizontal reference lines. Their labels go above the plot and right of it, so
 * no label ever covers a curve.
 *
 * Non-finite values leave gaps; on a log axis values ≤ 0 are drawn at the axis floor (or left
 * out, with `nonPositive: 'gap'`). Text is XML-escaped and numbers are printed with two decimals,
 * so the same spec always gives byte-identical SVG.
 *
 * @param spec - what to draw
 * @returns the SVG text
 * @throws ConfigError when the spec is malformed (naming the field, e.g. `series[1].band.lower`)
 * @example
 * ```ts
 * const svg = renderLineChart({
 *   title: 'Clean validation accuracy',
 *   x: { label: 'epoch' },
 *   y: { label: 'accuracy', domain: [0, 1] },
 *   series: [
 *     { name: 'large LR + anneal', points: [[0, 0.3], [30, 0.7], [60, 0.88]] },
 *     { name: 'small LR', points: [[0, 0.5], [30, 0.68], [60, 0.7]] },
 *   ],
 *   markers: [{ x: 30, label: 'anneal' }],
 * });
 * ```
 */
export function renderLineChart(spec: LineChartSpec): string {
  const chart = checkChartSpec(spec);
  return svgDocument(chart.width, chart.height, [drawPanel(chart, 0, 0, 'c0-')]);
}
