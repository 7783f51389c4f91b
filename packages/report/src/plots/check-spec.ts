/**
 * Validation of chart specs: every field a user can get wrong is checked once here and reported
 * as a {@link ConfigError} naming the field (`series[2].band.lower`); defaults are filled in, so
 * the drawing code only sees complete, valid charts.
 */
import { ConfigError, checkInteger, checkNumber, checkOneOf, checkPositive } from '@lrlab/core';
import { LINE_STYLES, MARKER_SHAPES, defaultSeriesStyle } from './palette';
import type { AxisScale, AxisSpec, ChartGridSpec, EventMarker, LineChartSpec, LineStyle, MarkerShape, NonPositivePolicy, PlotPoint, ReferenceLine, StepMode } from './spec';

/** Default panel size in pixels. */
const DEFAULT_CHART_SIZE = { width: 640, height: 400 } as const;
/** The smallest panel that still leaves room for a plot between the margins. */
const MIN_CHART_SIZE = { width: 240, height: 160 } as const;

/** Default room around fitted linear domains, as a fraction of the data's span: an x axis ends at the data. */
const DEFAULT_PADDING = { x: 0, y: 0.05 } as const;

/** An axis with defaults filled in. */
interface CheckedAxis {
  /** The axis title, or `undefined` for none. */
  readonly label: string | undefined;
  /** A fixed domain, or `undefined` to derive it from the data. */
  readonly domain: readonly [number, number] | undefined;
  /** The range a fitted domain stays within, or `undefined` for none. */
  readonly bounds: readonly [number, number] | undefined;
  /** Room on each side of a fitted linear domain, as a fraction of the data's span. */
  readonly padding: number;
  /** Linear or log. */
  readonly scale: AxisScale;
  /** Where values ≤ 0 go on a log axis. */
  readonly nonPositive: NonPositivePolicy;
}

/** A series with its style decided. */
export interface CheckedSeries {
  /** Legend text. */
  readonly name: string;
  /** The points as given. */
  readonly points: readonly PlotPoint[];
  /** Stroke and band colour. */
  readonly color: string;
  /** The dash pattern. */
  readonly lineStyle: LineStyle;
  /** Stroke width in pixels. */
  readonly lineWidth: number;
  /** The symbol drawn at every point, or `undefined` for none. */
  readonly marker: MarkerShape | undefined;
  /** How the line joins points: `undefined` for straight segments. */
  readonly step: StepMode | undefined;
  /** The band's edges, or `undefined` for none. */
  readonly band: { readonly lower: readonly number[]; readonly upper: readonly number[] } | undefined;
}

/** A line chart with every default filled in. */
export interface CheckedChart {
  /** Text above the plot, or `undefined`. */
  readonly title: string | undefined;
  /** Panel width in pixels. */
  readonly width: number;
  /** Panel height in pixels. */
  readonly height: number;
  /** The horizontal axis. */
  readonly x: CheckedAxis;
  /** The vertical axis. */
  readonly y: CheckedAxis;
  /** The series in drawing order. */
  readonly series: readonly CheckedSeries[];
  /** Vertical markers. */
  readonly markers: readonly EventMarker[];
  /** Horizontal reference lines, with their colours decided. */
  readonly referenceLines: readonly (ReferenceLine & { readonly color: string })[];
  /** Whether to draw the legend. */
  readonly legend: boolean;
}

/** Colours SVG and resvg both understand: hex, a name, or a functional rgb/hsl notation. */
const COLOR = /^(#[0-9a-fA-F]{3,4}|#[0-9a-fA-F]{6}|#[0-9a-fA-F]{8}|[a-zA-Z]+|(rgb|rgba|hsl|hsla)\([0-9.,%\s]+\))$/;
const REFERENCE_COLOR = '#555555';

function checkText(field: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new ConfigError(field, value, 'a string');
  return value;
}

function checkColor(field: string, value: unknown, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !COLOR.test(value)) {
    throw new ConfigError(field, value, 'a CSS colour such as "#1f77b4", "red" or "rgb(31, 119, 180)"');
  }
  return value;
}

