/**
 * The paired comparison of two methods run on the same seeds: the per-seed differences, their
 * mean and its Student-t confidence interval (the paired t-test).
 */
import { ConfigError } from '@lrlab/core';
import { studentTCdf } from './distributions';
import { checkLevel, checkSample, mean, sampleStd, tInterval, type ConfidenceInterval, type ConfidenceOptions } from './summary';

/**
 * Per-seed values of one method: an array (paired with the other method by position) or a record
 * keyed by seed (paired by key; both records must hold the same seeds).
 */
export type SeedValues = readonly number[] | Readonly<Record<string, number>>;

/** One seed of a {@link PairedComparison}. */
export interface SeedPair {
  /** The seed's key (the record key, or the array position as a string). */
  readonly seed: string;
  /** Method A's value. */
  readonly a: number;
  /** Method B's value. */
  readonly b: number;
  /** a − b. */
  readonly difference: number;
}

/**
 * Method A minus method B over the same seeds. With one seed only the difference is known:
 * `std`, `standardError`, `ci`, `tStatistic` and `pValue` are absent.
 */
export interface PairedComparison {
  /** Number of seeds (pairs). */
  readonly n: number;
  /** Mean of the per-seed differences a − b. */
  readonly meanDifference: number;
  /** Sample standard deviation of the differences; absent when n = 1. */
  readonly std?: number;
  /** std / √n; absent when n = 1. */
  readonly standardError?: number;
  /** Student-t confidence interval for the mean difference; absent when n = 1. */
  readonly ci?: ConfidenceInterval;
  /** meanDifference / standardError; absent when n = 1 or every difference is the same. */
  readonly tStatistic?: number;
  /** Two-sided p-value of the paired t-test (H₀: mean difference 0); absent when tStatistic is. */
  readonly pValue?: number;
  /** Every pair, in input order (arrays) or sorted by seed key (records). */
  readonly pairs: readonly SeedPair[];
  /** The per-seed differences a − b, in the order of `pairs`. */
  readonly differences: readonly number[];
}

function compareKeys(x: string, y: string): number {
  const nx = Number(x);
  const ny = Number(y);
  if (Number.isFinite(nx) && Number.isFinite(ny) && nx !== ny) return nx - ny;
  return x < y ? -1 : x > y ? 1 : 0;
}

function pairUp(a: SeedValues, b: SeedValues): SeedPair[] {
  const aIsArray = Array.isArray(a);
  if (aIsArray !== Array.isArray(b)) {
    throw new ConfigError('b', b, `the same form as a (${aIsArray ? 'an array' : 'a record keyed by seed'})`, 'Pass both methods as arrays in the same seed order, or both as records keyed by seed.');
  }
  if (aIsArray) {
    const xs = checkSample('a', a as readonly number[]);
    const ys = checkSample('b', b as readonly number[]);
    if (xs.length !== ys.length) {
      throw new ConfigError('b', b, `${xs.length} values, one per seed of a`, 'Both methods must be run on the same seeds.');
    }
    return xs.map((x, i) => ({ seed: String(i), a: x, b: ys[i]!, difference: x - ys[i]! }));
  }
  const recordA = a as Readonly<Record<string, number>>;
  const recordB = b as Readonly<Record<string, number>>;
  const keysA = Object.keys(recordA).sort(compareKeys);
  const keysB = Object.keys(recordB).sort(compareKeys);
  const onlyA = keysA.filter((k) => !Object.hasOwn(recordB, k));
  const onlyB = keysB.filter((k) => !Object.hasOwn(recordA, k));
  if (onlyA.length > 0 || onlyB.length > 0) {
    throw new ConfigError(
      'b',
      keysB,
      `the same seeds as a (${keysA.join(', ')})`,
      `A paired comparison needs both methods on every seed: ${[...onlyA.map((k) => `seed ${k} is missing from b`), ...onlyB.map((k) => `seed ${k} is missing from a`)].join('; ')}.`,
    );
  }
  checkSample('a', keysA.map((k) => recordA[k]!));
  checkSample('b', keysA.map((k) => recordB[k]!));
  return keysA.map((k) => ({ seed: k, a: recordA[k]!, b: recordB[k]!, difference: recordA[k]! - recordB[k]! }));
}

/**
 * Compares method A with method B run on the same seeds (the paired t-test): the differences
 * d_i = a_i − b_i, their mean d̄, sample std s_d, and the interval d̄ ± t((1 + level)/2, n − 1) · s_d/√n.
 *
 * Pairing removes the seed-to-seed variation the two methods share (the same data draw, the same
 * init), so the interval is usually much narrower than comparing two independent means.
 *
 * @param a - method A's value per seed
 * @param b - method B's value per seed (same seeds)
 * @param options - the confidence level (default 0.95)
 * @returns the comparison
 * @example
 * ```ts
 * const c = pairedComparison({ 1: 0.91, 2: 0.9, 3: 0.93 }, { 1: 0.85, 2: 0.86, 3: 0.86 });
 * c.meanDifference; // ≈ 0.0567
 * c.differences;    // ≈ [0.06, 0.04, 0.07]
 * ```
 */
export function pairedComparison(a: SeedValues, b: SeedValues, options: ConfidenceOptions = {}): PairedComparison {
  const level = checkLevel(options.level ?? 0.95);
  const pairs = pairUp(a, b);
  const differences = pairs.map((p) => p.difference);
  const meanDifference = mean(differences);
  const n = differences.length;
  if (n < 2) return { n, meanDifference, pairs, differences };
  const std = sampleStd(differences);
  const se = std / Math.sqrt(n);
  const ci = tInterval(meanDifference, se, n, level);
  if (se === 0) return { n, meanDifference, std, standardError: se, ci, pairs, differences };
  const tStatistic = meanDifference / se;
  const pValue = 2 * studentTCdf(-Math.abs(tStatistic), n - 1);
  return { n, meanDifference, std, standardError: se, ci, tStatistic, pValue, pairs, differences };
}
