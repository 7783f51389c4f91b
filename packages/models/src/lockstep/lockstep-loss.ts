/**
 * The classification losses of K runs at once: each run's mean loss over its own batch, with the
 * ops of `logisticLoss` / `crossEntropyLoss` (models/src/loss.ts) over a leading run axis, so each
 * run's value has the bits of its loss alone.
 */
import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '@lrlab/core';

/**
 * Each run's mean loss: logistic for one logit, softmax cross-entropy for k.
 *
 * @param outputUnits - logits per example
 * @param logits - [K, batch, outputUnits]
 * @param labels - [K, batch] class indices
 * @returns [K] mean losses
 * @throws ConfigError when the shapes do not fit
 */
export function lockstepLosses(outputUnits: number, logits: tf.Tensor, labels: tf.Tensor): tf.Tensor1D {
  const [runs, batch, units] = logits.shape as [number, number, number];
  if (logits.rank !== 3 || units !== outputUnits || batch === 0) throw new ConfigError('logits.shape', logits.shape, `[runs, batch, ${outputUnits}] with batch ≥ 1`);
  if (labels.rank !== 2 || labels.shape[0] !== runs || labels.shape[1] !== batch) throw new ConfigError('labels.shape', labels.shape, `[${runs}, ${batch}] class indices`);
  return tf.tidy(() => {
    if (outputUnits === 1) {
      const signs = tf.sub(tf.mul(tf.cast(labels, 'float32'), 2), 1);
      const margins = tf.mul(tf.reshape(logits, [runs, batch]), signs);
      return tf.mean<tf.Tensor1D>(tf.softplus(tf.neg(margins)), 1);
    }
    const targets = tf.oneHot(tf.cast(labels, 'int32') as tf.Tensor2D, outputUnits);
    const logProbabilities = tf.logSoftmax(logits);
    return tf.neg(tf.mean<tf.Tensor1D>(tf.sum(tf.mul(targets, logProbabilities), 2), 1));
  });
}
