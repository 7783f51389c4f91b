/**
 * Results split by group: every metric reports each group tag (A-only / B-only / both; clean /
 * image+patch / patch-only) next to an overall value, and leaves out groups it never saw.
 */
import { ConfigError, checkNonNegative, type GroupTag } from '@lrlab/core';

/**
 * A metric's result for every group it saw, and overall.
 *
 * A group with no examples is absent from `groups` (never 0% or NaN); `overall` is absent when
 * there were no examples at all, or when a weighted overall needs a group that is absent.
 *
 * @example
 * ```ts
 * const r: GroupedResult<{ examples: number; accuracy: number }> = {
 *   overall: { examples: 4, accuracy: 0.75 },
 *   groups: { 'a-only': { examples: 2, accuracy: 0.5 }, both: { examples: 2, accuracy: 1 } },
 * };
 * ```
 */
export interface GroupedResult<R> {
  /** All examples together (pooled, or weighted when the metric has group weights). */
  readonly overall?: R;
  /** One entry per group tag that had at least one example. */
  readonly groups: Readonly<Record<string, R>>;
}

/**
 * Weights for an "overall" that is a weighted mean of the groups' values, e.g.
 * `{ 'a-only': 0.2, 'b-only': 0.2, both: 0.6 }` when a test set holds equal counts per group but
 * the training distribution is 20/20/60. Weights need not sum to 1 (they are normalised); a
 * weight of 0 excludes a group from the overall value.
 */
export type GroupWeights = Readonly<Record<string, number>>;

/**
 * Validates group weights: finite, ≥ 0, at least one positive.
 *
 * @param field - the option's name, for messages
 * @param weights - the weights, or undefined for a pooled overall
 * @returns a frozen copy, or undefined
 */
export function checkGroupWeights(field: string, weights: GroupWeights | undefined): GroupWeights | undefined {
  if (weights === undefined) return undefined;
  if (typeof weights !== 'object' || weights === null || Array.isArray(weights)) {
    throw new ConfigError(field, weights, "an object mapping group tags to weights, e.g. { 'a-only': 0.2, 'b-only': 0.2, both: 0.6 }");
  }
  const entries = Object.entries(weights);
  entries.forEach(([tag, w]) => checkNonNegative(`${field}.${tag}`, w));
  if (!entries.some(([, w]) => w > 0)) {
    throw new ConfigError(field, weights, 'at least one positive weight');
  }
  return Object.freeze(Object.fromEntries(entries));
}

/** Throws when a batch holds a group that the weights do not mention (its examples would be dropped silently). */
export function checkWeighted(field: string, weights: GroupWeights | undefined, tag: GroupTag): void {
  if (weights !== undefined && !Object.hasOwn(weights, tag)) {
    throw new ConfigError(
      `${field}`,
      weights,
      `a weight for group ${JSON.stringify(tag)}, which occurs in the data`,
      `Give every group a weight in ${field} (0 leaves a group out of the overall value).`,
    );
  }
}

/**
 * The weighted mean of one value over groups: Σ w_g v_g / Σ w_g over the weighted groups, or
 * undefined when a group with a positive weight has no value.
 */
export function weightedMean<R>(groups: Readonly<Record<string, R>>, weights: GroupWeights, value: (r: R) => number): number | undefined {
  let sum = 0;
  let total = 0;
  for (const [tag, w] of Object.entries(weights)) {
    if (w === 0) continue;
    if (!Object.hasOwn(groups, tag)) return undefined;
    sum += w * value(groups[tag]!);
    total += w;
  }
  return sum / total;
}

/** Builds a record with the same keys, mapping each value (keys keep their order). */
export function mapGroups<A, B>(groups: Readonly<Record<string, A>>, fn: (value: A, tag: GroupTag) => B): Record<string, B> {
  const out: Record<string, B> = {};
  for (const [tag, value] of Object.entries(groups)) out[tag] = fn(value, tag);
  return out;
}