function checkArray(field: string, value: unknown): readonly unknown[] {
  if (!Array.isArray(value)) throw new ConfigError(field, value, 'an array');
  return value;
}

/** Numbers, where NaN and ±Infinity are allowed (they become gaps). */
function checkNumbers(field: string, value: unknown, length: number): readonly number[] {
  const items = checkArray(field, value);
  if (items.length !== length) {
    throw new ConfigError(field, value, `an array of ${length} numbers (one per point)`, `Give ${field} one value per point of the series.`);
  }
  items.forEach((item, i) => {
    if (typeof item !== 'number') throw new ConfigError(`${field}[${i}]`, item, 'a number (NaN leaves a gap)');
  });
  return items as readonly number[];
}

function checkPoints(field: string, value: unknown): readonly PlotPoint[] {
  checkArray(field, value).forEach((point, i) => {
    if (!Array.isArray(point) || point.length !== 2 || typeof point[0] !== 'number' || typeof point[1] !== 'number') {
      throw new ConfigError(`${field}[${i}]`, point, 'an [x, y] pair of numbers (NaN leaves a gap)');
    }
  });
  return value as readonly PlotPoint[];
}

/** A `[min, max]` pair with min < max (both > 0 on a log axis). */
function checkRange(field: string, value: unknown, scale: AxisScale): readonly [number, number] {
  const items = checkArray(field, value);
  if (items.length !== 2) throw new ConfigError(field, value, 'a [min, max] pair');
  const min = scale === 'log' ? checkPositive(`${field}[0]`, items[0]) : checkNumber(`${field}[0]`, items[0]);
  const max = checkNumber(`${field}[1]`, items[1], { min, minExclusive: true });
  if (!Number.isFinite(max - min)) throw new ConfigError(field, value, 'a range whose width is a finite number');
  return [min, max];
}

function checkAxis(field: 'x' | 'y', path: string, axis: AxisSpec | undefined): CheckedAxis {
  if (axis !== undefined && (typeof axis !== 'object' || axis === null)) throw new ConfigError(path, axis, 'an axis object');
  const scale = axis?.scale === undefined ? 'linear' : checkOneOf(`${path}.scale`, axis.scale, ['linear', 'log'] as const);
  const nonPositive = axis?.nonPositive === undefined ? 'floor' : checkOneOf(`${path}.nonPositive`, axis.nonPositive, ['floor', 'gap'] as const);
  return {
    label: checkText(`${path}.label`, axis?.label),
    domain: axis?.domain === undefined ? undefined : checkRange(`${path}.domain`, axis.domain, scale),
    bounds: axis?.bounds === undefined ? undefined : checkRange(`${path}.bounds`, axis.bounds, scale),
    padding: axis?.padding === undefined ? DEFAULT_PADDING[field] : checkNumber(`${path}.padding`, axis.padding, { min: 0, max: 1 }),
    scale,
    nonPositive,
  };
}

/**
 * Checks a line-chart spec and fills in its defaults.
 *
 * @param spec - the spec as the caller wrote it
 * @param field - the path of the spec in error messages, e.g. `charts[1]`; empty for a lone chart
 * @returns the complete chart
 */
