/**
 * Every place lrlab reaches past the public tfjs optimizer API, in one file, each with the reason.
 * Checked against @tensorflow/tfjs-core 4.22 (`dist/optimizers/*_optimizer.js`).
 *
 * - The learning rate: SGD and Momentum multiply by a cached scalar `c = −lr` that only
 *   `setLearningRate()` rebuilds (assigning `learningRate` does nothing); Adam and RMSProp have no
 *   setter and read the `learningRate` field on every step.
 * - Adam keeps the running products β₁ᵗ⁺¹, β₂ᵗ⁺¹ in two private scalar variables. `setWeights()`
 *   recomputes them with `pow`, which can differ in the last bit from the repeated products an
 *   uninterrupted run has, so an exact restore sets them too.
 * - `MomentumOptimizer.dispose()` forgets the `c` scalar its SGD parent allocated (one tensor leaked).
 * - SGD and Momentum updates are done here, with core's `sgdStep` (one kernel for all variables
 *   where the backend has it), instead of by their `applyGradients` (up to eight full-size ops per
 *   variable, coupled weight decay included); `sgdStep` computes the same ops to the bit. Momentum
 *   buffers stay in `MomentumOptimizer`'s private `accumulations`, created as it creates them, so
 *   `getWeights()`/`setWeights()` (checkpoints) and `dispose()` work unchanged; the protected
 *   iteration count advances the same way.
 */
import * as tf from '@tensorflow/tfjs';
import { ConfigError, sgdStep } from '@lrlab/core';
import type { OptimizerConfig, OptimizerKind } from './config';

/** The tfjs class names of the optimizers lrlab supports. */
const CLASS_NAMES = ['SGD', 'Momentum', 'Adam', 'RMSProp'] as const;

/** The fields of the tfjs optimizers read or written here (all of them protected or private in the typings). */
interface OptimizerInternals {
  learningRate: number;
  incrementIterations(): void;
  setLearningRate?: (learningRate: number) => void;
  useNesterov?: boolean;
  centered?: boolean;
  c?: tf.Scalar;
  accumulations?: { originalName: string; variable: tf.Variable }[];
  accBeta1?: tf.Variable;
  accBeta2?: tf.Variable;
}

function internals(optimizer: tf.Optimizer): OptimizerInternals {
  return optimizer as unknown as OptimizerInternals;
}

/**
 * The kind of an existing tfjs optimizer, from its class name (and `useNesterov` for Momentum).
 *
 * @param optimizer - a tfjs optimizer
 * @param field - name used in error messages
 * @returns its kind
 * @throws ConfigError for classes other than SGD, Momentum, Adam and RMSProp
 */
export function optimizerKindOf(optimizer: tf.Optimizer, field: string): OptimizerKind {
  const className = optimizer.getClassName();
  switch (className) {
    case 'SGD':
      return 'sgd';
    case 'Momentum':
      return internals(optimizer).useNesterov ? 'nesterov' : 'momentum';
    case 'Adam':
      return 'adam';
    case 'RMSProp':
      return 'rmsprop';
    default:
      throw new ConfigError(
        `${field} (a tfjs optimizer of class ${JSON.stringify(className)})`,
        className,
        `one of the classes ${CLASS_NAMES.join(', ')}`,
        'Pass an OptimizerConfig or a tf.train.sgd/momentum/adam/rmsprop optimizer: lrlab cannot set the learning rate of, or checkpoint, the others exactly.',
      );
  }
}

/**
 * Makes the next `applyGradients` of a tfjs optimizer use `learningRate`.
 *
 * @param optimizer - the optimizer
 * @param kind - its kind, from {@link optimizerKindOf}
 * @param learningRate - the new learning rate
 */
export function setLearningRate(optimizer: tf.Optimizer, kind: OptimizerKind, learningRate: number): void {
  const opt = internals(optimizer);
  if (kind === 'adam' || kind === 'rmsprop') {
    opt.learningRate = learningRate;
  } else {
    // Disposes the previous cached scalar and keeps a new one.
    opt.setLearningRate!(learningRate);
  }
}

/**
 * The number of slot variables a tfjs optimizer keeps per trained variable, in `getWeights()` order.
 *
 * @param optimizer - the optimizer
 * @param kind - its kind
 * @returns 0 (SGD), 1 (momentum buffer), 2 (Adam m, v; RMSProp mean square, moment) or 3 (centered RMSProp, + mean gradient)
 */
export function slotsPerVariable(optimizer: tf.Optimizer, kind: OptimizerKind): number {
  switch (kind) {
    case 'sgd':
      return 0;
    case 'momentum':
    case 'nesterov':
      return 1;
    case 'adam':
      return 2;
    case 'rmsprop':
      return internals(optimizer).centered ? 3 : 2;
  }
}

/** Adam's running products β₁ᵗ⁺¹ and β₂ᵗ⁺¹ (float32 values), which its bias correction divides by. */
export interface AdamPowers {
  /** β₁ raised to the number of steps taken plus one, as tfjs holds it. */
  readonly beta1Power: number;
  /** β₂ raised to the number of steps taken plus one, as tfjs holds it. */
  readonly beta2Power: number;
}

function adamVariables(optimizer: tf.Optimizer): [tf.Variable, tf.Variable] {
  const { accBeta1, accBeta2 } = internals(optimizer);
  if (accBeta1 === undefined || accBeta2 === undefined) {
    throw new Error('tfjs AdamOptimizer has no accBeta1/accBeta2: the tfjs version is not the one this code was checked against (4.22).');
  }
  return [accBeta1, accBeta2];
}

