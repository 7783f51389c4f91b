/**
 * Binding a learning-rate schedule and weight decay to a tfjs optimizer: before each update the
 * binding sets the learning rate to `schedule(step)`, applies weight decay, then updates the
 * variables, always in one fixed order (tfjs keys its slot variables by position, not by name):
 * SGD, momentum and Nesterov in one call of core's fused `sgdStep` (coupled weight decay inside
 * it), with tfjs's bits; Adam and RMSProp through the optimizer's `applyGradients`.
 */
import * as tf from '@tensorflow/tfjs';
import { ConfigError, checkInteger, formatValue, type ScalarOrSchedule, type Schedule } from '@lrlab/core';
import { toSchedule } from '../to-schedule';
import { resolveOptimizerConfig, type OptimizerConfig, type OptimizerKind, type ResolvedOptimizerConfig } from './config';
import { createOptimizer } from './create';
import { captureOptimizerState, restoreOptimizerState, type OptimizerState } from './state';
import { applySgdStep, configOf, disposeOptimizer, optimizerKindOf, setLearningRate } from './tfjs-internals';
import { decayGradients, decayWeights, resolveWeightDecay, type WeightDecayConfig } from './weight-decay';

/** What {@link bindOptimizer} binds together. */
export interface BindOptimizerOptions {
  /**
   * The optimizer: a config to build it from, or an existing tfjs SGD, Momentum, Adam or RMSProp
   * optimizer (not yet stepped). Either way the binding owns it and disposes it in `dispose()`.
   */
  readonly optimizer: OptimizerConfig | tf.Optimizer;
  /** The learning rate: a constant ≥ 0 or a schedule of the 0-based step. */
  readonly learningRate: ScalarOrSchedule;
  /** Weight decay; default none. */
  readonly weightDecay?: WeightDecayConfig;
}

/** Options of {@link BoundOptimizer.restoreState}. */
export interface RestoreStateOptions {
  /**
   * New names of saved variables, `{ savedName: currentName }`, for a model whose variables are
   * named differently from the one that was saved (tfjs numbers unnamed variables per process).
   * Names not listed are kept.
   */
  readonly rename?: Readonly<Record<string, string>>;
}

/** A tfjs optimizer that follows a learning-rate schedule, applies weight decay and checkpoints exactly. */
export interface BoundOptimizer {
  /** The tfjs optimizer (owned by the binding; step it only through {@link BoundOptimizer.applyGradients}). */
  readonly optimizer: tf.Optimizer;
  /** The optimizer's kind. */
  readonly kind: OptimizerKind;
  /** The optimizer's resolved config, to save with a run. */
  readonly config: ResolvedOptimizerConfig;
  /** The resolved weight decay, or undefined when there is none. */
  readonly weightDecay: Required<WeightDecayConfig> | undefined;
  /** The learning-rate schedule. */
  readonly learningRate: Schedule;
  /**
   * The learning rate at a step.
   *
   * @param step - 0-based step
   * @returns `learningRate(step)`
   * @throws ConfigError when the schedule gives a negative or non-finite value
   */
  learningRateAt(step: number): number;
  /**
   * Applies one update: sets the learning rate to lr = `learningRate(step)`, applies weight decay
   * (coupled: g ← g + wd·w; decoupled: w ← w·(1 − lr·wd)), then the optimizer's update (for
   * SGD, momentum and Nesterov one fused `sgdStep` for all variables, bit-identical to
   * `optimizer.applyGradients`).
   * The gradients stay the caller's to dispose; every tensor made here is disposed here.
   *
   * @param grads - gradients by variable name, as `tf.variableGrads(f).grads` returns them
   * @param step - the 0-based step; with `learningRate` it alone decides the learning rate
   * @returns the learning rate used
   * @throws ConfigError for a gradient of an unknown variable or of the wrong shape, a bad step,
   *   or a bad learning-rate value
   */
  applyGradients(grads: tf.NamedTensorMap, step: number): number;
  /**
   * Snapshots the optimizer's state (iteration count and slot variables) for a checkpoint.
   *
   * @returns the state; save the model's weights beside it
   */
  saveState(): Promise<OptimizerState>;
  /**
   * Restores a state from {@link BoundOptimizer.saveState}, typically into a fresh binding of the
   * same config, so that training continues bit-identically (restore the model's weights too).
   *
   * @param state - the saved state
   * @param options - renames of saved variables
   * @throws ConfigError when the state is malformed or does not fit this optimizer or the variables
   */
  restoreState(state: OptimizerState, options?: RestoreStateOptions): Promise<void>;
  /** Disposes the optimizer and its slot variables. */
  dispose(): void;
}

function isOptimizer(value: unknown): value is tf.Optimizer {
  return value instanceof tf.Optimizer;
}

function lookupVariable(name: string): tf.Variable | undefined {
  return tf.engine().registeredVariables[name];
}

/**
 * Binds a learning rate (constant or schedule) and optional weight decay to a tfjs optimizer.
 *
 * @param options - the optimizer (config or instance), learning rate and weight decay
 * @returns the bound optimizer
 * @throws ConfigError naming the invalid field and value
 * @example
 * ```ts
 * const bound = bindOptimizer({
 *   optimizer: { kind: 'nesterov', momentum: 0.9 },
 *   learningRate: (step) => (step < 1000 ? 0.1 : 0.01),
 *   weightDecay: { value: 5e-4, mode: 'coupled' },
 * });
 * const { value, grads } = tf.variableGrads(loss);
 * bound.applyGradients(grads, step);
 * tf.dispose([value, grads]);
 * ```
 */
