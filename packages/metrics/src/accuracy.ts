/**
 * Accuracy and top-k accuracy per group. An example is correct when its margin is > 0 (ties at
 * the top count as wrong), and in the top k when fewer than k other classes have a logit at
 * least as large as the correct one.
 */
import { ConfigError, checkInteger } from '@lrlab/core';
import { checkGroupWeights, checkWeighted, mapGroups, weightedMean, type GroupWeights, type GroupedResult } from './grouped';
import type { Metric } from './metric';
import { forEachGroup } from './outcomes';

/** Options of {@link accuracyMetric}. */
export interface AccuracyOptions {
  /** Extra k > 1 for top-k accuracy, e.g. [5]; default none. */
  readonly topK?: readonly number[];
  /** Weights for a weighted overall accuracy; default: pooled over all examples. */
  readonly groupWeights?: GroupWeights;
}

/** Counts of one group. */
export interface AccuracyCounts {
  /** Examples seen. */
  readonly examples: number;
  /** Examples with margin > 0. */
  readonly correct: number;
  /** For each k of `topK` (as a string key), the examples whose correct class is in the top k. */
  readonly topK: Readonly<Record<string, number>>;
}

/** The state of {@link accuracyMetric}: counts per group tag. */
export interface AccuracyState {
  /** Counts per group tag, in first-seen order. */
  readonly groups: Readonly<Record<string, AccuracyCounts>>;
}

/** Accuracy of one group (or overall). */
export interface AccuracyResult {
  /** Examples counted (overall: all groups). */
  readonly examples: number;
  /** Fraction correct, in [0, 1]. */
  readonly accuracy: number;
  /** Top-k accuracy for each requested k (string keys, e.g. `"5"`); absent when no k was requested. */
  readonly topK?: Readonly<Record<string, number>>;
}

function checkTopK(topK: readonly number[] | undefined): readonly number[] {
  if (topK === undefined) return [];
  if (!Array.isArray(topK)) throw new ConfigError('topK', topK, 'an array of integers k ≥ 2');
  const ks = topK.map((k, i) => checkInteger(`topK[${i}]`, k, { min: 2 }));
  if (new Set(ks).size !== ks.length) throw new ConfigError('topK', topK, 'distinct values of k');
  return ks;
}

function resultOf(counts: AccuracyCounts, ks: readonly number[]): AccuracyResult {
  const accuracy = counts.correct / counts.examples;
  if (ks.length === 0) return { examples: counts.examples, accuracy };
  const topK: Record<string, number> = {};
  for (const k of ks) topK[String(k)] = counts.topK[String(k)]! / counts.examples;
  return { examples: counts.examples, accuracy, topK };
}

function pooled(groups: Readonly<Record<string, AccuracyCounts>>, ks: readonly number[]): AccuracyCounts | undefined {
  const all = Object.values(groups);
  if (all.length === 0) return undefined;
  const topK: Record<string, number> = {};
  for (const k of ks) topK[String(k)] = all.reduce((s, c) => s + c.topK[String(k)]!, 0);
  return { examples: all.reduce((s, c) => s + c.examples, 0), correct: all.reduce((s, c) => s + c.correct, 0), topK };
}

function weighted(
  results: Readonly<Record<string, AccuracyResult>>,
  weights: GroupWeights,
  ks: readonly number[],
  examples: number,
): AccuracyResult | undefined {
  const accuracy = weightedMean(results, weights, (r) => r.accuracy);
  if (accuracy === undefined) return undefined;
  if (ks.length === 0) return { examples, accuracy };
  const topK: Record<string, number> = {};
  for (const k of ks) topK[String(k)] = weightedMean(results, weights, (r) => r.topK![String(k)]!)!;
  return { examples, accuracy, topK };
}

/**
 * Accuracy (and top-k accuracy) per group and overall.
 *
 * accuracy_g = #{i ∈ g : margin_i > 0} / |g|;  top-k_g = #{i ∈ g : rank_i < k} / |g|.
 * Overall is pooled over all examples, or Σ w_g·accuracy_g / Σ w_g with `groupWeights` (absent
 * when a group with a positive weight has no examples).
 *
 * @param options - top-k values and group weights
 * @returns the metric
 * @example
 * ```ts
 * const acc = accuracyMetric({ groupWeights: { 'a-only': 0.2, 'b-only': 0.2, both: 0.6 } });
 * ```
 */
export function accuracyMetric(options: AccuracyOptions = {}): Metric<AccuracyState, AccuracyResult> {
  const ks = checkTopK(options.topK);
  const weights = checkGroupWeights('groupWeights', options.groupWeights);
  return {
    name: 'accuracy',
    init: () => ({ groups: {} }),
    update(state, outcomes) {
      const groups: Record<string, AccuracyCounts> = { ...state.groups };
      forEachGroup(outcomes, (tag, indices) => {
        checkWeighted('groupWeights', weights, tag);
        const before = groups[tag] ?? { examples: 0, correct: 0, topK: Object.fromEntries(ks.map((k) => [String(k), 0])) };
        let correct = 0;
        const hits = ks.map(() => 0);
        for (const i of indices) {
          const rank = outcomes.ranks[i]!;
          if (rank === 0) correct++;
          ks.forEach((k, j) => {
            if (rank < k) hits[j]!++;
          });
        }
        const topK: Record<string, number> = {};
        ks.forEach((k, j) => (topK[String(k)] = before.topK[String(k)]! + hits[j]!));
        groups[tag] = { examples: before.examples + indices.length, correct: before.correct + correct, topK };
      });
      return { groups };
    },
    result(state): GroupedResult<AccuracyResult> {
      const groups = mapGroups(state.groups, (counts) => resultOf(counts, ks));
      const all = pooled(state.groups, ks);
      if (all === undefined) return { groups };
      const overall = weights === undefined ? resultOf(all, ks) : weighted(groups, weights, ks, all.examples);
      return overall === undefined ? { groups } : { overall, groups };
    },
  };
}
