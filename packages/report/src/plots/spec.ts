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

/**
 * How a series' line is stroked. The dash patterns scale with the line width, so a thick line keeps
 * its look; by default series take them in this order, next to a colour of their own.
 */
export type LineStyle = 'solid' | 'dashed' | 'dotted' | 'dash-dot' | 'long-dash';

/** A symbol drawn at every point of a series (in its colour), e.g. at each value of a sweep. */
export type MarkerShape = 'circle' | 'square' | 'triangle' | 'diamond';

/**
 * How a step series joins two points, for values that hold between changes (a piecewise-constant
 * learning rate): `pre` draws each point's value back to the previous point, so the jump sits at
 * the previous point (a value recorded at an evaluation is the one the steps since the last
 * evaluation used); `post` holds each value until the next point and jumps there.
 */
export type StepMode = 'pre' | 'post';

/** One line of a chart; it gets a legend entry under its name. */
export interface LineSeries {
  /** Legend text, e.g. `large LR + anneal`. */
  readonly name: string;
  /** The points, drawn in the given order (sort them by x first). */
  readonly points: readonly PlotPoint[];
  /** A CSS colour (`#rrggbb`, `#rgb`, a colour name, `rgb(...)`); default: the palette's next colour. */
  readonly color?: string;
  /**
   * The dash pattern; default by position (`solid`, `dashed`, `dotted`, `dash-dot`, `long-dash`,
   * then again), so two series never share both colour and dash and a line hidden under another
   * still shows through its gaps.
   */
  readonly lineStyle?: LineStyle;
  /** Stroke width in pixels; default 2. */
  readonly lineWidth?: number;
  /** A symbol at every point; `auto` picks one by position (circle, square, triangle, diamond); default none. */
  readonly marker?: MarkerShape | 'auto';
  /** Draw the line as steps (see {@link StepMode}); default straight segments between points. */
  readonly step?: StepMode;
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

/**
 * One axis of a chart. Every field is optional. Without a fixed `domain` a linear axis is fitted to
 * the data: it runs from the smallest to the largest value (points, bands and, on the y axis,
 * reference lines), widened by `padding` on each side and clamped to `bounds`; it is not rounded
 * out to the next tick, so an x axis ends at the last evaluation. A log axis spans whole decades.
 */
export interface AxisSpec {
  /** The axis title, e.g. `epoch` or `noise σ`. */
  readonly label?: string;
  /** Fixed `[min, max]` (min < max, both > 0 on a log axis), e.g. to zoom in; default: fitted to the data. */
  readonly domain?: readonly [min: number, max: number];
  /**
   * The range values can take, e.g. `[0, 100]` for an accuracy in %: a fitted domain never reaches
   * past it (padding stops at 100); default unbounded. Ignored when the data lie outside it.
   */
  readonly bounds?: readonly [min: number, max: number];
  /**
   * The room added on each side of a fitted linear domain, as a fraction of the data's span
   * (0 … 1); default 0 on the x axis (it ends at the data) and 0.05 on the y axis.
   */
  readonly padding?: number;
  /** `linear` (the default) or `log` (base 10, ticks at powers of ten). */
  readonly scale?: AxisScale;
  /** Log axes only: where values ≤ 0 go; default `floor`. */
  readonly nonPositive?: NonPositivePolicy;
}

/** A vertical line across the plot at an x value, e.g. the learning-rate anneal. */
export interface EventMarker {
  /** Where the line goes, in data units. */
  readonly x: number;
  /** Text above the plot over the line (in a band of its own, so it never covers a curve), e.g. `anneal`. */
  readonly label?: string;
}

/** A horizontal line across the plot at a y value, e.g. a baseline accuracy. */
export interface ReferenceLine {
  /** Where the line goes, in data units. */
  readonly y: number;
  /** Text right of the plot at the line's height (in a margin of its own, so it never covers a curve), e.g. `linear on 0.8N`. */
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
  /** Show the legend, in rows between the title and the plot; default true. */
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
