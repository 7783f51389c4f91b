/**
 * Batch normalisation with PyTorch's conventions (the reference's): in training, normalise by
 * the batch mean and the biased batch variance, and update the running averages as
 * running ← (1 − momentum)·running + momentum·batch with the *unbiased* variance
 * (n/(n − 1), n = examples × height × width); in evaluation, normalise by the running averages.
 * Defaults momentum 0.1 and epsilon 1e-5 (tfjs-layers uses 0.99 for the other side of the
 * average, and 1e-3).
 */
import * as tf from '@tensorflow/tfjs';
import { ConfigError, batchNormTraining, batchNormTrainingGrad, checkNonNegative, checkNumber } from '@lrlab/core';
import { checkFields } from '../config-checks';
import type { VariableStore } from '../variables';

/** Batch-norm hyperparameters. */
export interface BatchNormSettings {
  /** Weight of the new batch in the running averages (PyTorch's convention); default 0.1. */
  readonly momentum: number;
  /** Added to the variance before the square root; default 1e-5. */
  readonly epsilon: number;
}

/** Batch-norm hyperparameters as a model config gives them; absent fields take the defaults. */
export interface BatchNormConfig {
  /** Weight of the new batch in the running averages, in [0, 1]; default 0.1 (PyTorch). */
  readonly momentum?: number;
  /** Added to the variance before the square root, ≥ 0; default 1e-5 (PyTorch). */
  readonly epsilon?: number;
}

/**
 * Validates batch-norm hyperparameters and fills in PyTorch's defaults.
 *
 * @param field - the config's path, e.g. `model.batchNorm`
 * @param value - the config, or undefined for the defaults
 * @returns momentum and epsilon
 */
export function resolveBatchNormSettings(field: string, value: unknown): BatchNormSettings {
  const c = checkFields(field, value ?? {}, ['momentum', 'epsilon']);
  return {
    momentum: checkNumber(`${field}.momentum`, c['momentum'] ?? 0.1, { min: 0, max: 1 }),
    epsilon: checkNonNegative(`${field}.epsilon`, c['epsilon'] ?? 1e-5),
  };
}

/**
 * The settings one forward pass uses: the model's, with the pass's momentum where the caller set
 * one (`ApplyOptions.batchNormMomentum`, e.g. when re-estimating statistics).
 *
 * @param settings - the model's batch-norm settings
 * @param context - the pass's context (its `batchNormMomentum`, if any)
 * @returns the settings for this pass
 */
export function passBatchNormSettings(settings: BatchNormSettings, context: { readonly batchNormMomentum?: number }): BatchNormSettings {
  return context.batchNormMomentum === undefined ? settings : { ...settings, momentum: context.batchNormMomentum };
}

/** The variables of one batch-norm layer. */
export interface BatchNormVariables {
  /** Scale γ, initialised to 1. */
  readonly gamma: tf.Variable;
  /** Offset β, initialised to 0. */
  readonly beta: tf.Variable;
  /** Running mean, initialised to 0 (state). */
  readonly runningMean: tf.Variable;
  /** Running variance, initialised to 1 (state). */
  readonly runningVariance: tf.Variable;
}

/**
 * Creates the variables of a batch-norm layer at `<path>/gamma`, `beta`, `runningMean`,
 * `runningVariance`.
 *
 * @param store - the model's variable store
 * @param path - the layer's logical path, e.g. `block1.0/bn1`
 * @param channels - the number of channels
 * @returns the variables
 */
export function createBatchNorm(store: VariableStore, path: string, channels: number): BatchNormVariables {
  return {
    gamma: store.add(`${path}/gamma`, tf.ones([channels]), 'trainable'),
    beta: store.add(`${path}/beta`, tf.zeros([channels]), 'trainable'),
    runningMean: store.add(`${path}/runningMean`, tf.zeros([channels]), 'state'),
    runningVariance: store.add(`${path}/runningVariance`, tf.ones([channels]), 'state'),
  };
}

function updateRunning(running: tf.Variable, batch: tf.Tensor, momentum: number): void {
  running.assign(tf.add(tf.mul(running, 1 - momentum), tf.mul(batch, momentum)));
}

/**
 * Training-mode batch norm with a hand-written gradient (core's `batchNormTraining` and
 * `batchNormTrainingGrad`: fused kernels on lrlab's `blas` backend, tfjs ops elsewhere). tfjs's own
 * gradient of `batchNorm` (plus that of `moments`) makes about fifteen full-size passes, among them
 * a `Tile` that alone took 13% of a WRN-16-1 step on wasm; the tfjs-op version of this one makes
 * seven, the fused one two. With x̂ = (x − μ)·r, r = (σ² + ε)^(−1/2) and n values per channel:
 *
 *   ∂β = Σ dy,   ∂γ = Σ dy·x̂,   ∂x = γ·r·(dy − ∂β/n − x̂·∂γ/n)
 *
 * (the last two terms are the gradient through the batch mean and variance). With `noiseThenRelu`
 * the custom gradient covers `relu(noise(y))` too: dy is masked by the ReLU's output first.
 */
