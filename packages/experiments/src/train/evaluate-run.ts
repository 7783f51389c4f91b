/** Evaluates a model on every eval set: per-group accuracy, loss and margins, all on the backend. */
import * as tf from '@tensorflow/tfjs';
import {
  accuracyMetric,
  evaluate,
  lossMetric,
  marginMetric,
  type AccuracyResult,
  type GroupedResult,
  type GroupWeights,
  type LossResult,
  type MarginSummary,
} from '@lrlab/metrics';
import type { Model } from '@lrlab/models';
import type { EvalSource } from './eval-source';

/** The metrics of one eval set, as written to `metrics.jsonl`: each per group and overall. */
export interface SetMetrics {
  /** Accuracy (a tie counts as wrong). */
  readonly accuracy: GroupedResult<AccuracyResult>;
  /** Mean loss (logistic for one logit, cross-entropy for k). */
  readonly loss: GroupedResult<LossResult>;
  /** Margin distribution (pooled "overall", never weighted). */
  readonly margin: GroupedResult<MarginSummary>;
}

/**
 * Evaluates one set in evaluation mode (no noise, BN running averages, no dropout).
 *
 * @param model - the model
 * @param source - the set
 * @param options - batch size, epoch (for re-drawn sets), step, group weights for "overall"
 * @returns accuracy, loss and margin results, per group and overall
 */
export async function evaluateSet(
  model: Model,
  source: EvalSource,
  options: { readonly batchSize: number; readonly epoch: number; readonly step: number; readonly groupWeights?: GroupWeights },
): Promise<SetMetrics> {
  return evaluate({
    batches: source.batches(options.batchSize, options.epoch, options.step),
    forward: (batch) => model.apply(tf.tensor(batch.features, [...batch.shape], 'float32'), { training: false, step: options.step }),
    metrics: setMetrics(options.groupWeights),
  });
}

/**
 * The metrics every eval set gets: accuracy, loss and margins.
 *
 * @param groupWeights - weights for "overall", or undefined for pooled
 * @returns the metric set
 */
export function setMetrics(groupWeights: GroupWeights | undefined) {
  const weights = groupWeights ? { groupWeights } : {};
  return { accuracy: accuracyMetric(weights), loss: lossMetric(weights), margin: marginMetric() };
}
