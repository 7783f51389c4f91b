/**
 * SGD, momentum and Nesterov for K runs trained in lockstep: every variable carries a leading run
 * axis [K, ...shape], and each run keeps its own learning-rate schedule. The update is core's
 * `sgdStep` with one learning rate per run, the call {@link bindOptimizer} makes for a run alone
 * (on blas the same fused kernel on each run's slice), so per element it is:
 *
 *   g ← g + w·wd  (coupled weight decay);  plain: w ← c·g + w;
 *   momentum: a ← μ·a + g, w ← c·a + w;  Nesterov: a ← μ·a + g, w ← c·(g + a·μ) + w
 *
 * with c = fround(−lr) of the run's own learning rate, broadcast over its slice, so each run's
 * slice gets the same bits it would get alone. Its state converts to and from each run's
 * {@link OptimizerState}, so every run checkpoints and resumes as if it had trained alone.
 */
import * as tf from '@tensorflow/tfjs';
import { ConfigError, sgdStep } from '@lrlab/core';
import type { BoundOptimizer } from './bind';
import { OPTIMIZER_STATE_VERSION, type OptimizerSlot, type OptimizerState } from './state';
import { resolveWeightDecay } from './weight-decay';

/** What {@link lockstepSgd} steps: each run's binding, its variable names and its current state. */
export interface LockstepSgdOptions {
  /** Each run's bound optimizer, in stack order (their schedules give each run's learning rate). */
  readonly bound: readonly BoundOptimizer[];
  /** Each run's trainable variable names, in the order of the stacked variables. */
  readonly names: readonly (readonly string[])[];
  /** Each run's optimizer state to continue from (`saveState()` of its binding). */
  readonly states: readonly OptimizerState[];
  /** The shape of one run's slice of each stacked variable, in the order of `names`. */
  readonly shapes: readonly (readonly number[])[];
}

/** An optimizer over stacked variables; see {@link lockstepSgd}. */
export interface LockstepSgd {
  /** Runs stepped together (K). */
  readonly size: number;
  /**
   * Applies one update to every run.
   *
   * @param variables - the stacked variables [K, ...shape], in the order of `names`
   * @param grads - their gradients, same shapes (not disposed)
   * @param step - the 0-based step; each run's schedule gives its learning rate there
   * @returns each run's learning rate
   * @throws ConfigError for a bad learning-rate value (as the run's binding would)
   */
  applyGradients(variables: readonly tf.Variable[], grads: readonly tf.Tensor[], step: number): number[];
  /**
   * One run's state, in the layout its binding's `saveState()` writes.
   *
   * @param run - the run's index in the stack
   * @returns its state (a copy)
   */
  stateOf(run: number): Promise<OptimizerState>;
  /** Frees the stacked momentum buffers. */
  dispose(): void;
}

type SgdKind = 'sgd' | 'momentum' | 'nesterov';

/**
 * Why a run's optimizer cannot be stepped in lockstep, or undefined when it can: lockstep covers
 * SGD, momentum and Nesterov with no weight decay or coupled weight decay.
 *
 * @param bound - the run's bound optimizer
 * @returns the reason, or undefined
 */
export function lockstepSgdUnsupported(bound: BoundOptimizer): string | undefined {
  if (bound.kind !== 'sgd' && bound.kind !== 'momentum' && bound.kind !== 'nesterov') return `optimizer ${bound.kind} (lockstep covers sgd, momentum and nesterov)`;
  if (bound.weightDecay !== undefined && bound.weightDecay.mode !== 'coupled' && bound.weightDecay.value !== 0) return 'decoupled weight decay (lockstep covers coupled weight decay)';
  return undefined;
}

/** The part of a binding that must be equal across a lockstep stack. */
function sharedSettings(bound: BoundOptimizer): string {
  const momentum = 'momentum' in bound.config ? bound.config.momentum : 0;
  return JSON.stringify({ kind: bound.kind, momentum, weightDecay: bound.weightDecay ?? null });
}

function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * Stacks K runs' SGD optimizers into one that updates stacked variables in one pass per variable.
 *
 * @param options - each run's binding, variable names, state and slice shapes
 * @returns the lockstep optimizer
 * @throws ConfigError when a binding is not SGD/momentum/Nesterov with coupled or no weight decay,
 *   when the bindings differ in kind, momentum or weight decay, or when a state does not fit
 */
