/**
 * Learning-order summaries: for every series of a history, when it crossed a threshold (also
 * relative to an event such as the anneal), the area under its curve, and the order in which
 * the series were learned; and the same side by side for several runs.
 */
import { ConfigError, checkFinite } from '@lrlab/core';
import { areaUnderCurve, type AreaSummary, type TimeWindow } from './area';
import { checkDirection, firstCrossing, type Crossing, type CrossingDirection } from './crossing';
import { checkHistory, checkTimeAxis, seriesNames, seriesOf, type MetricHistory, type SeriesPoint, type TimeAxis } from './history';

/** A moment in training that times are reported against, e.g. the anneal. */
export interface TimeEvent {
  /** A name for reports, e.g. `anneal`. */
  readonly name?: string;
  /** The event's step (needed for the `step` time axis). */
  readonly step?: number;
  /** The event's epoch (needed for the `epoch` time axis). */
  readonly epoch?: number;
}

/** Options of {@link learningOrder} and {@link compareLearningOrder}. */
export interface LearningOrderOptions {
  /** The level at which a series counts as learned, e.g. 0.99 for accuracy or 0 for a margin quantile. */
  readonly threshold: number;
  /** `rising` (default): learned when value ≥ threshold; `falling`: when value ≤ threshold (a loss). */
  readonly direction?: CrossingDirection;
  /** Report times in steps (default) or epochs. */
  readonly timeAxis?: TimeAxis;
  /** An event (the anneal) to report crossing times against, and to split areas at. */
  readonly event?: TimeEvent;
  /** The series to summarise, in this order; default every series in the history, first-seen order. */
  readonly series?: readonly string[];
  /** The window for `area`; default all observations. */
  readonly areaWindow?: TimeWindow;
}

/** How one series went. */
export interface SeriesLearning {
  /** Number of evaluations with a value. */
  readonly points: number;
  /** The first observation. */
  readonly first: SeriesPoint;
  /** The last observation. */
  readonly last: SeriesPoint;
  /** When (whether) the threshold was met. */
  readonly crossing: Crossing;
  /** Area under the curve over `areaWindow`; absent when the window holds no observation. */
  readonly area?: AreaSummary;
  /** Area from the first observation up to the event; absent without an event or observations before it. */
  readonly areaBeforeEvent?: AreaSummary;
  /** Area from the event to the last observation; absent without an event or observations after it. */
  readonly areaAfterEvent?: AreaSummary;
  /** The last observation strictly before the event (e.g. the accuracy just before the anneal). */
  readonly lastBeforeEvent?: SeriesPoint;
}

/** The learning order of one run's series. */
export interface LearningOrderSummary {
  /** The threshold used. */
  readonly threshold: number;
  /** The direction used. */
  readonly direction: CrossingDirection;
  /** The time axis used. */
  readonly timeAxis: TimeAxis;
  /** The event's time on the axis, when an event was given. */
  readonly eventTime?: number;
  /** Per series that has at least one observation. */
  readonly series: Readonly<Record<string, SeriesLearning>>;
  /**
   * Series that crossed, grouped into tiers by crossing time, earliest first. Series that crossed
   * at the same time (the same evaluation) share a tier — the evaluation grid cannot order them —
   * and keep the order of `series` within it.
   */
  readonly order: readonly (readonly string[])[];
  /** Series that met the threshold at their first observation: their place in `order` is an upper bound only. */
  readonly metAtStart: readonly string[];
  /** Series that never met the threshold (they come after every tier). */
  readonly neverCrossed: readonly string[];
  /** Requested series with no observation at all. */
  readonly absent: readonly string[];
}

function eventTimeOf(event: TimeEvent | undefined, axis: TimeAxis): number | undefined {
  if (event === undefined) return undefined;
  const time = axis === 'epoch' ? event.epoch : event.step;
  if (time === undefined) {
    throw new ConfigError(`event.${axis}`, undefined, `the event's ${axis} (the time axis is ${JSON.stringify(axis)})`, `Give the event a ${axis}, or change timeAxis.`);
  }
  return checkFinite(`event.${axis}`, time);
}

function summarizeSeries(points: readonly SeriesPoint[], options: LearningOrderOptions, direction: CrossingDirection, eventTime: number | undefined): SeriesLearning {
  const crossing = firstCrossing(points, options.threshold, direction, eventTime);
  const area = areaUnderCurve(points, options.areaWindow);
  const base = { points: points.length, first: points[0]!, last: points[points.length - 1]!, crossing, ...(area ? { area } : {}) };
  if (eventTime === undefined) return base;
  const before = points.filter((p) => p.time < eventTime);
  const areaBeforeEvent = before.length > 0 ? areaUnderCurve(points, { to: eventTime }) : undefined;
  const areaAfterEvent = points[points.length - 1]!.time > eventTime ? areaUnderCurve(points, { from: eventTime }) : undefined;
  return {
    ...base,
    ...(areaBeforeEvent ? { areaBeforeEvent } : {}),
    ...(areaAfterEvent ? { areaAfterEvent } : {}),
    ...(before.length > 0 ? { lastBeforeEvent: before[before.length - 1]! } : {}),
  };
}

