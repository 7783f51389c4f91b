/**
 * One SGD step for all of a model's variables in one kernel call, as PyTorch's fused/foreach SGD
 * does: plain, heavy-ball or Nesterov momentum, with coupled weight decay. Per variable, with
 * c = −lr and every operation rounded to float32 as tfjs's `SGDOptimizer`/`MomentumOptimizer` round it:
 *
 *   g ← g + w·wd                      (coupled weight decay, where wd ≠ 0)
 *   plain:     w ← c·g + w
 *   momentum:  a ← μ·a + g;  w ← c·a + w
 *   Nesterov:  a ← μ·a + g;  w ← c·(g + a·μ) + w
 *
 * With tfjs ops that is up to eight full-size kernels per variable (about 450 for a WRN-16-1
 * step); a backend that registers {@link SGD_STEP_KERNEL} (lrlab's `blas` does) runs one kernel
 * for the whole step, with the same roundings, so the results are the same to the bit.
 */
import * as tf from '@tensorflow/tfjs';
import { checkLengths } from '../check';
import { ConfigError } from '../errors';
import { scaledAdd } from './scaled-add';

/**
 * The kernel name a backend registers for {@link sgdStep}. Inputs `variable0`, `gradient0`,
 * `accumulation0`, `variable1`, … (accumulations only with momentum), all float32 of one shape per
 * index; attributes {@link SgdStepAttrs}; outputs the new values of the n variables, then (with
 * momentum) the n new accumulations, as new tensors.
 */
export const SGD_STEP_KERNEL = 'LrlabSgdStep';

/** The attributes of {@link SGD_STEP_KERNEL}. */
export interface SgdStepAttrs {
  /** The update rule; `sgd` has no accumulations. */
  readonly rule: 'sgd' | 'momentum' | 'nesterov';
  /** lr; the update multiplies by `fround(−lr)`. Ignored where `rowLearningRates` is not empty. */
  readonly learningRate: number;
  /**
   * One lr per row of the leading axis of every variable (K runs stacked in lockstep, row k run
   * k's), each used as `fround(−lr)` on its row; empty for one lr for everything.
   */
  readonly rowLearningRates: number[];
  /** μ, used as `fround(μ)`; 0 for `sgd`. */
  readonly momentum: number;
  /** wd per variable, used as `fround(wd)`; 0 adds nothing (not even w·0). Its length is the number of variables. */
  readonly weightDecay: number[];
}

/** The hyperparameters of {@link sgdStep}. */
export interface SgdStepOptions {
  /**
   * The learning rate lr; or one per row of the variables' leading axis (K runs stacked in
   * lockstep: each row gets exactly the update it would get alone with its own lr).
   */
  readonly learningRate: number | readonly number[];
  /** The momentum μ: with it, `accumulations` are required and updated; without, plain SGD. */
  readonly momentum?: number;
  /** Nesterov's form of the momentum update; default false. */
  readonly nesterov?: boolean;
  /** Coupled weight decay wd: one value for every variable or one per variable; 0 (the default) skips it. */
  readonly weightDecay?: number | readonly number[];
}

/**
 * Updates every variable (and, with momentum, its accumulation) by one SGD step, in one kernel
 * where the backend has {@link SGD_STEP_KERNEL} and the tensors are float32 of matching shapes;
 * otherwise with exactly the tfjs ops `tf.train.sgd`/`tf.train.momentum` run (plain SGD through
 * {@link scaledAdd}), after `add(g, mul(w, wd))` for weight decay. Either way the results are
 * tfjs's to the bit. Not differentiable: it is an optimizer update.
 *
 * @param variables - the variables to update
 * @param gradients - their gradients, in the same order (not disposed)
 * @param accumulations - with momentum, one momentum buffer per variable (zeros before the first
 *   step), updated too; `undefined` for plain SGD
 * @param options - learning rate, momentum, Nesterov and weight decay
 * @throws ConfigError when the arrays' lengths differ, or momentum and accumulations are not given together
 * @example
 * ```ts
 * const w = tf.variable(tf.tensor1d([1, -2]));
 * const buffer = tf.variable(tf.zeros([2]), false);
 * const g = tf.tensor1d([0.5, 0.25]);
 * sgdStep([w], [g], [buffer], { learningRate: 0.1, momentum: 0.9, nesterov: true, weightDecay: 5e-4 });
 * ```
 */
