import * as tf from '@tensorflow/tfjs';
import type { OptimizerKindEntry } from './kind';

/** Plain SGD: w ← w − lr·g. */
export interface SgdConfig {
  /** The update rule. */
  readonly kind: 'sgd';
}

/** The `sgd` optimizer kind: `tf.train.sgd(lr)`. */
export const sgdKind: OptimizerKindEntry<SgdConfig, Required<SgdConfig>> = {
  description: 'plain SGD: w ← w − lr·g',
  fields: {},
  resolve: () => ({ kind: 'sgd' }),
  build: (_config, { learningRate }) => tf.train.sgd(learningRate),
};