/**
 * Summarises when each series of a history met a threshold and in which order.
 *
 * The paper's claim is an order: a small LR fits B-only examples (pattern B) at once and A from
 * few examples; a large LR fits A first and B only after the anneal. With a zero-output init some
 * series meet any threshold at the first evaluation for every method (A-only *train* accuracy),
 * and those are flagged in `metAtStart`; the order then shows in B-only train accuracy or margins
 * and in A-only *test* accuracy, with `crossing.sinceEvent` saying "k epochs after the anneal".
 *
 * @param history - the evaluations, in training order
 * @param options - threshold, direction, time axis, event, series, area window
 * @returns per-series crossings and areas, and the order
 * @example
 * ```ts
 * const summary = learningOrder(bOnlyTrainHistory, { threshold: 0.99, timeAxis: 'epoch', event: { name: 'anneal', epoch: 180 } });
 * summary.series['b-only']?.crossing; // { crossed: true, at: { time: 183, ... }, sinceEvent: 3, ... }
 * ```
 */
export function learningOrder(history: MetricHistory, options: LearningOrderOptions): LearningOrderSummary {
  checkHistory(history);
  if (typeof options !== 'object' || options === null) throw new ConfigError('options', options, 'an object with at least a threshold');
  const threshold = checkFinite('threshold', options.threshold);
  const direction = checkDirection(options.direction ?? 'rising');
  const timeAxis = checkTimeAxis(options.timeAxis ?? 'step');
  const eventTime = eventTimeOf(options.event, timeAxis);
  if (options.series !== undefined && (!Array.isArray(options.series) || options.series.some((s) => typeof s !== 'string'))) {
    throw new ConfigError('series', options.series, 'an array of series names');
  }
  const names = options.series ?? seriesNames(history);
  const series: Record<string, SeriesLearning> = {};
  const absent: string[] = [];
  for (const name of names) {
    const points = seriesOf(history, name, timeAxis);
    if (points.length === 0) absent.push(name);
    else series[name] = summarizeSeries(points, { ...options, threshold }, direction, eventTime);
  }
  const crossed = Object.entries(series).flatMap(([name, s]) => (s.crossing.crossed ? [{ name, time: s.crossing.at.time }] : []));
  // A stable sort keeps the requested order inside a tier.
  crossed.sort((a, b) => a.time - b.time);
  const order: string[][] = [];
  crossed.forEach((c, i) => {
    if (i > 0 && c.time === crossed[i - 1]!.time) order[order.length - 1]!.push(c.name);
    else order.push([c.name]);
  });
  return {
    threshold,
    direction,
    timeAxis,
    ...(eventTime === undefined ? {} : { eventTime }),
    series,
    order,
    metAtStart: Object.entries(series).flatMap(([name, s]) => (s.crossing.crossed && s.crossing.metAtStart ? [name] : [])),
    neverCrossed: Object.entries(series).flatMap(([name, s]) => (s.crossing.crossed ? [] : [name])),
    absent,
  };
}

/** Several runs' learning orders, and the same numbers regrouped by series for side-by-side reading. */
export interface LearningOrderComparison {
  /** Each run's summary. */
  readonly runs: Readonly<Record<string, LearningOrderSummary>>;
  /** For each series, each run's {@link SeriesLearning} (runs without the series left out). */
  readonly bySeries: Readonly<Record<string, Readonly<Record<string, SeriesLearning>>>>;
}

/**
 * Summarises several runs (e.g. large LR + anneal, small LR, small LR + noise) with the same
 * threshold and event, so that "B-only train accuracy crosses 99% at epoch 1 for the small LR but
 * 3 epochs after the anneal for the large LR" reads off one record.
 *
 * @param histories - each run's history, by run name
 * @param options - as for {@link learningOrder}
 * @returns per-run summaries and the per-series view
 */
export function compareLearningOrder(histories: Readonly<Record<string, MetricHistory>>, options: LearningOrderOptions): LearningOrderComparison {
  if (typeof histories !== 'object' || histories === null || Array.isArray(histories)) {
    throw new ConfigError('histories', histories, 'an object mapping run names to histories');
  }
  // Options are checked once, so an error there is not blamed on the first run's history.
  learningOrder([], options);
  const runs: Record<string, LearningOrderSummary> = {};
  const bySeries: Record<string, Record<string, SeriesLearning>> = {};
  for (const [run, history] of Object.entries(histories)) {
    let summary: LearningOrderSummary;
    try {
      summary = learningOrder(history, options);
    } catch (error) {
      throw error instanceof ConfigError ? error.withFieldPrefix(`histories.${run}`) : error;
    }
    runs[run] = summary;
    for (const [name, s] of Object.entries(summary.series)) (bySeries[name] ??= {})[run] = s;
  }
  return { runs, bySeries };
}