export function checkChartSpec(spec: LineChartSpec, field = ''): CheckedChart {
  const at = (name: string): string => (field ? `${field}.${name}` : name);
  if (typeof spec !== 'object' || spec === null) throw new ConfigError(field || 'spec', spec, 'a line-chart spec object');
  const width = spec.width === undefined ? DEFAULT_CHART_SIZE.width : checkNumber(at('width'), spec.width, { min: MIN_CHART_SIZE.width });
  const height = spec.height === undefined ? DEFAULT_CHART_SIZE.height : checkNumber(at('height'), spec.height, { min: MIN_CHART_SIZE.height });
  const series = checkArray(at('series'), spec.series).map((raw, i): CheckedSeries => {
    const path = at(`series[${i}]`);
    if (typeof raw !== 'object' || raw === null) throw new ConfigError(path, raw, 'a series object { name, points }');
    const s = raw as Record<string, unknown>;
    const name = checkText(`${path}.name`, s['name']);
    if (name === undefined) throw new ConfigError(`${path}.name`, undefined, 'a string');
    const points = checkPoints(`${path}.points`, s['points']);
    const style = defaultSeriesStyle(i);
    const lineStyle = s['lineStyle'] === undefined ? style.lineStyle : checkOneOf(`${path}.lineStyle`, s['lineStyle'], LINE_STYLES);
    const marker = s['marker'] === undefined ? undefined : checkOneOf(`${path}.marker`, s['marker'], [...MARKER_SHAPES, 'auto'] as const);
    const step = s['step'] === undefined ? undefined : checkOneOf(`${path}.step`, s['step'], ['pre', 'post'] as const);
    const lineWidth = s['lineWidth'] === undefined ? 2 : checkNumber(`${path}.lineWidth`, s['lineWidth'], { min: 0, minExclusive: true, max: 50 });
    let band: CheckedSeries['band'];
    if (s['band'] !== undefined) {
      const b = s['band'] as Record<string, unknown> | null;
      if (typeof b !== 'object' || b === null) throw new ConfigError(`${path}.band`, b, 'an object { lower, upper }');
      band = { lower: checkNumbers(`${path}.band.lower`, b['lower'], points.length), upper: checkNumbers(`${path}.band.upper`, b['upper'], points.length) };
    }
    return {
      name,
      points,
      color: checkColor(`${path}.color`, s['color'], style.color),
      lineStyle,
      lineWidth,
      marker: marker === 'auto' ? MARKER_SHAPES[i % MARKER_SHAPES.length] : marker,
      step,
      band,
    };
  });
  const markers = checkArray(at('markers'), spec.markers ?? []).map((raw, i) => {
    const m = (raw ?? {}) as Record<string, unknown>;
    return { x: checkNumber(at(`markers[${i}].x`), m['x']), label: checkText(at(`markers[${i}].label`), m['label']) };
  });
  const referenceLines = checkArray(at('referenceLines'), spec.referenceLines ?? []).map((raw, i) => {
    const r = (raw ?? {}) as Record<string, unknown>;
    const path = at(`referenceLines[${i}]`);
    return { y: checkNumber(`${path}.y`, r['y']), label: checkText(`${path}.label`, r['label']), color: checkColor(`${path}.color`, r['color'], REFERENCE_COLOR) };
  });
  const legend = spec.legend ?? true;
  if (typeof legend !== 'boolean') throw new ConfigError(at('legend'), legend, 'true or false');
  return {
    title: checkText(at('title'), spec.title),
    width,
    height,
    x: checkAxis('x', at('x'), spec.x),
    y: checkAxis('y', at('y'), spec.y),
    series,
    markers,
    referenceLines,
    legend,
  };
}

/**
 * Checks a grid spec and each of its charts.
 *
 * @param spec - the grid as the caller wrote it
 * @returns the title, the column count and the checked charts
 */
export function checkGridSpec(spec: ChartGridSpec): { readonly title: string | undefined; readonly columns: number; readonly charts: readonly CheckedChart[] } {
  if (typeof spec !== 'object' || spec === null) throw new ConfigError('spec', spec, 'a chart-grid spec object { columns, charts }');
  const columns = checkInteger('columns', spec.columns, { min: 1, max: 100 });
  const charts = checkArray('charts', spec.charts);
  if (charts.length === 0) throw new ConfigError('charts', spec.charts, 'at least one line-chart spec');
  return { title: checkText('title', spec.title), columns, charts: charts.map((c, i) => checkChartSpec(c as LineChartSpec, `charts[${i}]`)) };
}
