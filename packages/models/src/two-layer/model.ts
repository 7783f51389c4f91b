/**
 * The theory's two-layer network (SPEC §1; Li, Wei & Ma 2019, §3):
 * f(x) = Σ_j a_j · act(⟨w_j, x⟩ + b_j), with pre-activation noise on every hidden unit.
 *
 * Antisymmetric pairs put units 2i and 2i+1 side by side with the same w and opposite a. The
 * products a·act(h) of a pair are then exact negatives, and any summation that adds neighbours in
 * order (the cpu backend's matrix product does) returns exactly 0 after each pair: f ≡ 0 at
 * initialisation to the bit, not just in expectation.
 */
import * as tf from '@tensorflow/tfjs';
import { checkSeed, fillNormal, Prng, sign, type NoiseSite, type Seed } from '@lrlab/core';
import { assembleModel } from '../assemble';
import { outputUnitsFor } from '../config-checks';
import type { ForwardContext } from '../forward-context';
import { activate } from '../layers/activation';
import { dense } from '../layers/dense';
import { initSeed } from '../layers/init';
import type { Model } from '../model';
import { claimModelName, VariableStore } from '../variables';
import { resolveTwoLayerConfig, type ResolvedTwoLayerConfig, type TwoLayerConfig } from './config';

/** The one noise site of the two-layer net: every hidden pre-activation. */
export const TWO_LAYER_NOISE_SITE: NoiseSite = Object.freeze({ index: 0, name: 'hidden' });

/** First-layer weights [inputs, units] ~ N(0, std²); with pairs, columns 2i and 2i+1 are equal. */
function firstLayer(inputs: number, units: number, std: number, antisymmetric: boolean, seed: Seed, path: string): tf.Tensor {
  const rng = Prng.fromSeed(initSeed(seed, path));
  const distinct = antisymmetric ? units / 2 : units;
  const draws = fillNormal(rng, new Float32Array(inputs * distinct), 0, std);
  if (!antisymmetric) return tf.tensor2d(draws, [inputs, units]);
  const values = new Float32Array(inputs * units);
  for (let i = 0; i < inputs; i++) {
    for (let j = 0; j < distinct; j++) {
      const w = draws[i * distinct + j]!;
      values[i * units + 2 * j] = w;
      values[i * units + 2 * j + 1] = w;
    }
  }
  return tf.tensor2d(values, [inputs, units]);
}

/** Second-layer weights [units, outputs] = ±scale; with pairs, rows 2i and 2i+1 are opposite. */
function secondLayer(units: number, outputs: number, scale: number, antisymmetric: boolean, seed: Seed, path: string): tf.Tensor {
  const rng = Prng.fromSeed(initSeed(seed, path));
  const values = new Float32Array(units * outputs);
  if (antisymmetric) {
    for (let j = 0; j < units; j += 2) {
      for (let c = 0; c < outputs; c++) {
        const a = sign(rng) * scale;
        values[j * outputs + c] = a;
        values[(j + 1) * outputs + c] = -a;
      }
    }
  } else {
    for (let i = 0; i < values.length; i++) values[i] = sign(rng) * scale;
  }
  return tf.tensor2d(values, [units, outputs]);
}

/**
 * Builds the two-layer network.
 *
 * Variables: `hidden/kernel` `[d, m]` (or `hidden.x1/kernel` `[at, m₁]` and `hidden.x2/kernel`
 * `[d − at, m₂]` in the split form), `hidden/bias` `[m]` when `bias`, and `output/kernel`
 * `[m, outputUnits]` (trainable only with `trainSecondLayer`; otherwise fixed).
 * One noise site, `hidden` (index 0): the pre-activations `[batch, m]`, so injectors that draw
 * i.i.d. noise per element reach every hidden unit of every example.
 * Observed activations: `hidden` (after the activation).
 *
 * @param config - the config
 * @param seed - the root seed
 * @param name - the instance name; default `two-layer-<n>`
 * @returns the model
 * @throws ConfigError for an invalid config or a name in use
 * @example
 * ```ts
 * const net = buildTwoLayerNet({ kind: 'two-layer', inputSize: 4, width: 6 }, 1);
 * net.apply(tf.ones([3, 4]), { training: false, step: 0 }); // [[0], [0], [0]] exactly
 * ```
 */
export function buildTwoLayerNet(config: TwoLayerConfig | ResolvedTwoLayerConfig, seed: Seed, name?: string): Model<ResolvedTwoLayerConfig> {
  return createTwoLayerNet(resolveTwoLayerConfig(config), seed, name);
}

/**
 * Builds the model from a resolved config (what the registry entry's `build` calls: the config is resolved
 * once, by `resolveModelConfig` or `buildModel`).
 *
 * @param resolved - the resolved config
 * @param seed - the root seed
 * @param name - the instance name, or undefined for an automatic one
 * @returns the model
 * @throws ConfigError for an invalid seed or a name in use
 */
export function createTwoLayerNet(resolved: ResolvedTwoLayerConfig, seed: Seed, name?: string): Model<ResolvedTwoLayerConfig> {
  checkSeed('seed', seed);
  const { inputSize, width, bias, antisymmetric, firstLayerStd, split } = resolved;
  const outputUnits = outputUnitsFor(resolved.numClasses);
  const store = new VariableStore(claimModelName('two-layer', name));
  try {
    const kernels = split
      ? [
          store.add('hidden.x1/kernel', firstLayer(split.at, split.x1Units, firstLayerStd, antisymmetric, seed, 'hidden.x1/kernel'), 'trainable'),
          store.add('hidden.x2/kernel', firstLayer(inputSize - split.at, width - split.x1Units, firstLayerStd, antisymmetric, seed, 'hidden.x2/kernel'), 'trainable'),
        ]
      : [store.add('hidden/kernel', firstLayer(inputSize, width, firstLayerStd, antisymmetric, seed, 'hidden/kernel'), 'trainable')];
    const hiddenBias = bias ? store.add('hidden/bias', tf.zeros([width]), 'trainable') : undefined;
    const output = store.add(
      'output/kernel',
      secondLayer(width, outputUnits, resolved.secondLayerScale, antisymmetric, seed, 'output/kernel'),
      resolved.trainSecondLayer ? 'trainable' : 'fixed',
    );

    const preactivations = (x: tf.Tensor2D): tf.Tensor2D => {
      const [k1, k2] = kernels as [tf.Variable, tf.Variable?];
      if (split === null || k2 === undefined) return dense(x, k1, hiddenBias);
      const batch = x.shape[0];
      const h1 = dense(tf.slice(x, [0, 0], [batch, split.at]), k1);
      const h2 = dense(tf.slice(x, [0, split.at], [batch, inputSize - split.at]), k2);
      const h = tf.concat([h1, h2], 1);
      return hiddenBias === undefined ? h : tf.add(h, hiddenBias);
    };

    const forward = (x: tf.Tensor, context: ForwardContext): tf.Tensor2D => {
      const h = context.noise(preactivations(x as tf.Tensor2D), TWO_LAYER_NOISE_SITE);
      const hidden = activate(resolved.activation, h) as tf.Tensor2D;
      context.observe('hidden', hidden);
      return tf.matMul<tf.Tensor2D>(hidden, output);
    };

    return assembleModel(store.name, {
      config: resolved,
      seed,
      store,
      inputShape: [inputSize],
      outputUnits,
      noiseSites: [TWO_LAYER_NOISE_SITE],
      forward,
    });
  } catch (error) {
    store.dispose();
    throw error;
  }
}