export function bindOptimizer(options: BindOptimizerOptions): BoundOptimizer {
  if (typeof options !== 'object' || options === null) throw new ConfigError('options', options, 'an object { optimizer, learningRate, weightDecay? }');
  const schedule = toSchedule(options.learningRate, 'learningRate');
  const weightDecay = options.weightDecay === undefined ? undefined : resolveWeightDecay(options.weightDecay);

  function learningRateAt(step: number): number {
    const lr = schedule(step);
    if (typeof lr !== 'number' || !Number.isFinite(lr) || lr < 0) {
      throw new ConfigError(`learningRate(${step})`, lr, 'a finite number >= 0', 'Check the learning-rate schedule: it must give a finite, non-negative value at every step.');
    }
    return lr;
  }

  // Checks the schedule once up front, so a bad one fails here rather than at the first step.
  const initialLearningRate = learningRateAt(0);
  let optimizer: tf.Optimizer;
  let config: ResolvedOptimizerConfig;
  if (isOptimizer(options.optimizer)) {
    optimizer = options.optimizer;
    config = resolveOptimizerConfig(configOf(optimizer, optimizerKindOf(optimizer, 'optimizer')));
    if (optimizer.iterations !== 0) {
      throw new ConfigError(
        'optimizer.iterations',
        optimizer.iterations,
        '0 (an optimizer not yet stepped)',
        'Bind the optimizer before its first step; to resume training, restore a saved state with restoreState().',
      );
    }
  } else {
    config = resolveOptimizerConfig(options.optimizer);
    optimizer = createOptimizer(config, initialLearningRate);
  }
  const kind = config.kind;

  // The order in which variables reach the optimizer; its slot variables follow this order.
  let order: string[] = [];
  let known = new Set<string>();
  // After a restore, a variable missing from the saved order would silently get the slots of another one.
  let orderIsFixed = false;

  function checkGradients(grads: tf.NamedTensorMap): string[] {
    if (typeof grads !== 'object' || grads === null) throw new ConfigError('grads', grads, 'a map from variable names to gradients');
    const names = Object.keys(grads).filter((name) => grads[name] != null);
    for (const name of names) {
      const variable = lookupVariable(name);
      if (variable === undefined) {
        throw new ConfigError(`grads[${formatValue(name)}]`, name, 'the name of a registered tf.Variable', 'Pass the grads of tf.variableGrads(...) unchanged.');
      }
      const shape = grads[name]!.shape;
      if (shape.length !== variable.shape.length || shape.some((d, i) => d !== variable.shape[i])) {
        throw new ConfigError(`grads[${formatValue(name)}].shape`, shape, `the variable's shape ${formatValue(variable.shape)}`);
      }
      if (orderIsFixed && !known.has(name)) {
        throw new ConfigError(
          `grads[${formatValue(name)}]`,
          name,
          `one of the variables of the restored state (${formatValue(order)})`,
          'Restore with restoreState(state, { rename: { savedName: currentName } }) when the model names its variables differently.',
        );
      }
    }
    for (const name of names) {
      if (known.has(name)) continue;
      known.add(name);
      order.push(name);
    }
    return names;
  }

  function applyGradients(grads: tf.NamedTensorMap, step: number): number {
    checkInteger('step', step, { min: 0 });
    const lr = learningRateAt(step);
    const names = checkGradients(grads);
    const variable = (name: string): tf.Variable => lookupVariable(name)!;

    // tfjs SGD/Momentum cache −lr in a scalar that only setLearningRate() rebuilds; set it every step
    // so that nothing done to the optimizer elsewhere can leave a stale value.
    setLearningRate(optimizer, kind, lr);
    const coupled = weightDecay !== undefined && weightDecay.config.mode === 'coupled';
    if (weightDecay !== undefined && !coupled) decayWeights(names, weightDecay, lr, variable);
    // Every known variable in its fixed place; entries without a gradient are skipped.
    const listOf = (map: tf.NamedTensorMap) => order.map((name) => ({ name, tensor: map[name] as tf.Tensor }));
    if (kind === 'sgd' || kind === 'momentum' || kind === 'nesterov') {
      // One fused step for all variables, the coupled weight decay inside it.
      const decayOf = (name: string): number => (coupled && weightDecay.appliesTo(name) ? weightDecay.config.value : 0);
      const momentum = 'momentum' in config ? config.momentum : 0;
      applySgdStep(optimizer, kind, momentum, listOf(grads), lr, decayOf);
      return lr;
    }
    const { grads: effective, created } = coupled ? decayGradients(grads, weightDecay, variable) : { grads, created: [] };
    try {
      optimizer.applyGradients(listOf(effective));
    } finally {
      tf.dispose(created);
    }
    return lr;
  }

  async function restoreState(state: OptimizerState, restoreOptions: RestoreStateOptions = {}): Promise<void> {
    const rename = restoreOptions.rename ?? {};
    const saved = Array.isArray(state?.variables) ? state.variables : [];
    const current = saved.map((name) => (Object.prototype.hasOwnProperty.call(rename, name) ? rename[name]! : name));
    if (new Set(current).size !== current.length) {
      throw new ConfigError('options.rename', rename, 'renames that keep the variable names distinct');
    }
    await restoreOptimizerState(optimizer, kind, state, current, (name) => lookupVariable(name)?.shape);
    order = [...current];
    known = new Set(order);
    orderIsFixed = order.length > 0;
  }

  return {
    optimizer,
    kind,
    config,
    weightDecay: weightDecay?.config,
    learningRate: schedule,
    learningRateAt,
    applyGradients,
    saveState: () => captureOptimizerState(optimizer, kind, order),
    restoreState,
    dispose: () => disposeOptimizer(optimizer, kind),
  };
}
