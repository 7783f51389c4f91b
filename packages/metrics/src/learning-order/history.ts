/**
 * A metric history: the value of each series (group tag, or `overall`) at each evaluation, as the
 * training loop appends it to `metrics.jsonl`. Learning-order summaries read this plain form.
 */
import { ConfigError, checkFinite, checkNumber, checkOneOf } from '@lrlab/core';
import type { GroupedResult } from '../grouped';

/** One evaluation: when it happened and each series' value (undefined or missing: not measured). */
export interface HistoryPoint {
  /** The 0-based training step of the evaluation. */
  readonly step: number;
  /** The epoch of the evaluation (0-based, may be fractional); needed for the `epoch` time axis. */
  readonly epoch?: number;
  /** Value of each series at this point, e.g. `{ 'a-only': 0.81, 'b-only': 1, both: 1 }`. */
  readonly values: Readonly<Record<string, number | undefined>>;
}

/** Evaluations in training order: steps strictly increasing, epochs (when given) non-decreasing. */
export type MetricHistory = readonly HistoryPoint[];

/** Which clock a summary reports times on. */
export type TimeAxis = 'step' | 'epoch';

/** The axes a summary may use. */
export const TIME_AXES: readonly TimeAxis[] = ['step', 'epoch'];

/** One observed point of one series. */
export interface SeriesPoint {
  /** The time on the summary's axis (the step or the epoch). */
  readonly time: number;
  /** The step of the evaluation. */
  readonly step: number;
  /** The epoch of the evaluation, when the history has one. */
  readonly epoch?: number;
  /** The series' value. */
  readonly value: number;
}

/**
 * Validates a history: an array of points with finite, strictly increasing steps, non-decreasing
 * epochs where given, and values that are finite numbers or undefined.
 *
 * @param history - the history to check
 * @returns the same history
 */
export function checkHistory(history: MetricHistory): MetricHistory {
  if (!Array.isArray(history)) throw new ConfigError('history', history, 'an array of { step, epoch?, values } points');
  let previous: HistoryPoint | undefined;
  history.forEach((point: HistoryPoint, i) => {
    if (typeof point !== 'object' || point === null) throw new ConfigError(`history[${i}]`, point, 'a { step, epoch?, values } point');
    checkNumber(`history[${i}].step`, point.step, { min: 0 });
    if (point.epoch !== undefined) checkNumber(`history[${i}].epoch`, point.epoch, { min: 0 });
    if (typeof point.values !== 'object' || point.values === null) {
      throw new ConfigError(`history[${i}].values`, point.values, 'an object of series values');
    }
    for (const [name, value] of Object.entries(point.values)) {
      if (value !== undefined) checkFinite(`history[${i}].values.${name}`, value);
    }
    if (previous !== undefined) {
      if (point.step <= previous.step) {
        throw new ConfigError(`history[${i}].step`, point.step, `a step after history[${i - 1}].step = ${previous.step}`, 'Sort the history by step and drop repeated evaluations.');
      }
      if (point.epoch !== undefined && previous.epoch !== undefined && point.epoch < previous.epoch) {
        throw new ConfigError(`history[${i}].epoch`, point.epoch, `an epoch ≥ history[${i - 1}].epoch = ${previous.epoch}`);
      }
    }
    previous = point;
  });
  return history;
}

/**
 * Checks a time-axis option.
 *
 * @param axis - the option's value
 * @returns the axis
 */
export function checkTimeAxis(axis: unknown): TimeAxis {
  return checkOneOf('timeAxis', axis, TIME_AXES);
}

/** The names of every series in a history, in first-seen order. */
export function seriesNames(history: MetricHistory): string[] {
  const names = new Set<string>();
  for (const point of history) for (const [name, value] of Object.entries(point.values)) if (value !== undefined) names.add(name);
  return [...names];
}

/**
 * The observed points of one series, on the chosen axis (points where it has no value skipped).
 *
 * @param history - a checked history
 * @param name - the series
 * @param axis - the time axis
 * @returns the points in order
 */
export function seriesOf(history: MetricHistory, name: string, axis: TimeAxis): SeriesPoint[] {
  const points: SeriesPoint[] = [];
  history.forEach((point, i) => {
    const value = Object.hasOwn(point.values, name) ? point.values[name] : undefined;
    if (value === undefined) return;
    if (axis === 'epoch' && point.epoch === undefined) {
      throw new ConfigError(`history[${i}].epoch`, undefined, 'an epoch on every point (the time axis is "epoch")', 'Record the epoch with each evaluation, or use timeAxis: "step".');
    }
    const time = axis === 'epoch' ? point.epoch! : point.step;
    points.push(point.epoch === undefined ? { time, step: point.step, value } : { time, step: point.step, epoch: point.epoch, value });
  });
  return points;
}

/** One evaluation's grouped result and when it was taken: what the training loop records. */
export interface ResultPoint<R> {
  /** The 0-based training step. */
  readonly step: number;
  /** The epoch, when known. */
  readonly epoch?: number;
  /** The metric's grouped result at this point. */
  readonly result: GroupedResult<R>;
}

/** Options of {@link historyOf}. */
export interface HistoryOfOptions {
  /** The series name that holds the overall value; default `overall`. */
  readonly overallKey?: string;
}

/**
 * Turns recorded grouped results into a history of one number per group (and overall).
 *
 * @param points - the recorded results, in training order
 * @param select - the number to follow, e.g. `(r) => r.accuracy` or `(r) => r.quantiles['0.5']`
 * @param options - the name of the overall series
 * @returns the history
 * @example
 * ```ts
 * const bOnlyTrain = historyOf(records.map((r) => ({ step: r.step, epoch: r.epoch, result: r.train.accuracy })), (a) => a.accuracy);
 * ```
 */
export function historyOf<R>(points: readonly ResultPoint<R>[], select: (result: R) => number, options: HistoryOfOptions = {}): MetricHistory {
  const overallKey = options.overallKey ?? 'overall';
  if (typeof overallKey !== 'string' || overallKey.length === 0) throw new ConfigError('overallKey', overallKey, 'a non-empty string');
  const history = points.map((point, i): HistoryPoint => {
    const values: Record<string, number> = {};
    if (point.result.overall !== undefined) values[overallKey] = select(point.result.overall);
    for (const [tag, r] of Object.entries(point.result.groups)) {
      if (tag === overallKey) {
        throw new ConfigError('overallKey', overallKey, `a name that is not a group tag (points[${i}] has a group ${JSON.stringify(tag)})`);
      }
      values[tag] = select(r);
    }
    return point.epoch === undefined ? { step: point.step, values } : { step: point.step, epoch: point.epoch, values };
  });
  return checkHistory(history);
}
