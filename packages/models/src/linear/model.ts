/** The linear model: logistic regression (or softmax regression) on a range of input coordinates. */
import * as tf from '@tensorflow/tfjs';
import { checkSeed, seededNormal, type Seed } from '@lrlab/core';
import { assembleModel } from '../assemble';
import { outputUnitsFor } from '../config-checks';
import { dense } from '../layers/dense';
import { initSeed } from '../layers/init';
import type { Model } from '../model';
import { claimModelName, VariableStore } from '../variables';
import { resolveLinearConfig, type LinearConfig, type ResolvedLinearConfig } from './config';

/**
 * Builds the linear model f(x) = ⟨w, x[start, end)⟩ + b.
 *
 * Variables: `linear/kernel` `[end − start, outputUnits]`, `linear/bias` `[outputUnits]` when
 * `bias`. No noise sites. Observed activations: `features` (the selected coordinates).
 *
 * @param config - the config
 * @param seed - the root seed (used only when `initStd` > 0)
 * @param name - the instance name; default `linear-<n>`
 * @returns the model
 * @throws ConfigError for an invalid config or a name in use
 * @example
 * ```ts
 * const baseline = buildLinearModel({ kind: 'linear', inputSize: 2002, features: [0, 2000] }, 1);
 * baseline.parameterCount(); // 2001
 * ```
 */
export function buildLinearModel(config: LinearConfig | ResolvedLinearConfig, seed: Seed, name?: string): Model<ResolvedLinearConfig> {
  return createLinearModel(resolveLinearConfig(config), seed, name);
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
export function createLinearModel(resolved: ResolvedLinearConfig, seed: Seed, name?: string): Model<ResolvedLinearConfig> {
  checkSeed('seed', seed);
  const [start, end] = resolved.features;
  const outputUnits = outputUnitsFor(resolved.numClasses);
  const store = new VariableStore(claimModelName('linear', name));
  try {
    const kernelShape: [number, number] = [end - start, outputUnits];
    const initial = resolved.initStd > 0 ? seededNormal(kernelShape, initSeed(seed, 'linear/kernel'), { std: resolved.initStd }) : tf.zeros(kernelShape);
    const kernel = store.add('linear/kernel', initial, 'trainable');
    const bias = resolved.bias ? store.add('linear/bias', tf.zeros([outputUnits]), 'trainable') : undefined;
    const selectsAll = start === 0 && end === resolved.inputSize;
    return assembleModel(store.name, {
      config: resolved,
      seed,
      store,
      inputShape: [resolved.inputSize],
      outputUnits,
      noiseSites: [],
      forward: (x, context) => {
        const features = selectsAll ? (x as tf.Tensor2D) : tf.slice(x as tf.Tensor2D, [0, start], [x.shape[0]!, end - start]);
        context.observe('features', features);
        return dense(features, kernel, bias);
      },
    });
  } catch (error) {
    store.dispose();
    throw error;
  }
}
