/**
 * Initialisers, each drawing from a seed derived from the model's seed and the variable's logical
 * path, `deriveSeed(seed, 'init', path)`: adding a variable never changes the draws of the others,
 * and the same seed gives the same weights on every backend.
 */
import type * as tf from '@tensorflow/tfjs';
import { deriveSeed, seededNormal, seededUniform, type Seed } from '@lrlab/core';

/**
 * The seed of a variable's initial value.
 *
 * @param seed - the model's root seed
 * @param path - the variable's logical path
 * @returns `deriveSeed(seed, 'init', path)`
 */
export function initSeed(seed: Seed, path: string): Seed {
  return deriveSeed(seed, 'init', path);
}

/**
 * A conv kernel `[k, k, in, out]` drawn from N(0, 2/(k·k·out)), the WideResNet reference
 * (He et al. 2015 with fan-out, as `m.weight.data.normal_(0, math.sqrt(2. / n))`).
 *
 * @param shape - `[k, k, in, out]`
 * @param seed - the model's root seed
 * @param path - the variable's logical path
 * @returns a new tensor
 */
export function convKernelInit(shape: readonly [number, number, number, number], seed: Seed, path: string): tf.Tensor {
  const [kh, kw, , out] = shape;
  return seededNormal(shape, initSeed(seed, path), { std: Math.sqrt(2 / (kh * kw * out)) });
}

/**
 * A dense kernel `[in, out]` drawn from U(−1/√in, 1/√in), PyTorch's `nn.Linear` default
 * (kaiming-uniform with a = √5), which the WideResNet reference keeps for its classifier.
 *
 * @param shape - `[in, out]`
 * @param seed - the model's root seed
 * @param path - the variable's logical path
 * @returns a new tensor
 */
export function denseKernelInit(shape: readonly [number, number], seed: Seed, path: string): tf.Tensor {
  const bound = 1 / Math.sqrt(shape[0]);
  return seededUniform(shape, initSeed(seed, path), { low: -bound, high: bound });
}
