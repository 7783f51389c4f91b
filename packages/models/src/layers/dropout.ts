/**
 * Seeded inverted dropout: in training, each activation is kept with probability 1 − rate and
 * scaled by 1/(1 − rate); the mask is drawn from `deriveSeed(seed, 'dropout', step, site)`, so the
 * same step of the same run always drops the same units (tfjs's own dropout has no such seed).
 */
import * as tf from '@tensorflow/tfjs';
import { deriveSeed, seededUniform, type Seed } from '@lrlab/core';

/**
 * Applies dropout in training; returns `x` itself in evaluation or when `rate` is 0.
 *
 * @param x - activations
 * @param rate - probability of dropping a unit, in [0, 1)
 * @param training - whether dropout is active
 * @param seed - the model's root seed
 * @param step - the 0-based training step
 * @param site - which dropout layer this is (0-based, forward order)
 * @returns the activations with dropout applied
 */
export function seededDropout(x: tf.Tensor, rate: number, training: boolean, seed: Seed, step: number, site: number): tf.Tensor {
  if (!training || rate === 0) return x;
  const draws = seededUniform(x.shape, deriveSeed(seed, 'dropout', step, site));
  const keep = tf.cast(tf.greaterEqual(draws, rate), 'float32');
  return tf.mul(x, tf.mul(keep, 1 / (1 - rate)));
}
