/**
 * `FusedBatchNorm` for the `blas` backend (float32): the cpu backend's formula, in the addon's C
 * loop with the square root taken once per channel; results are the cpu backend's bit for bit.
 * Batch norm runs on every activation of a conv net, forward and backward (WRN-16-1: 39 calls a
 * step, a fifth of it on the cpu kernel).
 */
import type * as tf from '@tensorflow/tfjs';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { blasAddon } from './addon';
import { cpuKernel, type BlasKernelFunc } from './matmul-kernels';

const ONE = new Float32Array([1]);
const ZERO = new Float32Array([0]);

/** `FusedBatchNorm`: offset + (x − mean)·scale / √(variance + ε). */
export const batchNormBlas: BlasKernelFunc = (params) => {
  const inputs = params.inputs as Record<'x' | 'mean' | 'variance', tf.TensorInfo> & Partial<Record<'scale' | 'offset', tf.TensorInfo>>;
  const backend = params.backend as MathBackendCPU;
  const values = (info: tf.TensorInfo | undefined, fallback: Float32Array) => (info ? backend.data.get(info.dataId).values : fallback);
  const arrays = [values(inputs.x, ZERO), values(inputs.mean, ZERO), values(inputs.variance, ZERO), values(inputs.scale, ONE), values(inputs.offset, ZERO)];
  const [x, mean, variance, scale, offset] = arrays;
  const ranks = [inputs.variance, inputs.scale, inputs.offset].every((t) => t === undefined || t.shape.length === inputs.mean.shape.length);
  if (!ranks || !arrays.every((a): a is Float32Array => a instanceof Float32Array && a.length > 0)) return cpuKernel('FusedBatchNorm', params);
  const epsilon = (params.attrs as { varianceEpsilon?: number } | undefined)?.varianceEpsilon ?? 0.001;
  const out = new Float32Array(x!.length);
  blasAddon().batchNorm(x as Float32Array, mean as Float32Array, variance as Float32Array, scale as Float32Array, offset as Float32Array, out, epsilon);
  return backend.makeTensorInfo(inputs.x.shape, 'float32', out);
};
