/**
 * The area under a series' curve (trapezoid rule over its evaluations), a single number that
 * separates "learned early" from "learned late" even when both end at 100%.
 */
import { ConfigError, checkFinite } from '@lrlab/core';

/** A time window; either end may be open. */
export interface TimeWindow {
  /** Start of the window (inclusive); default: the first observation. */
  readonly from?: number;
  /** End of the window (inclusive); default: the last observation. */
  readonly to?: number;
}

/** The area under a curve over the part of a window the series covers. */
export interface AreaSummary {
  /** ∫ value dt by the trapezoid rule. */
  readonly area: number;
  /** The length of time covered (window ∩ observed range). */
  readonly span: number;
  /** area / span, the curve's time-average; the value itself when the span is a single instant. */
  readonly meanValue: number;
}

/** A point of a curve. */
export interface TimedValue {
  /** Its time (step or epoch). */
  readonly time: number;
  /** Its value. */
  readonly value: number;
}

function lastIndexAtOrBefore(points: readonly TimedValue[], t: number): number {
  for (let i = points.length - 1; i >= 0; i--) if (points[i]!.time <= t) return i;
  return -1;
}

/** The curve's value at time t within the observed range: the point itself, or linear interpolation. */
function valueAt(points: readonly TimedValue[], t: number, side: 'start' | 'end'): number {
  // At a repeated time, the window's start takes the first point there and its end the last.
  const j = side === 'start' ? points.findIndex((p) => p.time >= t) : lastIndexAtOrBefore(points, t);
  const p = points[j]!;
  if (p.time === t) return p.value;
  const [a, b] = side === 'start' ? [points[j - 1]!, p] : [p, points[j + 1]!];
  return a.value + ((t - a.time) / (b.time - a.time)) * (b.value - a.value);
}

/**
 * The trapezoid area under a piecewise-linear curve, clipped to a window (the curve is
 * interpolated linearly at the window's ends, never extrapolated beyond the observations).
 *
 *   area = Σ ½ (v_i + v_{i+1}) (t_{i+1} − t_i)
 *
 * @param points - the curve's points, time non-decreasing
 * @param window - the time window; default all observations
 * @returns the area, the covered span and the time-averaged value; undefined when no
 *   observation falls in the window
 * @example
 * ```ts
 * areaUnderCurve([{ time: 0, value: 0 }, { time: 2, value: 1 }, { time: 4, value: 1 }]); // { area: 3, span: 4, meanValue: 0.75 }
 * ```
 */
export function areaUnderCurve(points: readonly TimedValue[], window: TimeWindow = {}): AreaSummary | undefined {
  if (points.length === 0) return undefined;
  const first = points[0]!.time;
  const last = points[points.length - 1]!.time;
  const from = Math.max(window.from === undefined ? first : checkFinite('window.from', window.from), first);
  const to = Math.min(window.to === undefined ? last : checkFinite('window.to', window.to), last);
  if (window.from !== undefined && window.to !== undefined && window.from > window.to) {
    throw new ConfigError('window.to', window.to, `a time ≥ window.from = ${window.from}`);
  }
  if (from > to) return undefined;
  const curve: TimedValue[] = [
    { time: from, value: valueAt(points, from, 'start') },
    ...points.filter((p) => p.time > from && p.time < to),
    { time: to, value: valueAt(points, to, 'end') },
  ];
  let area = 0;
  for (let i = 1; i < curve.length; i++) area += 0.5 * (curve[i - 1]!.value + curve[i]!.value) * (curve[i]!.time - curve[i - 1]!.time);
  const span = to - from;
  if (span === 0) return { area: 0, span: 0, meanValue: curve[0]!.value };
  return { area, span, meanValue: area / span };
}