function normalizeWithBatchStatistics(
  x: tf.Tensor4D,
  bn: BatchNormVariables,
  settings: BatchNormSettings,
  count: number,
  noiseThenRelu?: (y: tf.Tensor4D) => tf.Tensor4D,
): tf.Tensor4D {
  const { epsilon, momentum } = settings;
  const forward = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x4, gamma, beta, save] = args as [tf.Tensor4D, tf.Tensor1D, tf.Tensor1D, tf.GradSaveFunc];
    const { y, mean, variance } = batchNormTraining(x4, gamma, beta, epsilon);
    // The running averages are plain assignments: not on the gradient tape, kept past any tidy.
    updateRunning(bn.runningMean, mean, momentum);
    updateRunning(bn.runningVariance, tf.mul(variance, count / (count - 1)), momentum);
    const out = noiseThenRelu ? noiseThenRelu(y as tf.Tensor4D) : y;
    save(noiseThenRelu ? [x4, mean, variance, gamma, out] : [x4, mean, variance, gamma]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => {
      const [xs, mu, sigma2, g, reluOutput] = saved as [tf.Tensor4D, tf.Tensor1D, tf.Tensor1D, tf.Tensor1D, tf.Tensor4D?];
      const { dx, dScale, dOffset } = batchNormTrainingGrad(dy, xs, mu, sigma2, g, epsilon, reluOutput);
      return [dx, dScale, dOffset];
    };
    return { value: out as tf.Tensor4D, gradFunc };
  });
  return forward(x, bn.gamma, bn.beta) as tf.Tensor4D;
}

function checkTrainingCount(x: tf.Tensor4D): number {
  const count = x.shape[0] * x.shape[1] * x.shape[2];
  if (count < 2) {
    throw new ConfigError(
      'x.shape',
      x.shape,
      'more than one value per channel in a training batch (batch × height × width ≥ 2)',
      'Train with a batch of at least 2 examples: batch statistics of one value are undefined.',
    );
  }
  return count;
}

/**
 * Normalises NHWC activations per channel. In training it also updates the running averages;
 * the update is a plain assignment, so it works inside `tf.tidy` and `tf.variableGrads` (the
 * running averages are not trainable and receive no gradient).
 *
 * @param x - activations `[batch, height, width, channels]`
 * @param bn - the layer's variables
 * @param training - batch statistics (and update) or running averages
 * @param settings - momentum and epsilon
 * @returns the normalised activations, same shape
 */
export function batchNorm(x: tf.Tensor4D, bn: BatchNormVariables, training: boolean, settings: BatchNormSettings): tf.Tensor4D {
  if (!training) {
    return tf.batchNorm4d(x, bn.runningMean as tf.Tensor1D, bn.runningVariance as tf.Tensor1D, bn.beta as tf.Tensor1D, bn.gamma as tf.Tensor1D, settings.epsilon);
  }
  return normalizeWithBatchStatistics(x, bn, settings, checkTrainingCount(x));
}

/**
 * `relu(noise(batchNorm(x)))`, the pre-activation pattern of lrlab's conv nets (noise after batch
 * norm, before the ReLU), with one hand-written gradient for the three in training: the ReLU's
 * mask is applied inside the batch norm's gradient (one fused kernel on `blas`), and the noise,
 * being additive, passes the gradient through unchanged. Values and gradients are those of the
 * three applied in turn.
 *
 * @param x - activations `[batch, height, width, channels]`
 * @param bn - the layer's variables
 * @param training - batch statistics (and update) or running averages
 * @param settings - momentum and epsilon
 * @param noise - the noise at this site (additive, or the identity); in evaluation it must return its input
 * @returns the activations after the ReLU, same shape
 */
export function batchNormRelu(
  x: tf.Tensor4D,
  bn: BatchNormVariables,
  training: boolean,
  settings: BatchNormSettings,
  noise: (y: tf.Tensor4D) => tf.Tensor4D,
): tf.Tensor4D {
  if (!training) return tf.relu(noise(batchNorm(x, bn, false, settings)));
  return normalizeWithBatchStatistics(x, bn, settings, checkTrainingCount(x), (y) => tf.relu(noise(y)));
}
