/**
 * core's fused optimizer step, `LrlabSgdStep` (`sgdStep`), on the `blas` backend: every variable's
 * SGD update (plain, heavy-ball or Nesterov momentum, coupled weight decay) in one kernel call, one
 * C pass per variable (native/elementwise.c), where tfjs's ops take up to eight full-size kernels
 * per variable. Each operation is rounded to float32 in the order tfjs's ops round it, so the
 * results equal the cpu backend's bit for bit.
 *
 * The outputs are new arrays, not the variables' own: the cpu backend hands its arrays out
 * (`dataSync()`, `data()`, and `tf.tensor(array)` keeps the caller's array), so writing into them
 * would change values a caller already holds, and a tensor's values must never change.
 */
import type * as tf from '@tensorflow/tfjs';
import type { SgdStepAttrs } from '@lrlab/core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { blasAddon } from './addon';
import type { BlasKernelFunc } from './matmul-kernels';

/** The addon's codes for the update rules. */
const RULES = { sgd: 0, momentum: 1, nesterov: 2 } as const;

const EMPTY = new Float32Array(0);

/**
 * core's `LrlabSgdStep`: outputs the n variables' new values, then (with momentum) their n new
 * accumulations. Values a float32 tensor holds in another typed array are copied to float32 first.
 */
export const sgdStepBlas = (params: Parameters<BlasKernelFunc>[0]): tf.TensorInfo[] => {
  const { rule, learningRate, rowLearningRates, momentum, weightDecay } = params.attrs as unknown as SgdStepAttrs;
  const rows = rowLearningRates ?? [];
  const backend = params.backend as MathBackendCPU;
  const values = (name: string): Float32Array => {
    const stored = backend.data.get(params.inputs[name]!.dataId).values;
    return stored instanceof Float32Array ? stored : Float32Array.from(stored as ArrayLike<number>);
  };
  const newValues: tf.TensorInfo[] = [];
  const newAccumulations: tf.TensorInfo[] = [];
  weightDecay.forEach((wd, i) => {
    const { shape } = params.inputs[`variable${i}`]!;
    const w = values(`variable${i}`);
    const wOut = new Float32Array(w.length);
    const acc = rule === 'sgd' ? EMPTY : values(`accumulation${i}`);
    const accOut = rule === 'sgd' ? EMPTY : new Float32Array(w.length);
    const g = values(`gradient${i}`);
    if (rows.length === 0) {
      blasAddon().sgdStep(RULES[rule], learningRate, momentum, wd, w, g, acc, wOut, accOut);
    } else {
      // Row r (run r of a lockstep stack) with its own lr: the kernel a run alone calls, on its slice.
      const size = w.length / rows.length;
      const row = <T extends Float32Array>(a: T, r: number): T => (a.length === 0 ? a : (a.subarray(r * size, (r + 1) * size) as T));
      rows.forEach((lr, r) => blasAddon().sgdStep(RULES[rule], lr, momentum, wd, row(w, r), row(g, r), row(acc, r), row(wOut, r), row(accOut, r)));
    }
    newValues.push(backend.makeTensorInfo(shape, 'float32', wOut));
    if (rule !== 'sgd') newAccumulations.push(backend.makeTensorInfo(shape, 'float32', accOut));
  });
  return [...newValues, ...newAccumulations];
};
