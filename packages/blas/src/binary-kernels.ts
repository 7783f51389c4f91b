/**
 * `Add`, `Sub`, `Mul` and `RealDiv` for the `blas` backend, for the broadcast that conv nets do on
 * every activation: a per-channel vector ([C] or [1, 1, 1, C]) against an NHWC tensor. The cpu
 * backend converts each element's index to a location and back when it broadcasts (18% of a
 * wrn16x1 step); when the smaller operand's values simply repeat along the larger one, the result
 * is `op(a[i], b[i mod |b|])` (or the mirror), computed here in the same float64-then-float32
 * arithmetic as cpu. Every other case goes to the cpu kernels.
 */
import * as tf from '@tensorflow/tfjs';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { cpuKernel, type BlasKernelFunc } from './matmul-kernels';

/** Whether `small`'s values repeat with period |small| along a tensor of shape `full`. */
function repeats(small: number[], full: number[]): boolean {
  if (small.length > full.length) return false;
  const padded = [...new Array<number>(full.length - small.length).fill(1), ...small];
  let k = 0;
  while (k < padded.length && padded[k] === 1 && full[k] !== 1) k++;
  for (let d = k; d < padded.length; d++) if (padded[d] !== full[d]) return false;
  return true;
}

function binary(name: string, op: (a: number, b: number) => number): BlasKernelFunc {
  return (params) => {
    const { a, b } = params.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    if (a.dtype !== 'float32' || b.dtype !== 'float32') return cpuKernel(name, params);
    const shape = tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
    const aFull = tf.util.arraysEqual(a.shape, shape);
    const bFull = tf.util.arraysEqual(b.shape, shape);
    if (aFull && bFull) return cpuKernel(name, params); // no broadcast: cpu's loop is already direct
    const backend = params.backend as MathBackendCPU;
    const av = backend.data.get(a.dataId).values as Float32Array;
    const bv = backend.data.get(b.dataId).values as Float32Array;
    const out = new Float32Array(tf.util.sizeFromShape(shape));
    if (aFull && repeats(b.shape, shape)) {
      const period = bv.length;
      for (let i = 0, j = 0; i < out.length; i++, j = j + 1 === period ? 0 : j + 1) out[i] = op(av[i]!, bv[j]!);
    } else if (bFull && repeats(a.shape, shape)) {
      const period = av.length;
      for (let i = 0, j = 0; i < out.length; i++, j = j + 1 === period ? 0 : j + 1) out[i] = op(av[j]!, bv[i]!);
    } else {
      return cpuKernel(name, params);
    }
    return backend.makeTensorInfo(shape, 'float32', out);
  };
}

/** `Add` with a repeating broadcast. */
export const addBlas = binary('Add', (a, b) => a + b);
/** `Sub` with a repeating broadcast. */
export const subBlas = binary('Sub', (a, b) => a - b);
/** `Mul` with a repeating broadcast. */
export const mulBlas = binary('Multiply', (a, b) => a * b);
/** `RealDiv` with a repeating broadcast. */
export const divBlas = binary('RealDiv', (a, b) => a / b);
