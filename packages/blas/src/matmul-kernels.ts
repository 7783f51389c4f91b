/**
 * `BatchMatMul` and `_FusedMatMul` for the `blas` backend: one `cblas_sgemm` per matrix product
 * (one per batch when both operands are batched, a single one when only the left is), on the
 * float32 arrays the cpu backend stores. Other dtypes and broadcasts that are neither equal nor
 * 1 go to the cpu kernel, so results are always those of tfjs up to float32 rounding.
 *
 * The fused product applies bias and activation with the cpu backend's own kernels, exactly as
 * its `_FusedMatMul` does: `activation(a·b + bias)`.
 */
import * as tf from '@tensorflow/tfjs';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { blasAddon } from './addon';

/** A kernel function as tfjs calls it. */
export type BlasKernelFunc = (params: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap }) => tf.TensorInfo;

/** Runs a kernel of the cpu backend on `backend` (a MathBackendCPU, so the cpu kernels work on it). */
export function cpuKernel(name: string, params: Parameters<BlasKernelFunc>[0]): tf.TensorInfo {
  const config = tf.getKernel(name, 'cpu');
  if (!config) throw new Error(`The cpu backend has no ${name} kernel.`);
  return (config.kernelFunc as unknown as BlasKernelFunc)(params);
}

/** The float32 values the cpu backend holds for a tensor. */
export function valuesOf(backend: tf.KernelBackend, info: tf.TensorInfo): Float32Array {
  return (backend as MathBackendCPU).data.get(info.dataId).values as Float32Array;
}

/** A new float32 tensor on the cpu backend holding `values`. */
export function output(backend: tf.KernelBackend, shape: number[], values: Float32Array): tf.TensorInfo {
  return (backend as MathBackendCPU).makeTensorInfo(shape, 'float32', values);
}

/** Attributes of `BatchMatMul`. */
interface MatMulAttrs {
  transposeA: boolean;
  transposeB: boolean;
}

/** `BatchMatMul` through sgemm. */
export const batchMatMulBlas: BlasKernelFunc = (params) => {
  const { a, b } = params.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  const { transposeA, transposeB } = params.attrs as unknown as MatMulAttrs;
  const backend = params.backend;
  const aRank = a.shape.length;
  const bRank = b.shape.length;
  const batchA = tf.util.sizeFromShape(a.shape.slice(0, -2));
  const batchB = tf.util.sizeFromShape(b.shape.slice(0, -2));
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || (batchA !== batchB && batchA !== 1 && batchB !== 1)) {
    return cpuKernel('BatchMatMul', params);
  }
  const k = transposeA ? a.shape[aRank - 2]! : a.shape[aRank - 1]!;
  const kB = transposeB ? b.shape[bRank - 1]! : b.shape[bRank - 2]!;
  const m = transposeA ? a.shape[aRank - 1]! : a.shape[aRank - 2]!;
  const n = transposeB ? b.shape[bRank - 2]! : b.shape[bRank - 1]!;
  const outer = tf.backend_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  tf.util.assert(
    k === kB,
    () => `Error in matMul: inner shapes (${k}) and (${kB}) of Tensors with shapes ${a.shape} and ${b.shape} and transposeA=${transposeA} and transposeB=${transposeB} must match.`,
  );
  const batch = Math.max(batchA, batchB);
  const av = valuesOf(backend, a);
  const bv = valuesOf(backend, b);
  // An empty inner dimension gives zeros (and no valid leading dimension for sgemm).
  if (k === 0 || m === 0 || n === 0) return output(backend, [...outer, m, n], new Float32Array(batch * m * n));
  const out = new Float32Array(batch * m * n);
  const { sgemm } = blasAddon();
  const lda = transposeA ? m : k;
  const ldb = transposeB ? k : n;
  if (batchB === 1 && !transposeA) {
    // The batches of a are consecutive rows of one (batch·m)×k matrix: one product.
    sgemm(false, transposeB, batch * m, n, k, 1, av, lda, bv, ldb, 0, out, n);
  } else {
    // Each product cut as its own call would cut it (the bits of a lone matMul of that shape), all
    // of the batch's pieces on the threads at once: a lockstep batch of small products uses both cores.
    blasAddon().sgemmBatched(batch, transposeA, transposeB, m, n, k, 1, av, batchA === 1 ? 0 : m * k, lda, bv, batchB === 1 ? 0 : k * n, ldb, 0, out, m * n, n);
  }
  return output(backend, [...outer, m, n], out);
};

/** Attributes of `_FusedMatMul`. */
interface FusedMatMulAttrs extends MatMulAttrs {
  activation?: string;
  leakyreluAlpha?: number;
}

/** The cpu backend's activation, as its `applyActivation` does it. */
function activate(backend: tf.KernelBackend, x: tf.TensorInfo, activation: string, prelu: tf.TensorInfo | undefined, leakyreluAlpha: number | undefined): tf.TensorInfo {
  switch (activation) {
    case 'linear':
      return cpuKernel('Identity', { inputs: { x }, backend });
    case 'relu':
      return cpuKernel('Relu', { inputs: { x }, backend });
    case 'elu':
      return cpuKernel('Elu', { inputs: { x }, backend });
    case 'relu6':
      return cpuKernel('Relu6', { inputs: { x }, backend });
    case 'prelu':
      return cpuKernel('Prelu', { inputs: { x, alpha: prelu! }, backend });
    case 'leakyrelu':
      return cpuKernel('LeakyRelu', { inputs: { x }, backend, attrs: { alpha: leakyreluAlpha! } });
    case 'sigmoid':
      return cpuKernel('Sigmoid', { inputs: { x }, backend });
    default:
      throw new Error(`Activation ${activation} has not been implemented for the blas backend.`);
  }
}

/** `_FusedMatMul` (matMul + bias + activation) through sgemm. */
export const fusedMatMulBlas: BlasKernelFunc = (params) => {
  const { a, b, bias, preluActivationWeights } = params.inputs as Record<string, tf.TensorInfo | undefined>;
  const attrs = params.attrs as unknown as FusedMatMulAttrs;
  const backend = params.backend;
  let current = batchMatMulBlas({ inputs: { a: a!, b: b! }, backend, attrs: { transposeA: attrs.transposeA, transposeB: attrs.transposeB } });
  if (bias) {
    const sum = cpuKernel('Add', { inputs: { a: current, b: bias }, backend });
    backend.disposeData(current.dataId);
    current = sum;
  }
  if (attrs.activation) {
    const activated = activate(backend, current, attrs.activation, preluActivationWeights, attrs.leakyreluAlpha);
    backend.disposeData(current.dataId);
    current = activated;
  }
  return current;
};
