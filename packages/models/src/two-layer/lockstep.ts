/** The two-layer network's lockstep forward pass: {@link createTwoLayerNet}'s forward over a leading run axis. */
import * as tf from '@tensorflow/tfjs';
import { activate } from '../layers/activation';
import { denseStacked } from '../layers/dense-stacked';
import type { LockstepForward } from '../lockstep/lockstep-kind';
import type { ResolvedTwoLayerConfig } from './config';
import { TWO_LAYER_NOISE_SITE } from './model';

/** Pre-activations (split or not), each run's noise, the activation and the output layer, for K runs. */
export const twoLayerLockstep: LockstepForward<ResolvedTwoLayerConfig> = (config, x, variables, context) => {
  const { split, inputSize } = config;
  const bias = variables['hidden/bias'];
  let preactivations: tf.Tensor;
  if (split === null) {
    preactivations = denseStacked(x, variables['hidden/kernel']!, bias);
  } else {
    const [runs, batch] = x.shape as [number, number];
    const h1 = denseStacked(tf.slice(x, [0, 0, 0], [runs, batch, split.at]), variables['hidden.x1/kernel']!);
    const h2 = denseStacked(tf.slice(x, [0, 0, split.at], [runs, batch, inputSize - split.at]), variables['hidden.x2/kernel']!);
    const h = tf.concat([h1, h2], 2);
    preactivations = bias === undefined ? h : tf.add(h, tf.expandDims(bias, 1));
  }
  const hidden = activate(config.activation, context.noise(preactivations, TWO_LAYER_NOISE_SITE));
  return tf.matMul(hidden as tf.Tensor3D, variables['output/kernel']! as tf.Tensor3D);
};
