/**
 * One pre-activation residual block of the reference WideResNet (`BasicBlock`):
 *
 *   a   = relu(noise(bn1(x)))
 *   out = conv3×3(a, stride) → relu(noise(bn2(·))) → dropout → conv3×3(·, 1)
 *   y   = out + (projection ? conv1×1(a, stride) : x)
 *
 * As in the reference, a projection shortcut takes the *activated* input a, an identity shortcut
 * the raw input x. Every 3×3 convolution pads 1 on every side, also at stride 2.
 */
import * as tf from '@tensorflow/tfjs';
import type { NoiseSite, Seed } from '@lrlab/core';
import type { ForwardContext } from '../forward-context';
import { batchNormRelu, createBatchNorm, type BatchNormSettings, type BatchNormVariables } from '../layers/batch-norm';
import { referenceConv2d } from '../layers/conv';
import { seededDropout } from '../layers/dropout';
import { convKernelInit } from '../layers/init';
import type { VariableStore } from '../variables';
import type { WideResNetBlockLayout } from './layout';

/** A block's variables and the sites it uses. */
export interface Block {
  /** The block's layout. */
  readonly layout: WideResNetBlockLayout;
  /** Batch norm before the first convolution. */
  readonly bn1: BatchNormVariables;
  /** The first 3×3 kernel `[3, 3, in, out]`. */
  readonly conv1: tf.Variable;
  /** Batch norm before the second convolution. */
  readonly bn2: BatchNormVariables;
  /** The second 3×3 kernel `[3, 3, out, out]`. */
  readonly conv2: tf.Variable;
  /** The 1×1 projection `[1, 1, in, out]`, when the shape changes. */
  readonly shortcut: tf.Variable | undefined;
  /** Noise sites after bn1 and after bn2. */
  readonly sites: readonly [NoiseSite, NoiseSite];
  /** The index of this block's dropout site. */
  readonly dropoutSite: number;
}

/**
 * Creates a block's variables, in forward order.
 *
 * @param store - the model's variable store
 * @param layout - the block's layout
 * @param seed - the model's root seed
 * @param firstSite - the index of the block's first noise site (the second is the next)
 * @param dropoutSite - the index of the block's dropout site
 * @returns the block
 */
export function createBlock(store: VariableStore, layout: WideResNetBlockLayout, seed: Seed, firstSite: number, dropoutSite: number): Block {
  const { path, inChannels: cin, outChannels: cout } = layout;
  const kernel = (name: string, shape: [number, number, number, number]) => store.add(`${path}/${name}/kernel`, convKernelInit(shape, seed, `${path}/${name}/kernel`), 'trainable');
  const bn1 = createBatchNorm(store, `${path}/bn1`, cin);
  const conv1 = kernel('conv1', [3, 3, cin, cout]);
  const bn2 = createBatchNorm(store, `${path}/bn2`, cout);
  const conv2 = kernel('conv2', [3, 3, cout, cout]);
  const shortcut = layout.projection ? kernel('shortcut', [1, 1, cin, cout]) : undefined;
  const sites: [NoiseSite, NoiseSite] = [
    { index: firstSite, name: `${path}/bn1` },
    { index: firstSite + 1, name: `${path}/bn2` },
  ];
  return { layout, bn1, conv1, bn2, conv2, shortcut, sites, dropoutSite };
}

/**
 * The block's forward pass.
 *
 * @param x - input `[batch, h, w, in]`
 * @param block - the block
 * @param context - the forward context
 * @param settings - batch-norm momentum and epsilon
 * @param dropout - the dropout rate
 * @returns `[batch, h', w', out]`
 */
export function applyBlock(x: tf.Tensor4D, block: Block, context: ForwardContext, settings: BatchNormSettings, dropout: number): tf.Tensor4D {
  const { training } = context;
  const stride = block.layout.stride;
  const activated = batchNormRelu(x, block.bn1, training, settings, (y) => context.noise(y, block.sites[0]) as tf.Tensor4D);
  const residual = block.shortcut === undefined ? x : referenceConv2d(activated, block.shortcut as tf.Tensor4D, stride);
  let out = referenceConv2d(activated, block.conv1 as tf.Tensor4D, stride);
  out = batchNormRelu(out, block.bn2, training, settings, (y) => context.noise(y, block.sites[1]) as tf.Tensor4D);
  out = seededDropout(out, dropout, training, context.seed, context.step, block.dropoutSite) as tf.Tensor4D;
  out = referenceConv2d(out, block.conv2 as tf.Tensor4D, 1);
  return tf.add(residual, out);
}
