/**
 * The pre-activation WideResNet-d-k of the paper's reference code:
 * stem conv3×3 (16) → 3 groups of (d − 4)/6 blocks (16k, 32k, 64k channels; strides 1, 2, 2)
 * → BN → noise → ReLU → global average pool → dense. No conv bias; conv kernels N(0, 2/(k·k·out));
 * BN γ = 1, β = 0; dense weight U(±1/√fan_in), bias 0.
 */
import * as tf from '@tensorflow/tfjs';
import { checkSeed, type NoiseSite, type Seed } from '@lrlab/core';
import { assembleModel } from '../assemble';
import type { ForwardContext } from '../forward-context';
import { batchNormRelu, createBatchNorm, passBatchNormSettings } from '../layers/batch-norm';
import { referenceConv2d } from '../layers/conv';
import { dense } from '../layers/dense';
import { convKernelInit, denseKernelInit } from '../layers/init';
import type { Model } from '../model';
import { claimModelName, VariableStore } from '../variables';
import { applyBlock, createBlock, type Block } from './block';
import { resolveWideResNetConfig, type ResolvedWideResNetConfig, type WideResNetConfig } from './config';
import { wideResNetLayout } from './layout';

/**
 * Builds a WideResNet.
 *
 * Variables, in forward order: `stem/conv/kernel`; per block `block<g>.<i>/bn1/{gamma, beta,
 * runningMean, runningVariance}`, `…/conv1/kernel`, `…/bn2/…`, `…/conv2/kernel` and
 * `…/shortcut/kernel` where the shape changes; `head/bn/…`, `head/dense/kernel`, `head/dense/bias`.
 * Noise sites: `block<g>.<i>/bn1`, `block<g>.<i>/bn2` for every block, then `head/bn`
 * (13 for depth 16). Observed activations: `stem`, `block1`, `block2`, `block3`, `features`.
 *
 * @param config - the config
 * @param seed - the root seed
 * @param name - the instance name; default `wide-resnet-<n>`
 * @returns the model
 * @throws ConfigError for an invalid config or a name in use
 * @example
 * ```ts
 * const wrn = buildWideResNet({ kind: 'wide-resnet', depth: 16, widthFactor: 10 }, 1);
 * wrn.parameterCount(); // 17116634, as the PyTorch reference
 * wrn.noiseSites.length; // 13
 * ```
 */
export function buildWideResNet(config: WideResNetConfig | ResolvedWideResNetConfig, seed: Seed, name?: string): Model<ResolvedWideResNetConfig> {
  return createWideResNet(resolveWideResNetConfig(config), seed, name);
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
export function createWideResNet(resolved: ResolvedWideResNetConfig, seed: Seed, name?: string): Model<ResolvedWideResNetConfig> {
  checkSeed('seed', seed);
  const layout = wideResNetLayout(resolved);
  const inputChannels = resolved.inputShape[2];
  const outputUnits = layout.stages[layout.stages.length - 1]!.shape[0]!;
  const store = new VariableStore(claimModelName('wide-resnet', name));
  try {
    const stem = store.add('stem/conv/kernel', convKernelInit([3, 3, inputChannels, 16], seed, 'stem/conv/kernel'), 'trainable');
    const blocks: Block[] = layout.blocks.map((blockLayout, i) => createBlock(store, blockLayout, seed, 2 * i, i));
    const features = layout.widths[3];
    const headBn = createBatchNorm(store, 'head/bn', features);
    const headSite: NoiseSite = { index: 2 * blocks.length, name: 'head/bn' };
    const denseKernel = store.add('head/dense/kernel', denseKernelInit([features, outputUnits], seed, 'head/dense/kernel'), 'trainable');
    const denseBias = store.add('head/dense/bias', tf.zeros([outputUnits]), 'trainable');

    const forward = (x: tf.Tensor, context: ForwardContext): tf.Tensor2D => {
      const settings = passBatchNormSettings(resolved.batchNorm, context);
      let h = referenceConv2d(x as tf.Tensor4D, stem as tf.Tensor4D, 1);
      context.observe('stem', h);
      blocks.forEach((block, i) => {
        h = applyBlock(h, block, context, settings, resolved.dropout);
        const group = block.layout.group;
        if (blocks[i + 1]?.layout.group !== group) context.observe(`block${group}`, h);
      });
      const activated = batchNormRelu(h, headBn, context.training, settings, (y) => context.noise(y, headSite) as tf.Tensor4D);
      const pooled = tf.mean(activated, [1, 2]) as tf.Tensor2D;
      context.observe('features', pooled);
      return dense(pooled, denseKernel, denseBias);
    };

    return assembleModel(store.name, {
      config: resolved,
      seed,
      store,
      inputShape: resolved.inputShape,
      outputUnits,
      noiseSites: [...blocks.flatMap((b) => b.sites), headSite],
      forward,
    });
  } catch (error) {
    store.dispose();
    throw error;
  }
}
