/**
 * When a series crosses a threshold: the first evaluation at which it meets it, and the first
 * from which it keeps meeting it.
 */
import { checkOneOf } from '@lrlab/core';
import type { SeriesPoint } from './history';

/** `rising`: a series has "learned" when its value is ≥ the threshold (accuracy, margin); `falling`: ≤ (loss). */
export type CrossingDirection = 'rising' | 'falling';

/** The directions a summary may use. */
export const CROSSING_DIRECTIONS: readonly CrossingDirection[] = ['rising', 'falling'];

/**
 * Checks a direction option.
 *
 * @param direction - the option's value
 * @returns the direction
 */
export function checkDirection(direction: unknown): CrossingDirection {
  return checkOneOf('direction', direction, CROSSING_DIRECTIONS);
}

/** A series that met the threshold. */
export interface Crossed {
  /** Discriminant. */
  readonly crossed: true;
  /** The first point that meets the threshold. */
  readonly at: SeriesPoint;
  /** Its position among the series' observed points (0 = the first evaluation). */
  readonly index: number;
  /**
   * True when the very first observation already meets the threshold: the series was learned at
   * or before it, so `at` is an upper bound and says nothing about order (e.g. A-only train
   * accuracy with a zero-output init, near 100% after one epoch for every method).
   */
  readonly metAtStart: boolean;
  /** The first point from which every later point meets the threshold; absent when the last one does not. */
  readonly settled?: SeriesPoint;
  /** `at.time` minus the event's time, when an event was given (negative: before it). */
  readonly sinceEvent?: number;
}

/** A series that never met the threshold. */
export interface NotCrossed {
  /** Discriminant. */
  readonly crossed: false;
  /** The point closest to the threshold (the maximum when rising, the minimum when falling). */
  readonly best: SeriesPoint;
}

/** Whether and when a series met a threshold. */
export type Crossing = Crossed | NotCrossed;

/**
 * Finds the first point of a series that meets the threshold (≥ when rising, ≤ when falling).
 * Time is the point's own time: no interpolation between evaluations, so the answer is exact at
 * the evaluation grid and says "by this evaluation".
 *
 * @param points - the series' observed points, non-empty, in order
 * @param threshold - the level
 * @param direction - rising or falling
 * @param eventTime - optional time of an event (the anneal), for `sinceEvent`
 * @returns the crossing, or the best point when it never crosses
 */
export function firstCrossing(points: readonly SeriesPoint[], threshold: number, direction: CrossingDirection, eventTime?: number): Crossing {
  const meets = (p: SeriesPoint): boolean => (direction === 'rising' ? p.value >= threshold : p.value <= threshold);
  const index = points.findIndex(meets);
  if (index < 0) {
    const best = points.reduce((b, p) => ((direction === 'rising' ? p.value > b.value : p.value < b.value) ? p : b));
    return { crossed: false, best };
  }
  let settledIndex = points.length;
  while (settledIndex > 0 && meets(points[settledIndex - 1]!)) settledIndex--;
  const at = points[index]!;
  return {
    crossed: true,
    at,
    index,
    metAtStart: index === 0,
    ...(settledIndex < points.length ? { settled: points[settledIndex]! } : {}),
    ...(eventTime === undefined ? {} : { sinceEvent: at.time - eventTime }),
  };
}
