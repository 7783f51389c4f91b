/**
 * Sample quantiles by linear interpolation between order statistics (Hyndman & Fan type 7, the
 * default of NumPy and R): with sorted x₀ ≤ … ≤ x_{n−1} and h = (n − 1)·p,
 * Q(p) = x_⌊h⌋ + (h − ⌊h⌋)·(x_⌊h⌋₊₁ − x_⌊h⌋).
 */
import { ConfigError, checkProbability } from '@lrlab/core';

/**
 * The type-7 quantile of an ascending-sorted sample.
 *
 * @param sorted - the sample, sorted ascending, non-empty
 * @param p - the level, in [0, 1]
 * @returns Q(p); Q(0) is the minimum and Q(1) the maximum
 * @example
 * ```ts
 * quantileSorted([1, 2, 3, 4], 0.5); // 2.5
 * ```
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const level = checkProbability('p', p);
  if (sorted.length === 0) throw new ConfigError('sorted', sorted, 'a non-empty sample');
  const h = (sorted.length - 1) * level;
  const lo = Math.floor(h);
  const low = sorted[lo]!;
  if (lo + 1 >= sorted.length) return low;
  const high = sorted[lo + 1]!;
  return low + (h - lo) * (high - low);
}
