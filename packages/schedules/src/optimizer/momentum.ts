import * as tf from '@tensorflow/tfjs';
import { at } from '../lr/values';
import { checkRate, orDefault, type OptimizerKindEntry } from './kind';

/**
 * SGD with heavy-ball (`momentum`) or Nesterov (`nesterov`) momentum, as PyTorch's `SGD` without
 * dampening: buf ← μ·buf + g, then w ← w − lr·buf (heavy ball) or w ← w − lr·(g + μ·buf) (Nesterov).
 */
export interface MomentumConfig {
  /** The update rule. */
  readonly kind: 'momentum' | 'nesterov';
  /** The momentum μ, in [0, 1); default 0.9. */
  readonly momentum?: number;
}

/** The `momentum` or `nesterov` kind: `tf.train.momentum(lr, μ, useNesterov)`. */
function momentumKind(kind: MomentumConfig['kind']): OptimizerKindEntry<MomentumConfig, Required<MomentumConfig>> {
  return {
    description: kind === 'nesterov' ? 'SGD with Nesterov momentum (PyTorch SGD, nesterov=True, no dampening)' : 'SGD with heavy-ball momentum (PyTorch SGD, no dampening)',
    fields: { momentum: 'the momentum μ, in [0, 1); default 0.9' },
    resolve: (config, path) => ({ kind, momentum: checkRate(at(path, 'momentum'), orDefault(config.momentum, 0.9)) }),
    build: (config, { learningRate }) => tf.train.momentum(learningRate, config.momentum, kind === 'nesterov'),
  };
}

/** The `momentum` optimizer kind (heavy ball). */
export const heavyBallKind = momentumKind('momentum');

/** The `nesterov` optimizer kind. */
export const nesterovKind = momentumKind('nesterov');