export function sgdStep(
  variables: readonly tf.Variable[],
  gradients: readonly tf.Tensor[],
  accumulations: readonly tf.Variable[] | undefined,
  options: SgdStepOptions,
): void {
  const n = variables.length;
  checkLengths('variables', variables, 'gradients', gradients);
  if ((options.momentum === undefined) !== (accumulations === undefined)) {
    throw new ConfigError(
      'accumulations',
      accumulations === undefined ? accumulations : `${accumulations.length} tensors`,
      options.momentum === undefined ? 'undefined for plain SGD (no momentum given)' : 'one momentum buffer per variable (momentum is given)',
      'Give options.momentum and accumulations together, or neither.',
    );
  }
  if (accumulations !== undefined) checkLengths('variables', variables, 'accumulations', accumulations);
  const decay = options.weightDecay ?? 0;
  const weightDecay = typeof decay === 'number' ? new Array<number>(n).fill(decay) : [...decay];
  checkLengths('variables', variables, 'options.weightDecay', weightDecay);
  if (n === 0) return;
  const rule = accumulations === undefined ? 'sgd' : options.nesterov === true ? 'nesterov' : 'momentum';
  const rows = typeof options.learningRate === 'number' ? [] : [...options.learningRate];
  if (rows.length > 0) {
    variables.forEach((v, i) => {
      if (v.rank === 0 || v.shape[0] !== rows.length) throw new ConfigError(`variables[${i}].shape`, v.shape, `a leading axis of ${rows.length} rows, one per learning rate`);
    });
  }
  const attrs: SgdStepAttrs = { rule, learningRate: typeof options.learningRate === 'number' ? options.learningRate : 0, rowLearningRates: rows, momentum: options.momentum ?? 0, weightDecay };

  const operands = (i: number): tf.Tensor[] => [variables[i]!, gradients[i]!, ...(accumulations ? [accumulations[i]!] : [])];
  const fused =
    tf.getKernel(SGD_STEP_KERNEL, tf.getBackend()) !== undefined &&
    variables.every((v, i) => operands(i).every((t) => t.dtype === 'float32' && tf.util.arraysEqual(t.shape, v.shape)));
  if (fused) {
    const inputs: tf.NamedTensorMap = {};
    variables.forEach((v, i) => {
      inputs[`variable${i}`] = v;
      inputs[`gradient${i}`] = gradients[i]!;
      if (accumulations) inputs[`accumulation${i}`] = accumulations[i]!;
    });
    const outputs = tf.engine().runKernel(SGD_STEP_KERNEL, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
    variables.forEach((v, i) => v.assign(outputs[i]!));
    accumulations?.forEach((a, i) => a.assign(outputs[n + i]!));
    tf.dispose(outputs);
    return;
  }
  // c = fround(−lr): one scalar, or one value per row broadcast over the row.
  const negated = rows.length === 0 ? tf.scalar(-attrs.learningRate) : tf.tensor1d(rows.map((lr) => -lr), 'float32');
  const cOf = (w: tf.Tensor): tf.Tensor => (rows.length === 0 ? negated : tf.reshape(negated, [rows.length, ...new Array<number>(w.rank - 1).fill(1)]));
  const m = tf.scalar(attrs.momentum);
  // One tidy per variable, as tfjs's optimizers do, so a step holds one variable's temporaries at a time.
  variables.forEach((w, i) =>
    tf.tidy(() => {
      const wd = weightDecay[i]!;
      // wd = 0 skips the term: g + w·0 would turn a gradient of −0 into +0, and w = ±∞ into NaN.
      const g = wd === 0 ? gradients[i]! : tf.add(gradients[i]!, tf.mul(w, wd));
      const c = cOf(w);
      if (accumulations === undefined) {
        w.assign(rows.length === 0 ? scaledAdd(g, w, -attrs.learningRate) : tf.add(tf.mul(c, g), w));
        return;
      }
      const a = accumulations[i]!;
      // tfjs 4.22 MomentumOptimizer.applyGradients, op for op.
      const newA = tf.add(tf.mul(m, a), g);
      const newW = rule === 'nesterov' ? tf.add(tf.mul(c, tf.add(g, tf.mul(newA, m))), w) : tf.add(tf.mul(c, newA), w);
      a.assign(newA);
      w.assign(newW);
    }),
  );
  tf.dispose([negated, m]);
}
