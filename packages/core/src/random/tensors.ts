/**
 * Seeded tfjs random tensors. The values are drawn in JavaScript by {@link Prng}, not by tfjs's
 * own random ops, so the same seed gives bit-identical tensors on every backend (tfjs's
 * `randomNormal` treats seed 0 as "unseeded" and its streams differ between versions).
 */
import * as tf from '@tensorflow/tfjs';
import { checkInteger } from '../check';
import { Prng } from './prng';
import { fillNormal, fillUniform } from './sample';
import type { Seed } from './seed';

function sizeOf(shape: readonly number[]): number {
  return shape.reduce((size, dim, i) => size * checkInteger(`shape[${i}]`, dim, { min: 0 }), 1);
}

/** Options of {@link seededNormal}. */
export interface NormalTensorOptions {
  /** Mean of the distribution; default 0. */
  readonly mean?: number;
  /** Standard deviation; default 1. */
  readonly std?: number;
}

/**
 * Makes a float32 tensor of independent N(mean, std²) draws.
 *
 * @param shape - the tensor's shape
 * @param seed - the seed (usually from {@link deriveSeed})
 * @param options - mean and standard deviation
 * @returns a new tensor (the caller disposes it)
 * @example
 * ```ts
 * const w = seededNormal([784, 200], deriveSeed(seed, 'model', 'w1'), { std: 0.5 });
 * ```
 */
export function seededNormal(shape: readonly number[], seed: Seed, options: NormalTensorOptions = {}): tf.Tensor {
  const values = fillNormal(Prng.fromSeed(seed), new Float32Array(sizeOf(shape)), options.mean ?? 0, options.std ?? 1);
  return tf.tensor(values, [...shape], 'float32');
}

/** Options of {@link seededUniform}. */
export interface UniformTensorOptions {
  /** Inclusive lower end; default 0. */
  readonly low?: number;
  /** Exclusive upper end; default 1. */
  readonly high?: number;
}

/**
 * Makes a float32 tensor of independent uniform draws from [low, high).
 *
 * @param shape - the tensor's shape
 * @param seed - the seed (usually from {@link deriveSeed})
 * @param options - the interval
 * @returns a new tensor (the caller disposes it)
 */
export function seededUniform(shape: readonly number[], seed: Seed, options: UniformTensorOptions = {}): tf.Tensor {
  const values = fillUniform(Prng.fromSeed(seed), new Float32Array(sizeOf(shape)), options.low ?? 0, options.high ?? 1);
  return tf.tensor(values, [...shape], 'float32');
}
