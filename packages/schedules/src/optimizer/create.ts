import type * as tf from '@tensorflow/tfjs';
import { checkNonNegative } from '@lrlab/core';
import { OPTIMIZERS, resolveOptimizerConfig, type OptimizerConfig } from './config';

/**
 * Builds the tfjs optimizer an {@link OptimizerConfig} describes (after validating it and filling
 * in its defaults), through its kind's entry in {@link OPTIMIZERS}.
 *
 * `tf.train.sgd(lr)`, `tf.train.momentum(lr, μ, useNesterov)`, `tf.train.adam(lr, β₁, β₂, ε)` or
 * `tf.train.rmsprop(lr, ρ, μ, ε, centered)`. To follow a learning-rate schedule, weight decay
 * and checkpoints, wrap it with `bindOptimizer` (or give `bindOptimizer` the config directly).
 *
 * @param config - the optimizer config
 * @param learningRate - the initial learning rate, ≥ 0
 * @returns a new tfjs optimizer; the caller disposes it (a bound optimizer's `dispose()` also
 *   frees the learning-rate scalar that tfjs's `MomentumOptimizer.dispose()` leaves behind)
 * @throws ConfigError naming the invalid field and value
 * @example
 * ```ts
 * const optimizer = createOptimizer({ kind: 'nesterov', momentum: 0.9 }, 0.1);
 * ```
 */
export function createOptimizer(config: OptimizerConfig, learningRate: number): tf.Optimizer {
  const resolved = resolveOptimizerConfig(config);
  const lr = checkNonNegative('learningRate', learningRate);
  return OPTIMIZERS[resolved.kind]!.build(resolved, { learningRate: lr });
}
