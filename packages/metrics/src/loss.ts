/**
 * Mean loss per group: the logistic loss for a scalar logit, cross-entropy for k logits (the
 * data term only; weight decay is the training loop's business).
 */
import { ConfigError } from '@lrlab/core';
import { checkGroupWeights, checkWeighted, mapGroups, weightedMean, type GroupWeights, type GroupedResult } from './grouped';
import type { Metric } from './metric';
import { forEachGroup, type LossKind } from './outcomes';

/** Options of {@link lossMetric}. */
export interface LossOptions {
  /** Weights for a weighted overall mean loss; default: pooled over all examples. */
  readonly groupWeights?: GroupWeights;
}

/** Sums of one group. */
export interface LossSums {
  /** Examples seen. */
  readonly examples: number;
  /** Sum of their losses (float64). */
  readonly lossSum: number;
}

/** The state of {@link lossMetric}. */
export interface LossState {
  /** The loss seen so far; absent before the first batch. Batches may not mix kinds. */
  readonly kind?: LossKind;
  /** Sums per group tag, in first-seen order. */
  readonly groups: Readonly<Record<string, LossSums>>;
}

/** Mean loss of one group (or overall). */
export interface LossResult {
  /** Examples counted (overall: all groups). */
  readonly examples: number;
  /** Mean per-example loss. */
  readonly meanLoss: number;
}

/**
 * Mean loss per group and overall: logistic log(1 + e^(−y·f)) for a scalar logit, cross-entropy
 * logsumexp(z) − z_y for k logits. Overall is pooled, or Σ w_g·meanLoss_g / Σ w_g with weights.
 *
 * @param options - group weights
 * @returns the metric
 */
export function lossMetric(options: LossOptions = {}): Metric<LossState, LossResult> {
  const weights = checkGroupWeights('groupWeights', options.groupWeights);
  return {
    name: 'loss',
    init: () => ({ groups: {} }),
    update(state, outcomes) {
      if (state.kind !== undefined && state.kind !== outcomes.lossKind) {
        throw new ConfigError('logits', outcomes.lossKind, `${state.kind} logits like the earlier batches`, 'Evaluate one model (one output shape) per loss state.');
      }
      const groups: Record<string, LossSums> = { ...state.groups };
      forEachGroup(outcomes, (tag, indices) => {
        checkWeighted('groupWeights', weights, tag);
        const before = groups[tag] ?? { examples: 0, lossSum: 0 };
        let sum = 0;
        for (const i of indices) sum += outcomes.losses[i]!;
        groups[tag] = { examples: before.examples + indices.length, lossSum: before.lossSum + sum };
      });
      return outcomes.examples === 0 ? { ...state, groups } : { kind: outcomes.lossKind, groups };
    },
    result(state): GroupedResult<LossResult> {
      const groups = mapGroups(state.groups, (s) => ({ examples: s.examples, meanLoss: s.lossSum / s.examples }));
      const all = Object.values(state.groups);
      if (all.length === 0) return { groups };
      const examples = all.reduce((s, g) => s + g.examples, 0);
      if (weights === undefined) return { overall: { examples, meanLoss: all.reduce((s, g) => s + g.lossSum, 0) / examples }, groups };
      const meanLoss = weightedMean(groups, weights, (r) => r.meanLoss);
      return meanLoss === undefined ? { groups } : { overall: { examples, meanLoss }, groups };
    },
  };
}
