/**
 * Turns a forward function and its variables into a {@link Model}: the input and option checks,
 * the tidy scope, the loss, the parameter count, save/load and disposal are the same for every
 * architecture, so they live here once.
 */
import * as tf from '@tensorflow/tfjs';
import { ConfigError, checkInteger, formatValue, type KindConfig, type NoiseSite, type Seed } from '@lrlab/core';
import { forwardContext, type ForwardContext } from './forward-context';
import { classificationLoss } from './loss';
import type { ApplyOptions, Model } from './model';
import { assignWeights, encodeWeights } from './weights';
import type { VariableStore } from './variables';

/**
 * What an architecture provides to {@link assembleModel}.
 *
 * @typeParam Config - the model's resolved config
 */
export interface ModelParts<Config extends KindConfig = KindConfig> {
  /** The resolved config. */
  readonly config: Config;
  /** The root seed. */
  readonly seed: Seed;
  /** The variables, already created. */
  readonly store: VariableStore;
  /** Shape of one example. */
  readonly inputShape: readonly number[];
  /** Number of logits. */
  readonly outputUnits: number;
  /** The noise sites, indices 0, 1, 2, ... in forward order. */
  readonly noiseSites: readonly NoiseSite[];
  /**
   * The forward pass, called inside `tf.tidy` with checked input.
   *
   * @param x - inputs `[batch, ...inputShape]`
   * @param context - mode, step, noise hook and observer
   * @returns logits `[batch, outputUnits]`
   */
  forward(x: tf.Tensor, context: ForwardContext): tf.Tensor2D;
}

function checkInput(x: unknown, inputShape: readonly number[]): tf.Tensor {
  const expected = `a float32 tensor of shape [batch, ${inputShape.join(', ')}] with batch ≥ 1`;
  if (!(x instanceof tf.Tensor)) throw new ConfigError('x', x, expected);
  const fits = x.dtype === 'float32' && x.rank === inputShape.length + 1 && x.shape[0]! >= 1 && inputShape.every((d, i) => x.shape[i + 1] === d);
  if (!fits) throw new ConfigError('x.shape', `${x.dtype} [${x.shape.join(', ')}]`, expected);
  return x;
}

function checkOptions(options: ApplyOptions): void {
  if (typeof options !== 'object' || options === null) throw new ConfigError('options', options, 'an object { training, step, noise? }');
  if (typeof options.training !== 'boolean') throw new ConfigError('options.training', options.training, 'true or false');
  checkInteger('options.step', options.step, { min: 0 });
  if (options.noise !== undefined && typeof options.noise?.apply !== 'function') {
    throw new ConfigError('options.noise', options.noise, 'a NoiseInjector (an object with an apply method) or undefined');
  }
  if (options.onActivation !== undefined && typeof options.onActivation !== 'function') {
    throw new ConfigError('options.onActivation', options.onActivation, 'a function or undefined');
  }
  if (options.batchNormMomentum !== undefined && !(typeof options.batchNormMomentum === 'number' && options.batchNormMomentum > 0 && options.batchNormMomentum <= 1)) {
    throw new ConfigError('options.batchNormMomentum', options.batchNormMomentum, 'a number in (0, 1], or undefined for the model\'s momentum');
  }
}

/**
 * Assembles a model from its parts: what a kind's `build` returns, built-in or a user's. The
 * model checks its input and options, runs the forward pass in `tf.tidy`, picks the loss from
 * `outputUnits`, and saves, loads and disposes every variable of `parts.store`.
 *
 * @param name - the instance name (the prefix of the variable names: `parts.store.name`)
 * @param parts - config, seed, variables, shapes, noise sites and the forward pass
 * @returns the model
 * @example
 * ```ts
 * // Inside a kind's build(config, { seed, name }): logistic regression on [batch, d] inputs.
 * const store = new VariableStore(claimModelName(config.kind, name));
 * const kernel = store.add('dense/kernel', tf.zeros([config.inputSize, 1]), 'trainable');
 * return assembleModel(store.name, {
 *   config, seed, store, inputShape: [config.inputSize], outputUnits: 1, noiseSites: [],
 *   forward: (x) => tf.matMul(x as tf.Tensor2D, kernel),
 * });
 * ```
 */
export function assembleModel<Config extends KindConfig>(name: string, parts: ModelParts<Config>): Model<Config> {
  const { config, seed, store, inputShape, outputUnits, noiseSites } = parts;
  const variables = Object.freeze(store.variables.map((v) => Object.freeze({ ...v })));
  const trainableVariables = variables.filter((v) => v.role === 'trainable').map((v) => v.variable);
  const stateVariables = variables.filter((v) => v.role === 'state').map((v) => v.variable);
  let disposed = false;

  const checkLive = (): void => {
    if (disposed) {
      throw new ConfigError('model', name, 'a model that has not been disposed', `Model ${formatValue(name)} was disposed; build a new one with buildModel.`);
    }
  };

  return Object.freeze({
    config,
    seed,
    name,
    inputShape: Object.freeze([...inputShape]),
    outputUnits,
    noiseSites: Object.freeze(noiseSites.map((site) => Object.freeze({ ...site }))),
    variables,
    trainableVariables: Object.freeze(trainableVariables),
    stateVariables: Object.freeze(stateVariables),
    apply(x: tf.Tensor, options: ApplyOptions): tf.Tensor2D {
      checkLive();
      checkOptions(options);
      const input = checkInput(x, inputShape);
      const context = forwardContext(options.training, options.step, seed, options.noise, options.onActivation, options.batchNormMomentum);
      return tf.tidy(() => parts.forward(input, context));
    },
    loss(logits: tf.Tensor, labels: tf.Tensor): tf.Scalar {
      return classificationLoss(outputUnits, logits, labels);
    },
    parameterCount(): number {
      return trainableVariables.reduce((total, v) => total + v.size, 0);
    },
    saveWeights() {
      checkLive();
      return encodeWeights(config, variables);
    },
    loadWeights(weights) {
      checkLive();
      assignWeights(weights, config, variables);
    },
    dispose(): void {
      if (disposed) return;
      disposed = true;
      store.dispose();
    },
  } satisfies Model<Config>);
}
