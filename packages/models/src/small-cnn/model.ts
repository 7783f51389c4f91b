/**
 * The small CNN: per layer conv3×3 (padding 1 on every side) → BN → noise → ReLU, the first at
 * stride 1 and the rest at stride 2; then global average pooling and a dense classifier.
 * Initialisation as the WideResNet's.
 */
import * as tf from '@tensorflow/tfjs';
import { checkSeed, type NoiseSite, type Seed } from '@lrlab/core';
import { assembleModel } from '../assemble';
import { outputUnitsFor } from '../config-checks';
import type { ForwardContext } from '../forward-context';
import { batchNormRelu, createBatchNorm, passBatchNormSettings, type BatchNormVariables } from '../layers/batch-norm';
import { referenceConv2d } from '../layers/conv';
import { dense } from '../layers/dense';
import { seededDropout } from '../layers/dropout';
import { convKernelInit, denseKernelInit } from '../layers/init';
import type { Model } from '../model';
import { claimModelName, VariableStore } from '../variables';
import { resolveSmallCnnConfig, type ResolvedSmallCnnConfig, type SmallCnnConfig } from './config';

interface ConvLayer {
  readonly kernel: tf.Variable;
  readonly bn: BatchNormVariables;
  readonly stride: number;
  readonly site: NoiseSite;
}

/**
 * Builds the small CNN.
 *
 * Variables, in forward order: per layer i `layer<i>/conv/kernel`, `layer<i>/bn/{gamma, beta,
 * runningMean, runningVariance}`; then `head/dense/kernel`, `head/dense/bias`.
 * Noise sites: `layer<i>/bn`, one per layer. Observed activations: `layer<i>`, `features`.
 *
 * @param config - the config
 * @param seed - the root seed
 * @param name - the instance name; default `small-cnn-<n>`
 * @returns the model
 * @throws ConfigError for an invalid config or a name in use
 * @example
 * ```ts
 * const cnn = buildSmallCnn({ kind: 'small-cnn' }, 1); // 28×28×1 in, 10 logits out
 * ```
 */
export function buildSmallCnn(config: SmallCnnConfig | ResolvedSmallCnnConfig, seed: Seed, name?: string): Model<ResolvedSmallCnnConfig> {
  return createSmallCnn(resolveSmallCnnConfig(config), seed, name);
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
export function createSmallCnn(resolved: ResolvedSmallCnnConfig, seed: Seed, name?: string): Model<ResolvedSmallCnnConfig> {
  checkSeed('seed', seed);
  const outputUnits = outputUnitsFor(resolved.numClasses);
  const store = new VariableStore(claimModelName('small-cnn', name));
  try {
    let inChannels = resolved.inputShape[2];
    const layers: ConvLayer[] = resolved.channels.map((outChannels, i) => {
      const path = `layer${i}`;
      const kernel = store.add(`${path}/conv/kernel`, convKernelInit([3, 3, inChannels, outChannels], seed, `${path}/conv/kernel`), 'trainable');
      const bn = createBatchNorm(store, `${path}/bn`, outChannels);
      inChannels = outChannels;
      return { kernel, bn, stride: i === 0 ? 1 : 2, site: { index: i, name: `${path}/bn` } };
    });
    const denseKernel = store.add('head/dense/kernel', denseKernelInit([inChannels, outputUnits], seed, 'head/dense/kernel'), 'trainable');
    const denseBias = store.add('head/dense/bias', tf.zeros([outputUnits]), 'trainable');

    const forward = (x: tf.Tensor, context: ForwardContext): tf.Tensor2D => {
      const settings = passBatchNormSettings(resolved.batchNorm, context);
      let h = x as tf.Tensor4D;
      layers.forEach((layer, i) => {
        h = referenceConv2d(h, layer.kernel as tf.Tensor4D, layer.stride);
        h = batchNormRelu(h, layer.bn, context.training, settings, (y) => context.noise(y, layer.site) as tf.Tensor4D);
        if (i < layers.length - 1) h = seededDropout(h, resolved.dropout, context.training, context.seed, context.step, i) as tf.Tensor4D;
        context.observe(`layer${i}`, h);
      });
      const pooled = tf.mean(h, [1, 2]) as tf.Tensor2D;
      context.observe('features', pooled);
      return dense(pooled, denseKernel, denseBias);
    };

    return assembleModel(store.name, {
      config: resolved,
      seed,
      store,
      inputShape: resolved.inputShape,
      outputUnits,
      noiseSites: layers.map((layer) => layer.site),
      forward,
    });
  } catch (error) {
    store.dispose();
    throw error;
  }
}
