/**
 * Batch norm on the `blas` backend, in the addon's C loops. `FusedBatchNorm` (float32): the cpu
 * backend's formula with the square root taken once per channel; results are the cpu backend's bit
 * for bit. And core's fused training kernels, `LrlabBatchNormTrain` (batch statistics and the
 * normalised output, three passes) and `LrlabBatchNormGrad` (∂x, ∂γ, ∂β, two passes), which replace
 * about a dozen full-size tfjs ops per layer and training step. Batch norm runs on every activation
 * of a conv net, forward and backward.
 */
import * as tf from '@tensorflow/tfjs';
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

/** A float32 copy of values that are not a Float32Array (a float32 tensor can hold other arrays). */
function f32(values: unknown): Float32Array {
  return values instanceof Float32Array ? values : Float32Array.from(values as ArrayLike<number>);
}

/** core's `LrlabBatchNormTrain`: outputs `[y, mean, variance]`. */
export const batchNormTrainBlas = (params: Parameters<BlasKernelFunc>[0]): tf.TensorInfo[] => {
  const { x, scale, offset } = params.inputs as Record<'x' | 'scale' | 'offset', tf.TensorInfo>;
  const backend = params.backend as MathBackendCPU;
  const channels = x.shape[x.shape.length - 1]!;
  const epsilon = Number((params.attrs as { varianceEpsilon?: number } | undefined)?.varianceEpsilon ?? 0.001);
  const xv = f32(backend.data.get(x.dataId).values);
  const y = new Float32Array(xv.length);
  const mean = new Float32Array(channels);
  const variance = new Float32Array(channels);
  blasAddon().batchNormTrain(xv, f32(backend.data.get(scale.dataId).values), f32(backend.data.get(offset.dataId).values), y, mean, variance, epsilon);
  return [backend.makeTensorInfo(x.shape, 'float32', y), backend.makeTensorInfo([channels], 'float32', mean), backend.makeTensorInfo([channels], 'float32', variance)];
};

/** core's `LrlabBatchNormGrad` (with the ReLU mask when `reluOutput` is given): outputs `[dx, dScale, dOffset]`. */
export const batchNormGradBlas = (params: Parameters<BlasKernelFunc>[0]): tf.TensorInfo[] => {
  const { dy, x, mean, variance, scale, reluOutput } = params.inputs as Record<'dy' | 'x' | 'mean' | 'variance' | 'scale', tf.TensorInfo> & { reluOutput?: tf.TensorInfo };
  const backend = params.backend as MathBackendCPU;
  const channels = x.shape[x.shape.length - 1]!;
  const epsilon = Number((params.attrs as { varianceEpsilon?: number } | undefined)?.varianceEpsilon ?? 0.001);
  const values = (info: tf.TensorInfo) => f32(backend.data.get(info.dataId).values);
  const dx = new Float32Array(tf.util.sizeFromShape(x.shape));
  const dScale = new Float32Array(channels);
  const dOffset = new Float32Array(channels);
  const relu = reluOutput ? values(reluOutput) : new Float32Array(0);
  blasAddon().batchNormGrad(values(dy), values(x), values(mean), values(variance), values(scale), relu, dx, dScale, dOffset, epsilon);
  return [backend.makeTensorInfo(x.shape, 'float32', dx), backend.makeTensorInfo([channels], 'float32', dScale), backend.makeTensorInfo([channels], 'float32', dOffset)];
};
