/**
 * The classification losses, matched to the number of logits: the mean logistic loss for one
 * logit (two classes), the mean softmax cross-entropy for k logits.
 */
import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '@lrlab/core';

function checkLogits(logits: tf.Tensor, outputUnits: number): number {
  if (!(logits instanceof tf.Tensor) || logits.rank !== 2 || logits.shape[1] !== outputUnits || logits.shape[0] === 0) {
    throw new ConfigError('logits.shape', logits instanceof tf.Tensor ? logits.shape : logits, `[batch, ${outputUnits}] with batch ≥ 1`);
  }
  return logits.shape[0];
}

/**
 * Mean logistic loss of one logit per example: mean over i of log(1 + e^(−yᵢ·fᵢ)) with
 * yᵢ = 2·labelᵢ − 1 ∈ {−1, +1} (SPEC §1). Computed as softplus(−y·f), stable for large |f|.
 *
 * @param logits - `[batch, 1]`
 * @param labels - `[batch]` labels in {0, 1} (any numeric dtype)
 * @returns the mean loss
 */
export function logisticLoss(logits: tf.Tensor, labels: tf.Tensor): tf.Scalar {
  const batch = checkLogits(logits, 1);
  if (!(labels instanceof tf.Tensor) || labels.rank !== 1 || labels.shape[0] !== batch) {
    throw new ConfigError('labels.shape', labels instanceof tf.Tensor ? labels.shape : labels, `[${batch}] (one label in {0, 1} per example)`);
  }
  return tf.tidy(() => {
    const signs = tf.sub(tf.mul(tf.cast(labels, 'float32'), 2), 1);
    const margins = tf.mul(tf.reshape(logits, [batch]), signs);
    return tf.mean<tf.Scalar>(tf.softplus(tf.neg(margins)));
  });
}

/**
 * Mean softmax cross-entropy of k logits per example: mean over i of −Σ_c p_ic · log softmax(fᵢ)_c,
 * with p the one-hot encoding of integer labels or given class probabilities.
 *
 * @param logits - `[batch, k]`
 * @param labels - `[batch]` class indices in [0, k), or `[batch, k]` class probabilities
 * @returns the mean loss
 */
export function crossEntropyLoss(logits: tf.Tensor, labels: tf.Tensor): tf.Scalar {
  if (!(logits instanceof tf.Tensor) || logits.rank !== 2 || logits.shape[1]! < 2) {
    throw new ConfigError('logits.shape', logits instanceof tf.Tensor ? logits.shape : logits, '[batch, k] with k ≥ 2');
  }
  const classes = logits.shape[1]!;
  const batch = checkLogits(logits, classes);
  const fits =
    labels instanceof tf.Tensor &&
    labels.shape[0] === batch &&
    (labels.rank === 1 || (labels.rank === 2 && labels.shape[1] === classes));
  if (!fits) {
    throw new ConfigError('labels.shape', labels instanceof tf.Tensor ? labels.shape : labels, `[${batch}] class indices or [${batch}, ${classes}] class probabilities`);
  }
  return tf.tidy(() => {
    const targets = labels.rank === 1 ? tf.oneHot(tf.cast(labels, 'int32') as tf.Tensor1D, classes) : tf.cast(labels, 'float32');
    const logProbabilities = tf.logSoftmax(logits);
    return tf.neg(tf.mean<tf.Scalar>(tf.sum(tf.mul(targets, logProbabilities), 1)));
  });
}

/**
 * The loss that matches a number of logits: {@link logisticLoss} for 1, {@link crossEntropyLoss}
 * for k ≥ 2.
 *
 * @param outputUnits - the number of logits
 * @param logits - `[batch, outputUnits]`
 * @param labels - see the two losses
 * @returns the mean loss
 */
export function classificationLoss(outputUnits: number, logits: tf.Tensor, labels: tf.Tensor): tf.Scalar {
  if (outputUnits === 1) return logisticLoss(logits, labels);
  checkLogits(logits, outputUnits);
  return crossEntropyLoss(logits, labels);
}