export function lockstepSgd(options: LockstepSgdOptions): LockstepSgd {
  const { bound, names, states, shapes } = options;
  const size = bound.length;
  if (size === 0 || names.length !== size || states.length !== size) {
    throw new ConfigError('options', `${size} bindings, ${names.length} name lists, ${states.length} states`, 'one binding, name list and state per run, at least one run');
  }
  bound.forEach((b, k) => {
    const why = lockstepSgdUnsupported(b);
    if (why) throw new ConfigError(`bound[${k}]`, b.kind, 'an optimizer lockstep can step', `This run cannot train in lockstep: ${why}. Train it alone.`);
    if (sharedSettings(b) !== sharedSettings(bound[0]!)) {
      throw new ConfigError(`bound[${k}]`, sharedSettings(b), sharedSettings(bound[0]!), 'Runs trained in lockstep share the optimizer kind, momentum and weight decay; group them by those.');
    }
  });
  const first = bound[0]!;
  const kind = first.kind as SgdKind;
  const momentum = 'momentum' in first.config ? first.config.momentum : 0;
  const decay = first.weightDecay !== undefined && first.weightDecay.value !== 0 ? resolveWeightDecay(first.weightDecay) : undefined;
  const decayOf = names[0]!.map((_, i) => {
    const applies = names.map((runNames) => decay !== undefined && decay.appliesTo(runNames[i]!));
    if (applies.some((a) => a !== applies[0])) {
      throw new ConfigError(`names[*][${i}]`, names.map((n) => n[i]), 'variables that weight decay treats alike in every run', 'Use weight-decay exclude patterns that match the variable path, not the model instance name.');
    }
    return applies[0] ? decay!.config.value : 0;
  });
  const iterations = states.map((s) => s.iterations);
  if (iterations.some((i) => i !== iterations[0])) {
    throw new ConfigError('states', iterations, 'states at the same iteration', 'Runs trained in lockstep start from the same step; group them by their checkpoint step.');
  }
  let iteration = iterations[0]!;

  // The momentum buffers, stacked: each run's saved slot, or zeros before its first step.
  const accumulations: tf.Variable[] | undefined =
    kind === 'sgd'
      ? undefined
      : shapes.map((shape, i) => {
          const slice = sizeOf(shape);
          const values = new Float32Array(size * slice);
          states.forEach((state, k) => {
            const slot = state.slots.find((s) => s.name === `${names[k]![i]}/momentum`);
            if (slot !== undefined) values.set(state.data.subarray(slot.offset, slot.offset + slice), k * slice);
            else if (state.slots.length > 0) throw new ConfigError(`states[${k}].slots`, state.slots.map((s) => s.name), `a momentum slot for ${names[k]![i]}`);
          });
          return tf.variable(tf.tensor(values, [size, ...shape], 'float32'), false);
        });

  function applyGradients(variables: readonly tf.Variable[], grads: readonly tf.Tensor[], step: number): number[] {
    const rates = bound.map((b) => b.learningRateAt(step));
    // core's sgdStep with one lr per run: on blas the fused kernel a run alone calls, per run's slice.
    sgdStep(variables, grads, accumulations, {
      learningRate: rates,
      ...(kind === 'sgd' ? {} : { momentum, nesterov: kind === 'nesterov' }),
      weightDecay: decayOf,
    });
    iteration += 1;
    return rates;
  }

  async function stateOf(run: number): Promise<OptimizerState> {
    const runNames = names[run]!;
    const slots: OptimizerSlot[] = [];
    const parts: Float32Array[] = [];
    let offset = 0;
    if (accumulations !== undefined && iteration > 0) {
      for (const [i, a] of accumulations.entries()) {
        const shape = shapes[i]!;
        const slice = tf.tidy(() => tf.reshape(tf.slice(a, [run, ...shape.map(() => 0)], [1, ...shape]), [...shape]));
        parts.push((await slice.data()) as Float32Array);
        slice.dispose();
        slots.push({ name: `${runNames[i]}/momentum`, shape: [...shape], offset });
        offset += sizeOf(shape);
      }
    }
    const data = new Float32Array(offset);
    let at = 0;
    for (const part of parts) {
      data.set(part, at);
      at += part.length;
    }
    return { version: OPTIMIZER_STATE_VERSION, kind, iterations: iteration, variables: iteration > 0 ? [...runNames] : [], slots, data };
  }

  return {
    size,
    applyGradients,
    stateOf,
    dispose: () => tf.dispose(accumulations ?? []),
  };
}
