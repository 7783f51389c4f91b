/**
 * Optimizer checkpoints: the iteration count and every slot variable (momentum buffers, Adam's
 * moments, RMSProp's mean squares) in one Float32Array, so a resumed run continues bit-identically.
 *
 * tfjs's own `getWeights()`/`setWeights()` are the basis, with three caveats handled here: the
 * slots are matched by *position* (the order in which variables first reached `applyGradients`),
 * not by name; `setWeights()` replaces the slot variables without disposing the old ones; and
 * Adam's bias-correction products are recomputed with `pow`, which can differ in the last bit.
 */
import * as tf from '@tensorflow/tfjs';
import { ConfigError, checkInteger, checkNumber, checkOneOf, formatValue } from '@lrlab/core';
import { OPTIMIZER_KINDS, type OptimizerKind } from './config';
import { readAdamPowers, slotsPerVariable, writeAdamPowers, type AdamPowers } from './tfjs-internals';

/** The version of the {@link OptimizerState} layout; bumped when it changes incompatibly. */
export const OPTIMIZER_STATE_VERSION = 1;

/** One slot variable of an optimizer, stored in {@link OptimizerState.data}. */
export interface OptimizerSlot {
  /** The tfjs slot name: the variable's name and the slot, e.g. `block1/conv1/kernel/momentum`. */
  readonly name: string;
  /** Its shape (the shape of the variable it belongs to). */
  readonly shape: readonly number[];
  /** Index of its first value in `data`; it occupies the product of `shape` consecutive values. */
  readonly offset: number;
}

/**
 * A snapshot of an optimizer's state, for checkpoints.
 *
 * Everything but `data` is JSON; store `data` as raw little-endian float32 beside it (a
 * WRN-16-10's 17M momentum values would be hundreds of megabytes as JSON numbers).
 *
 * Slots are listed in tfjs's `getWeights()` order: for each slot kind (momentum; Adam m then v;
 * RMSProp mean square, moment, then mean gradient when centered), one slot per entry of
 * `variables`, in that order.
 */
export interface OptimizerState {
  /** Layout version, {@link OPTIMIZER_STATE_VERSION}. */
  readonly version: typeof OPTIMIZER_STATE_VERSION;
  /** The optimizer kind; a state restores only into an optimizer of the same kind. */
  readonly kind: OptimizerKind;
  /** How many updates the optimizer has applied. */
  readonly iterations: number;
  /** The trained variables' names, in the order the optimizer's slots follow. */
  readonly variables: readonly string[];
  /** Each slot variable's name, shape and place in `data`. */
  readonly slots: readonly OptimizerSlot[];
  /** Every slot's values, concatenated. */
  readonly data: Float32Array;
  /** Adam only: the running products β₁ᵗ⁺¹, β₂ᵗ⁺¹ its bias correction divides by. */
  readonly adam?: AdamPowers;
}

function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * Reads the state of a tfjs optimizer.
 *
 * @param optimizer - the optimizer
 * @param kind - its kind
 * @param variables - the order in which variables were passed to `applyGradients`
 * @returns the state, holding copies of the values (later steps do not change it)
 * @throws ConfigError when the optimizer's slots do not match `variables` (it was stepped with other variables)
 */
export async function captureOptimizerState(
  optimizer: tf.Optimizer,
  kind: OptimizerKind,
  variables: readonly string[],
): Promise<OptimizerState> {
  const weights = await optimizer.getWeights();
  // getWeights() makes a new 'iter' scalar each call; the other entries are the slot variables themselves.
  const [iter, ...slots] = weights;
  iter?.tensor.dispose();
  const expected = variables.length * slotsPerVariable(optimizer, kind);
  if (slots.length !== expected) {
    throw new ConfigError(
      'optimizer',
      optimizer.getClassName(),
      `an optimizer with ${expected} slot variables (${variables.length} trained variables), not ${slots.length}`,
      'Step the optimizer only through its binding (bindOptimizer), from the first step on, so that its slots follow a known variable order.',
    );
  }
  const total = slots.reduce((n, s) => n + s.tensor.size, 0);
  const data = new Float32Array(total);
  const described: OptimizerSlot[] = [];
  let offset = 0;
  for (const slot of slots) {
    data.set(await slot.tensor.data<'float32'>(), offset);
    described.push({ name: slot.name, shape: [...slot.tensor.shape], offset });
    offset += slot.tensor.size;
  }
  return {
    version: OPTIMIZER_STATE_VERSION,
    kind,
    iterations: optimizer.iterations,
    variables: [...variables],
    slots: described,
    data,
    ...(kind === 'adam' ? { adam: await readAdamPowers(optimizer) } : {}),
  };
}

/**
 * Checks that a value is a well-formed {@link OptimizerState} for an optimizer of `kind` with
 * `slotsPerVar` slots per variable.
 */
