/**
 * The default series colours: the Okabe–Ito colour-blind-safe palette without its yellow (too
 * faint on white), plus a brown, so up to 8 series stay distinguishable on screen and in print.
 */
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

/**
 * The default style of the series at `index`: palette colours in order; past the palette's end
 * the colours repeat and the line is dashed, so series 0 and 8 still differ.
 *
 * @param index - 0-based position of the series in the chart
 * @returns its colour and whether it is dashed by default
 */
export function defaultSeriesStyle(index: number): { readonly color: string; readonly dashed: boolean } {
  return { color: PLOT_PALETTE[index % PLOT_PALETTE.length]!, dashed: index >= PLOT_PALETTE.length };
}
