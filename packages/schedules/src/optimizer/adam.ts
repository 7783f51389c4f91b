import * as tf from '@tensorflow/tfjs';
import { checkPositive } from '@lrlab/core';
import { at } from '../lr/values';
import { checkRate, orDefault, type OptimizerKindEntry } from './kind';

/**
 * Adam (Kingma & Ba, 2015) as tfjs implements it: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g²,
 * w ← w − lr·m̂ / (√v̂ + ε) with the bias-corrected m̂ = m / (1−β₁ᵗ), v̂ = v / (1−β₂ᵗ).
 * Decoupled weight decay turns it into AdamW.
 */
export interface AdamConfig {
  /** The update rule. */
  readonly kind: 'adam';
  /** Decay rate β₁ of the first moment, in [0, 1); default 0.9. */
  readonly beta1?: number;
  /** Decay rate β₂ of the second moment, in [0, 1); default 0.999. */
  readonly beta2?: number;
  /** ε added to √v̂, > 0; default 1e-8 (PyTorch's default; tfjs would use its backend epsilon, 1e-7). */
  readonly epsilon?: number;
}

/** The `adam` optimizer kind: `tf.train.adam(lr, β₁, β₂, ε)`. */
export const adamKind: OptimizerKindEntry<AdamConfig, Required<AdamConfig>> = {
  description: 'Adam (AdamW with decoupled weight decay), as tfjs implements it',
  fields: {
    beta1: 'decay rate β₁ of the first moment, in [0, 1); default 0.9',
    beta2: 'decay rate β₂ of the second moment, in [0, 1); default 0.999',
    epsilon: 'ε added to √v̂, > 0; default 1e-8',
  },
  resolve: (config, path) => ({
    kind: 'adam',
    beta1: checkRate(at(path, 'beta1'), orDefault(config.beta1, 0.9)),
    beta2: checkRate(at(path, 'beta2'), orDefault(config.beta2, 0.999)),
    epsilon: checkPositive(at(path, 'epsilon'), orDefault(config.epsilon, 1e-8)),
  }),
  build: (config, { learningRate }) => tf.train.adam(learningRate, config.beta1, config.beta2, config.epsilon),
};