/**
 * Reads Adam's running products β₁ᵗ⁺¹, β₂ᵗ⁺¹.
 *
 * @param optimizer - a tfjs Adam optimizer
 * @returns the two products
 */
export async function readAdamPowers(optimizer: tf.Optimizer): Promise<AdamPowers> {
  const [a, b] = adamVariables(optimizer);
  const [beta1Power, beta2Power] = await Promise.all([a.data(), b.data()]);
  return { beta1Power: beta1Power[0]!, beta2Power: beta2Power[0]! };
}

/**
 * Overwrites Adam's running products β₁ᵗ⁺¹, β₂ᵗ⁺¹ (after `setWeights()`, which recomputes them with `pow`).
 *
 * @param optimizer - a tfjs Adam optimizer
 * @param powers - the saved products
 */
export function writeAdamPowers(optimizer: tf.Optimizer, powers: AdamPowers): void {
  const [a, b] = adamVariables(optimizer);
  tf.tidy(() => {
    a.assign(tf.scalar(powers.beta1Power));
    b.assign(tf.scalar(powers.beta2Power));
  });
}

/**
 * Disposes a tfjs optimizer and every tensor it holds, including the learning-rate scalar that
 * `MomentumOptimizer.dispose()` forgets.
 *
 * @param optimizer - the optimizer
 * @param kind - its kind
 */
export function disposeOptimizer(optimizer: tf.Optimizer, kind: OptimizerKind): void {
  optimizer.dispose();
  if (kind === 'momentum' || kind === 'nesterov') {
    const c = internals(optimizer).c;
    if (c !== undefined && !c.isDisposed) c.dispose();
  }
}

/**
 * The {@link OptimizerConfig} of an existing tfjs optimizer, from its public `getConfig()`
 * (without the learning rate, which the binding's schedule owns).
 *
 * @param optimizer - the optimizer
 * @param kind - its kind
 * @returns its config, to validate and save with a run
 */
export function configOf(optimizer: tf.Optimizer, kind: OptimizerKind): OptimizerConfig {
  const c = optimizer.getConfig() as Readonly<Record<string, unknown>>;
  switch (kind) {
    case 'sgd':
      return { kind };
    case 'momentum':
    case 'nesterov':
      return { kind, momentum: c['momentum'] as number };
    case 'adam':
      return { kind, beta1: c['beta1'] as number, beta2: c['beta2'] as number, epsilon: c['epsilon'] as number };
    case 'rmsprop':
      return {
        kind,
        decay: c['decay'] as number,
        momentum: c['momentum'] as number,
        epsilon: c['epsilon'] as number,
        centered: c['centered'] as boolean,
      };
  }
}

/**
 * One step of SGD, plain or with heavy-ball or Nesterov momentum, with coupled weight decay, for
 * every entry with a gradient, exactly as tfjs's `SGDOptimizer`/`MomentumOptimizer.applyGradients`
 * compute it from the decayed gradients g + w·wd, but in one call of core's `sgdStep` (one kernel
 * on a backend with the fused kernel, lrlab's `blas`).
 *
 * @param optimizer - a tfjs SGD or Momentum optimizer (its iteration count is advanced, and a
 *   Momentum optimizer's buffers are created for new entries as tfjs creates them)
 * @param kind - `sgd`, `momentum` or `nesterov`
 * @param momentum - μ (ignored for `sgd`)
 * @param list - variables and gradients, in the optimizer's fixed order; entries without a gradient are skipped
 * @param learningRate - the learning rate of this step
 * @param weightDecayOf - the coupled weight decay of a variable, by name (0 for none)
 */
export function applySgdStep(
  optimizer: tf.Optimizer,
  kind: 'sgd' | 'momentum' | 'nesterov',
  momentum: number,
  list: readonly { name: string; tensor: tf.Tensor | undefined }[],
  learningRate: number,
  weightDecayOf: (name: string) => number,
): void {
  const opt = internals(optimizer);
  const buffers = kind === 'sgd' ? undefined : opt.accumulations;
  if (kind !== 'sgd' && buffers === undefined) {
    throw new Error('tfjs MomentumOptimizer has no accumulations: the tfjs version is not the one this code was checked against (4.22).');
  }
  const variables: tf.Variable[] = [];
  const gradients: tf.Tensor[] = [];
  const accumulations: tf.Variable[] = [];
  const weightDecay: number[] = [];
  list.forEach(({ name, tensor }, i) => {
    const value = tf.engine().registeredVariables[name]!;
    // As tfjs: a buffer for every entry up to here, with or without a gradient, named for its variable.
    if (buffers !== undefined && buffers[i] == null) {
      buffers[i] = { originalName: `${name}/momentum`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
    }
    if (tensor == null) return;
    variables.push(value);
    gradients.push(tensor);
    if (buffers !== undefined) accumulations.push(buffers[i]!.variable);
    weightDecay.push(weightDecayOf(name));
  });
  sgdStep(variables, gradients, buffers === undefined ? undefined : accumulations, {
    learningRate,
    ...(kind === 'sgd' ? {} : { momentum, nesterov: kind === 'nesterov' }),
    weightDecay,
  });
  opt.incrementIterations();
}
