/**
 * Batch-norm statistics re-estimated on training batches for one evaluation, then put back: what
 * `torch.optim.swa_utils.update_bn` computes, without changing the run.
 */
import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '@lrlab/core';
import type { TrainStream } from '@lrlab/datasets';
import type { Model } from '@lrlab/models';

/** The suffix of a set's name in `metrics.jsonl` when it was evaluated with re-estimated statistics. */
export const BN_REESTIMATED_SUFFIX = '/bn-reestimated';

/** Where re-estimated statistics come from. */
export interface BatchNormEstimate {
  /** Training batches in an order of their own (training's stream re-seeded): only full batches are used. */
  readonly stream: TrainStream;
  /** How many full batches each re-estimation passes through the model. */
  readonly batches: number;
}

/**
 * Full batches per epoch of a stream: a last, partial batch is skipped (it may hold one example,
 * whose batch statistics are undefined, and it would weigh as much as a full one).
 *
 * @param stream - the stream
 * @returns ⌊examples per epoch / batch size⌋, at least 1 when one batch fits
 */
export function fullBatchesPerEpoch(stream: TrainStream): number {
  return Math.floor(stream.examplesPerEpoch / stream.batchSize);
}

/**
 * Runs `evaluate` with every batch-norm running mean and variance replaced by the plain mean of
 * the statistics of `estimate.batches` full training batches (the unbiased variance, as the
 * running averages take it), then restores the model's running statistics bit for bit, whatever
 * `evaluate` does. The passes are in training mode with no noise, at `step` (dropout, if any, is
 * keyed by it), taking the batches of epochs `epoch`, `epoch + 1`, … of the re-seeded stream.
 *
 * @param model - the model; it must have running statistics
 * @param estimate - the stream and the number of batches
 * @param at - the evaluation's step and epoch (completed counts)
 * @param evaluate - the evaluation to run with the re-estimated statistics
 * @returns what `evaluate` returns
 * @throws ConfigError when the model has no running statistics, or the stream no full batch
 */
export async function withReestimatedBatchNorm<T>(
  model: Model,
  estimate: BatchNormEstimate,
  at: { readonly step: number; readonly epoch: number },
  evaluate: () => Promise<T>,
): Promise<T> {
  if (model.stateVariables.length === 0) {
    throw new ConfigError(
      'evaluation.reestimateBatchNorm',
      model.config.kind,
      'a model with batch-norm running statistics',
      'This model has none to re-estimate: set evaluation.reestimateBatchNorm to null.',
    );
  }
  const perEpoch = fullBatchesPerEpoch(estimate.stream);
  if (perEpoch < 1) throw new ConfigError('training.batchSize', estimate.stream.batchSize, `at most the examples per epoch (${estimate.stream.examplesPerEpoch})`);
  // A clone shares the variable's current values; assigning new values leaves them intact.
  const saved = model.stateVariables.map((v) => tf.keep(tf.clone(v)));
  try {
    for (let k = 0; k < estimate.batches; k++) {
      const batch = estimate.stream.batch(at.epoch + Math.floor(k / perEpoch), k % perEpoch);
      // Momentum 1/(k + 1): after K batches each running value is the mean of the K batches' values.
      tf.tidy(() => {
        model.apply(tf.tensor(batch.features, [...batch.shape], 'float32'), { training: true, step: at.step, batchNormMomentum: 1 / (k + 1) });
      });
    }
    return await evaluate();
  } finally {
    model.stateVariables.forEach((v, i) => v.assign(saved[i]!));
    tf.dispose(saved);
  }
}
