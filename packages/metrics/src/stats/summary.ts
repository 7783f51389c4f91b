/**
 * Across-seed statistics: mean, sample standard deviation, standard error and a Student-t
 * confidence interval, for the "mean ± CI over k seeds" columns of every report.
 */
import { ConfigError, checkFinite, checkNumber } from '@lrlab/core';
import { tQuantile } from './distributions';

/** A two-sided confidence interval for a mean, from Student's t. */
export interface ConfidenceInterval {
  /** The confidence level, e.g. 0.95. */
  readonly level: number;
  /** Lower end: mean − halfWidth. */
  readonly low: number;
  /** Upper end: mean + halfWidth. */
  readonly high: number;
  /** t · standard error. */
  readonly halfWidth: number;
  /** Degrees of freedom, n − 1. */
  readonly degreesOfFreedom: number;
  /** The t quantile used, t((1 + level) / 2, n − 1). */
  readonly tQuantile: number;
}

/**
 * The summary of one quantity over seeds. With a single seed there is no spread to estimate:
 * `std`, `standardError` and `ci` are absent (not NaN, not 0).
 */
export interface SeedSummary {
  /** Number of seeds. */
  readonly n: number;
  /** Arithmetic mean. */
  readonly mean: number;
  /** Sample standard deviation (divisor n − 1); absent when n = 1. */
  readonly std?: number;
  /** std / √n; absent when n = 1. */
  readonly standardError?: number;
  /** Student-t confidence interval for the mean; absent when n = 1. */
  readonly ci?: ConfidenceInterval;
  /** Smallest value. */
  readonly min: number;
  /** Largest value. */
  readonly max: number;
}

/** Options of {@link summarizeSeeds} and {@link pairedComparison}. */
export interface ConfidenceOptions {
  /** Confidence level of the interval, in (0, 1); default 0.95. */
  readonly level?: number;
}

/** Checks a list of per-seed values: a non-empty array of finite numbers. */
export function checkSample(field: string, values: readonly number[]): readonly number[] {
  if (!Array.isArray(values)) {
    throw new ConfigError(field, values, 'an array of finite numbers, one per seed');
  }
  if (values.length === 0) throw new ConfigError(field, values, 'at least one value', `Pass one value per seed in ${field}.`);
  values.forEach((v, i) => checkFinite(`${field}[${i}]`, v));
  return values;
}

/** Checks a confidence level in (0, 1). */
export function checkLevel(level: unknown): number {
  return checkNumber('level', level, { min: 0, max: 1, minExclusive: true, maxExclusive: true });
}

/**
 * The arithmetic mean, summed in order (so equal inputs give bit-identical outputs).
 *
 * @param values - a non-empty array of finite numbers
 * @returns Σ x / n
 */
export function mean(values: readonly number[]): number {
  checkSample('values', values);
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/**
 * The sample standard deviation, s = √(Σ (x − x̄)² / (n − 1)). Two passes, so a large common
 * offset (accuracies near 100%) does not cancel away the spread.
 *
 * @param values - at least two finite numbers
 * @returns s
 */
export function sampleStd(values: readonly number[]): number {
  checkSample('values', values);
  if (values.length < 2) {
    throw new ConfigError('values', values, 'at least two values', 'A standard deviation needs two or more seeds; summarizeSeeds reports n = 1 without one.');
  }
  const m = mean(values);
  let squares = 0;
  for (const v of values) squares += (v - m) * (v - m);
  return Math.sqrt(squares / (values.length - 1));
}

/**
 * The standard error of the mean, s / √n.
 *
 * @param values - at least two finite numbers
 * @returns s / √n
 */
export function standardError(values: readonly number[]): number {
  return sampleStd(values) / Math.sqrt(values.length);
}

/**
 * The two-sided Student-t confidence interval around `center`.
 *
 * @param center - the estimate (a mean or a mean difference)
 * @param se - its standard error
 * @param n - the sample size (≥ 2); the interval uses n − 1 degrees of freedom
 * @param level - the confidence level
 * @returns the interval
 */
export function tInterval(center: number, se: number, n: number, level: number): ConfidenceInterval {
  const degreesOfFreedom = n - 1;
  const t = tQuantile((1 + level) / 2, degreesOfFreedom);
  const halfWidth = t * se;
  return { level, low: center - halfWidth, high: center + halfWidth, halfWidth, degreesOfFreedom, tQuantile: t };
}

/**
 * Summarises one quantity over seeds: n, mean, sample std, standard error, min, max and a
 * Student-t confidence interval (mean ± t((1 + level)/2, n − 1) · s/√n).
 *
 * With n = 1 the result holds the mean (and min = max) only: one seed says nothing about the
 * spread, and an absent field is more honest than NaN or an interval of width 0.
 *
 * @param values - one finite value per seed
 * @param options - the confidence level (default 0.95)
 * @returns the summary
 * @example
 * ```ts
 * const s = summarizeSeeds([1, 2, 3, 4, 5]);
 * s.ci?.low;  // 1.036756838522439 (3 − 2.7764 · √2.5/√5)
 * s.ci?.high; // 4.963243161477561
 * ```
 */
export function summarizeSeeds(values: readonly number[], options: ConfidenceOptions = {}): SeedSummary {
  const sample = checkSample('values', values);
  const level = checkLevel(options.level ?? 0.95);
  const m = mean(sample);
  const min = Math.min(...sample);
  const max = Math.max(...sample);
  if (sample.length < 2) return { n: sample.length, mean: m, min, max };
  const std = sampleStd(sample);
  const se = std / Math.sqrt(sample.length);
  return { n: sample.length, mean: m, std, standardError: se, ci: tInterval(m, se, sample.length, level), min, max };
}
