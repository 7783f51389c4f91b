/**
 * The default series styles: the Okabe–Ito colour-blind-safe palette without its yellow (too
 * faint on white), plus a brown, and five dash patterns taken in turn beside the colours, so that
 * series differ in print, in grey and where one line lies on another.
 */
import { formatCoordinate as f } from './number-format';
import type { LineStyle, MarkerShape } from './spec';

/** The default series colours, in the order series take them. */
export const PLOT_PALETTE: readonly string[] = Object.freeze([
  '#0072B2', // blue
  '#D55E00', // vermillion
  '#009E73', // bluish green
  '#CC79A7', // reddish purple
  '#E69F00', // orange
  '#56B4E9', // sky blue
  '#000000', // black
  '#8C510A', // brown
]);

/** The line styles in the order series take them; 5 and 8 share no factor, so 40 series pass before a colour and dash repeat together. */
export const LINE_STYLES: readonly LineStyle[] = Object.freeze(['solid', 'dashed', 'dotted', 'dash-dot', 'long-dash'] as const);

/** The marker shapes `marker: 'auto'` takes in turn. */
export const MARKER_SHAPES: readonly MarkerShape[] = Object.freeze(['circle', 'square', 'triangle', 'diamond'] as const);

/**
 * Dash and gap lengths in line widths, as drawn. Lines have round caps, which add half a width at
 * each end of a dash, so the SVG pattern is each dash one width shorter and each gap one width
 * longer (a dot is a dash of length ~0).
 */
const DASHES: Readonly<Record<Exclude<LineStyle, 'solid'>, readonly number[]>> = {
  dashed: [4, 2.5],
  dotted: [1, 1.5],
  'dash-dot': [4, 2, 1, 2],
  'long-dash': [8, 2.5],
};

/**
 * The default style of the series at `index`: palette colours in order, and the line styles in
 * order beside them.
 *
 * @param index - 0-based position of the series in the chart
 * @returns its colour and line style
 */
export function defaultSeriesStyle(index: number): { readonly color: string; readonly lineStyle: LineStyle } {
  return { color: PLOT_PALETTE[index % PLOT_PALETTE.length]!, lineStyle: LINE_STYLES[index % LINE_STYLES.length]! };
}

/**
 * The SVG `stroke-dasharray` of a line style at a line width (for a line with round caps).
 *
 * @param style - the line style
 * @param lineWidth - the stroke width in pixels
 * @returns e.g. `6 7` for `dashed` at width 2, or `undefined` for a solid line
 */
export function dashArray(style: LineStyle, lineWidth: number): string | undefined {
  if (style === 'solid') return undefined;
  // Round caps lengthen each dash by one width and shorten each gap by as much.
  return DASHES[style].map((length, i) => f(Math.max(0.01, (length + (i % 2 === 0 ? -1 : 1)) * lineWidth))).join(' ');
}
