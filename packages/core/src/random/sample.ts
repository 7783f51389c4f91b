/**
 * Draws from common distributions, each taking the {@link Prng} explicitly so that every random
 * number in a run can be traced to a seed.
 */
import { checkFinite, checkInteger, checkNonNegative, checkProbability } from '../check';
import { ConfigError } from '../errors';
import { TWO_POW_32 } from './hash';
import type { Prng } from './prng';

/**
 * Draws a uniform float in [low, high).
 *
 * @param rng - the generator to draw from
 * @param low - inclusive lower end
 * @param high - exclusive upper end (must be ≥ low)
 * @returns a number in [low, high)
 */
export function uniform(rng: Prng, low = 0, high = 1): number {
  return low + (high - low) * rng.nextFloat();
}

/**
 * Draws a normal variate N(mean, std²) by the Box–Muller transform (one of the pair is used).
 *
 * @param rng - the generator to draw from
 * @param mean - the mean
 * @param std - the standard deviation (≥ 0)
 * @returns a normally distributed number
 */
export function normal(rng: Prng, mean = 0, std = 1): number {
  const radius = Math.sqrt(-2 * Math.log(rng.nextOpenFloat()));
  return mean + std * radius * Math.cos(2 * Math.PI * rng.nextFloat());
}

/**
 * Fills an array with independent N(mean, std²) draws, using both values of each Box–Muller pair
 * (twice as fast as calling {@link normal} per element).
 *
 * @param rng - the generator to draw from
 * @param out - the array to fill, in place
 * @param mean - the mean
 * @param std - the standard deviation (≥ 0)
 * @returns `out`
 */
export function fillNormal<T extends Float32Array | Float64Array>(rng: Prng, out: T, mean = 0, std = 1): T {
  checkFinite('mean', mean);
  checkNonNegative('std', std);
  const n = out.length;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const radius = std * Math.sqrt(-2 * Math.log(rng.nextOpenFloat()));
    const angle = 2 * Math.PI * rng.nextFloat();
    out[i] = mean + radius * Math.cos(angle);
    out[i + 1] = mean + radius * Math.sin(angle);
  }
  if (i < n) out[i] = normal(rng, mean, std);
  return out;
}

/**
 * Fills an array with independent uniform draws from [low, high).
 *
 * @param rng - the generator to draw from
 * @param out - the array to fill, in place
 * @param low - inclusive lower end
 * @param high - exclusive upper end
 * @returns `out`
 */
export function fillUniform<T extends Float32Array | Float64Array>(rng: Prng, out: T, low = 0, high = 1): T {
  checkFinite('low', low);
  checkFinite('high', high);
  if (high < low) throw new ConfigError('high', high, `a number ≥ low (${low})`);
  const width = high - low;
  for (let i = 0; i < out.length; i++) out[i] = low + width * rng.nextFloat();
  return out;
}

/**
 * Draws a uniform integer in [low, high) without modulo bias (rejection sampling).
 *
 * @param rng - the generator to draw from
 * @param low - inclusive lower end (a safe integer)
 * @param high - exclusive upper end, with 0 < high − low ≤ 2^32
 * @returns an integer in [low, high)
 */
export function integer(rng: Prng, low: number, high: number): number {
  checkInteger('low', low);
  checkInteger('high', high, { min: low + 1, max: low + TWO_POW_32 });
  return low + belowUnchecked(rng, high - low);
}

/** A uniform integer in [0, range) for 0 < range ≤ 2^32, without argument checks (hot loops). */
function belowUnchecked(rng: Prng, range: number): number {
  // Accept only draws below the largest multiple of `range`, so each residue is equally likely.
  const limit = TWO_POW_32 - (TWO_POW_32 % range);
  let draw = rng.nextUint32();
  while (draw >= limit) draw = rng.nextUint32();
  return draw % range;
}

/**
 * Draws true with probability p.
 *
 * @param rng - the generator to draw from
 * @param p - probability of true, in [0, 1]
 * @returns a boolean
 */
export function bernoulli(rng: Prng, p: number): boolean {
  checkProbability('p', p);
  return rng.nextFloat() < p;
}

/**
 * Draws a uniformly random sign, −1 or +1.
 *
 * @param rng - the generator to draw from
 * @returns −1 or 1
 */
export function sign(rng: Prng): -1 | 1 {
  return rng.nextUint32() & 1 ? 1 : -1;
}

/**
 * Draws a uniformly random permutation of 0..n−1 (Fisher–Yates).
 *
 * @param rng - the generator to draw from
 * @param n - the length (a non-negative integer below 2^31)
 * @returns the permutation
 */
export function permutation(rng: Prng, n: number): Int32Array {
  checkInteger('n', n, { min: 0, max: 2 ** 31 - 1 });
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  shuffleInPlace(rng, out);
  return out;
}

/** Anything indexable with a length that can be written to: an array or a typed array. */
export interface IndexedArray {
  /** Number of elements. */
  readonly length: number;
  /** Element access. */
  [index: number]: unknown;
}

/**
 * Shuffles an array in place (Fisher–Yates), uniformly over all orders.
 *
 * @param rng - the generator to draw from
 * @param items - the array to shuffle
 * @returns `items`
 */
export function shuffleInPlace<T extends IndexedArray>(rng: Prng, items: T): T {
  for (let i = items.length - 1; i > 0; i--) {
    const j = belowUnchecked(rng, i + 1);
    const held = items[i];
    items[i] = items[j];
    items[j] = held;
  }
  return items;
}
