import * as tf from '@tensorflow/tfjs';
import { checkPositive } from '@lrlab/core';
import { at } from '../lr/values';
import { checkBoolean, checkRate, orDefault, type OptimizerKindEntry } from './kind';

/**
 * RMSProp as tfjs implements it: s ← ρs + (1−ρ)g², buf ← μ·buf + lr·g / √(s + ε), w ← w − buf
 * (centered: s is replaced by s − ḡ², with ḡ ← ρḡ + (1−ρ)g).
 *
 * Two differences from PyTorch's `RMSprop`: ε sits inside the square root, and the learning rate
 * is folded into the momentum buffer, so with μ > 0 a change of learning rate takes effect
 * gradually rather than at once.
 */
export interface RmspropConfig {
  /** The update rule. */
  readonly kind: 'rmsprop';
  /** Decay rate ρ of the mean square, in [0, 1); default 0.9 (tfjs and Keras; PyTorch uses 0.99). */
  readonly decay?: number;
  /** The momentum μ, in [0, 1); default 0. */
  readonly momentum?: number;
  /** ε added under the square root, > 0; default 1e-8. */
  readonly epsilon?: number;
  /** Whether to normalise by the centered second moment (an estimate of the variance); default false. */
  readonly centered?: boolean;
}

/** The `rmsprop` optimizer kind: `tf.train.rmsprop(lr, ρ, μ, ε, centered)`. */
export const rmspropKind: OptimizerKindEntry<RmspropConfig, Required<RmspropConfig>> = {
  description: 'RMSProp, as tfjs implements it (ε inside the square root, lr folded into the momentum buffer)',
  fields: {
    decay: 'decay rate ρ of the mean square, in [0, 1); default 0.9',
    momentum: 'the momentum μ, in [0, 1); default 0',
    epsilon: 'ε added under the square root, > 0; default 1e-8',
    centered: 'normalise by the centered second moment; default false',
  },
  resolve: (config, path) => ({
    kind: 'rmsprop',
    decay: checkRate(at(path, 'decay'), orDefault(config.decay, 0.9)),
    momentum: checkRate(at(path, 'momentum'), orDefault(config.momentum, 0)),
    epsilon: checkPositive(at(path, 'epsilon'), orDefault(config.epsilon, 1e-8)),
    centered: checkBoolean(at(path, 'centered'), orDefault(config.centered, false)),
  }),
  build: (config, { learningRate }) => tf.train.rmsprop(learningRate, config.decay, config.momentum, config.epsilon, config.centered),
};
