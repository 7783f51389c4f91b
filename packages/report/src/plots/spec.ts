/**
 * The chart specs: plain JSON-like objects that say what a figure shows. A report builds them
 * from `metrics.jsonl` rows and hands them to {@link renderLineChart} or {@link renderChartGrid}.
 */

/** One point of a series, `[x, y]`. A non-finite x or y leaves a gap in the line. */
export type PlotPoint = readonly [x: number, y: number];

/**
 * A band around a series, e.g. a 95% confidence interval over seeds, drawn as a translucent
 * area in the series' colour. `lower[i]` and `upper[i]` belong to `points[i]`; a non-finite bound
 * leaves a gap in the band.
 */
export interface ErrorBand {
  /** Lower edge, one value per point of the series. */
  readonly lower: readonly number[];
  /** Upper edge, one value per point of the series. */
  readonly upper: readonly number[];
}

/** One line of a chart; it gets a legend entry under its name. */
export interface LineSeries {
  /** Legend text, e.g. `large LR + anneal`. */
  readonly name: string;
  /** The points, drawn in the given order (sort them by x first). */
  readonly points: readonly PlotPoint[];
  /** A CSS colour (`#rrggbb`, `#rgb`, a colour name, `rgb(...)`); default: the palette's next colour. */
  readonly color?: string;
  /** Draw the line dashed; default false (true for the 9th series on, whose colours repeat). */
  readonly dashed?: boolean;
  /** Stroke width in pixels; default 2. */
  readonly lineWidth?: number;
  /** An optional error band, one lower and one upper value per point. */
  readonly band?: ErrorBand;
}

/** How values map to positions along an axis. */
export type AxisScale = 'linear' | 'log';

/**
 * What a log axis does with values ≤ 0 (a noise level that is exactly 0 after the anneal):
 * `floor` draws them at the axis floor (the lower or left edge of the plot; when the domain comes
 * from the data, it is then widened by one more decade so the floor lies strictly below every
 * positive value), `gap` leaves them out like a non-finite value.
 */
export type NonPositivePolicy = 'floor' | 'gap';

/** One axis of a chart. Every field is optional. */
export interface AxisSpec {
  /** The axis title, e.g. `epoch` or `noise σ`. */
  readonly label?: string;
  /** Fixed `[min, max]` (min < max, both > 0 on a log axis); default: from the data, widened to nice ticks. */
  readonly domain?: readonly [min: number, max: number];
  /** `linear` (the default) or `log` (base 10, ticks at powers of ten). */
  readonly scale?: AxisScale;
  /** Log axes only: where values ≤ 0 go; default `floor`. */
  readonly nonPositive?: NonPositivePolicy;
}

/** A vertical line across the plot at an x value, e.g. the learning-rate anneal. */
export interface EventMarker {
  /** Where the line goes, in data units. */
  readonly x: number;
  /** Text beside the line near the top, e.g. `anneal`. */
  readonly label?: string;
}

/** A horizontal line across the plot at a y value, e.g. a baseline accuracy. */
export interface ReferenceLine {
  /** Where the line goes, in data units. */
  readonly y: number;
  /** Text above the line at its right end, e.g. `linear on 0.8N`. */
  readonly label?: string;
  /** A CSS colour; default a dark grey. */
  readonly color?: string;
}

/** A line chart: one panel with axes, series, a legend, markers and reference lines. */
export interface LineChartSpec {
  /** Text above the plot. */
  readonly title?: string;
  /** Width of the panel in pixels (≥ 240); default 640. */
  readonly width?: number;
  /** Height of the panel in pixels (≥ 160); default 400. */
  readonly height?: number;
  /** The horizontal axis. */
  readonly x?: AxisSpec;
  /** The vertical axis. */
  readonly y?: AxisSpec;
  /** The lines, drawn in order (later ones on top). */
  readonly series: readonly LineSeries[];
  /** Vertical event markers. */
  readonly markers?: readonly EventMarker[];
  /** Horizontal reference lines. */
  readonly referenceLines?: readonly ReferenceLine[];
  /** Show the legend to the right of the plot; default true. */
  readonly legend?: boolean;
}

/** A figure of several line charts laid out in a grid, row by row. */
export interface ChartGridSpec {
  /** Text above the whole figure. */
  readonly title?: string;
  /** Panels per row (a positive integer). */
  readonly columns: number;
  /** The panels; every cell is as large as the largest panel. */
  readonly charts: readonly LineChartSpec[];
}
