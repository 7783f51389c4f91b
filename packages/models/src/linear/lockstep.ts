/** The linear model's lockstep forward pass: {@link createLinearModel}'s forward over a leading run axis. */
import * as tf from '@tensorflow/tfjs';
import { denseStacked } from '../layers/dense-stacked';
import type { LockstepForward } from '../lockstep/lockstep-kind';
import type { ResolvedLinearConfig } from './config';

/** ⟨w_k, x_k[start, end)⟩ + b_k for K runs. */
export const linearLockstep: LockstepForward<ResolvedLinearConfig> = (config, x, variables) => {
  const [start, end] = config.features;
  const [runs, batch] = x.shape as [number, number];
  const features = start === 0 && end === config.inputSize ? x : tf.slice(x, [0, 0, start], [runs, batch, end - start]);
  return denseStacked(features, variables['linear/kernel']!, variables['linear/bias']);
};