function checkState(state: OptimizerState, kind: OptimizerKind, slotsPerVar: number, field: string): void {
  if (typeof state !== 'object' || state === null) throw new ConfigError(field, state, 'an optimizer state object');
  if (state.version !== OPTIMIZER_STATE_VERSION) {
    throw new ConfigError(`${field}.version`, state.version, `${OPTIMIZER_STATE_VERSION}`, 'The checkpoint was written by an incompatible version of @lrlab/schedules.');
  }
  const savedKind = checkOneOf(`${field}.kind`, state.kind, OPTIMIZER_KINDS);
  if (savedKind !== kind) {
    throw new ConfigError(`${field}.kind`, savedKind, `"${kind}", the kind of the optimizer it is restored into`, 'Restore into an optimizer built from the same config the state was saved with.');
  }
  checkInteger(`${field}.iterations`, state.iterations, { min: 0 });
  if (!Array.isArray(state.variables) || !state.variables.every((v) => typeof v === 'string')) {
    throw new ConfigError(`${field}.variables`, state.variables, 'an array of variable names');
  }
  if (new Set(state.variables).size !== state.variables.length) {
    throw new ConfigError(`${field}.variables`, state.variables, 'an array of distinct variable names');
  }
  if (!(state.data instanceof Float32Array)) throw new ConfigError(`${field}.data`, state.data, 'a Float32Array');
  if (!Array.isArray(state.slots) || state.slots.length !== state.variables.length * slotsPerVar) {
    throw new ConfigError(
      `${field}.slots`,
      state.slots,
      `an array of ${state.variables.length * slotsPerVar} slots (${slotsPerVar} per variable for "${kind}")`,
      'The checkpoint is corrupt or was saved from a different optimizer config.',
    );
  }
  state.slots.forEach((slot, i) => {
    const at = `${field}.slots[${i}]`;
    if (typeof slot.name !== 'string') throw new ConfigError(`${at}.name`, slot.name, 'a string');
    if (!Array.isArray(slot.shape)) throw new ConfigError(`${at}.shape`, slot.shape, 'an array of dimensions');
    (slot.shape as readonly unknown[]).forEach((d, j) => checkInteger(`${at}.shape[${j}]`, d, { min: 0 }));
    checkInteger(`${at}.offset`, slot.offset, { min: 0, max: state.data.length - sizeOf(slot.shape) });
  });
  if (kind === 'adam') {
    if (typeof state.adam !== 'object' || state.adam === null) {
      throw new ConfigError(`${field}.adam`, state.adam, 'the saved Adam powers { beta1Power, beta2Power }');
    }
    checkNumber(`${field}.adam.beta1Power`, state.adam.beta1Power, { min: 0, max: 1 });
    checkNumber(`${field}.adam.beta2Power`, state.adam.beta2Power, { min: 0, max: 1 });
  }
}

/**
 * Restores a state saved by {@link captureOptimizerState} into an optimizer of the same kind
 * (typically a fresh one), disposing the slot variables it replaces.
 *
 * @param optimizer - the optimizer to restore into
 * @param kind - its kind
 * @param state - the saved state
 * @param variables - the names the saved variables have now, in `state.variables` order
 *   (the same names unless they were renamed)
 * @param shapeOf - the current shape of a variable, or undefined when no such variable exists
 * @throws ConfigError when the state is malformed, of another kind, or does not fit the variables
 */
export async function restoreOptimizerState(
  optimizer: tf.Optimizer,
  kind: OptimizerKind,
  state: OptimizerState,
  variables: readonly string[],
  shapeOf: (name: string) => readonly number[] | undefined,
): Promise<void> {
  const perVariable = slotsPerVariable(optimizer, kind);
  checkState(state, kind, perVariable, 'state');
  const n = state.variables.length;
  const slots = state.slots.map((slot, i) => {
    const saved = state.variables[i % n]!;
    const current = variables[i % n]!;
    const shape = shapeOf(current);
    if (shape !== undefined && (shape.length !== slot.shape.length || shape.some((d, j) => d !== slot.shape[j]))) {
      throw new ConfigError(
        `state.slots[${i}].shape`,
        slot.shape,
        `the shape of variable ${formatValue(current)}, ${formatValue(shape)}`,
        'Restore into the model the checkpoint was saved from.',
      );
    }
    const name = current !== saved && slot.name.startsWith(`${saved}/`) ? `${current}${slot.name.slice(saved.length)}` : slot.name;
    return { ...slot, name };
  });

  // getWeights() makes a fresh 'iter' scalar; the rest are the slot variables setWeights() will replace.
  const [previousIter, ...previousSlots] = await optimizer.getWeights();
  previousIter?.tensor.dispose();
  const named: { name: string; tensor: tf.Tensor }[] = [
    { name: 'iter', tensor: tf.scalar(state.iterations, 'int32') },
    ...slots.map((slot) => ({
      name: slot.name,
      // A copy: the cpu backend would otherwise keep `state.data` itself as the tensor's storage.
      tensor: tf.tensor(state.data.slice(slot.offset, slot.offset + sizeOf(slot.shape)), [...slot.shape], 'float32'),
    })),
  ];
  try {
    await optimizer.setWeights(named);
  } finally {
    // setWeights() wraps each tensor in a new variable that shares its buffer, so ours can go.
    tf.dispose(named.map((w) => w.tensor));
  }
  tf.dispose(previousSlots.map((w) => w.tensor));
  if (kind === 'adam') writeAdamPowers(optimizer, state.adam!);
}
