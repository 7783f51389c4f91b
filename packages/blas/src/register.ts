/**
 * The `blas` tfjs backend: the pure-JavaScript cpu backend (`MathBackendCPU`) with every cpu kernel,
 * and the matrix products and convolutions replaced by OpenBLAS's sgemm. tfjs's registered
 * gradients call these kernels, so training runs on them too.
 */
import { availableParallelism } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { BATCH_NORM_GRAD_KERNEL, BATCH_NORM_TRAIN_KERNEL, SCALED_ADD_KERNEL, SGD_STEP_KERNEL } from '@lrlab/core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { blasAddon } from './addon';
import { applyBlasHeap, blasHeapFromEnv, type BlasHeapPolicy } from './heap';
import { blasIsaFromEnv, setBlasIsa, supportedBlasIsas, type BlasIsa } from './kernel-path';
import { conv2DBackpropFilterBlas, conv2DBackpropInputBlas, conv2DBlas } from './conv-kernels';
import { batchMatMulBlas, fusedMatMulBlas, type BlasKernelFunc } from './matmul-kernels';
import { batchNormBlas, batchNormGradBlas, batchNormTrainBlas } from './batch-norm-kernel';
import { addBlas, divBlas, mulBlas, negBlas, reluBlas, scaledAddBlas, squareBlas, stepBlas, subBlas } from './elementwise-kernels';
import { meanBlas, sumBlas } from './reduce-kernels';
import { sgdStepBlas } from './sgd-step-kernel';
import { sliceBlas } from './slice-kernel';
import { transposeBlas } from './transpose-kernel';

/** The tfjs backend name {@link registerBlasBackend} registers. */
export const BLAS_BACKEND_NAME = 'blas';

/**
 * The kernels the `blas` backend replaces: the matrix products and convolutions (on OpenBLAS),
 * `Slice`, `Transpose`, `Sum`, `Mean` (direct loops; C for batch norm's reductions), and `Add`,
 * `Sub`, `Multiply`, `RealDiv`, `Relu`, `Step`, `Neg`, `Square` and `FusedBatchNorm` on float32
 * (the addon's C loops); every other kernel is the cpu backend's. The backend also has
 * {@link BLAS_FUSED_KERNELS}, which the cpu backend lacks.
 */
export const BLAS_KERNELS: Readonly<Record<string, BlasKernelFunc>> = {
  BatchMatMul: batchMatMulBlas,
  _FusedMatMul: fusedMatMulBlas,
  Conv2D: conv2DBlas,
  Conv2DBackpropInput: conv2DBackpropInputBlas,
  Conv2DBackpropFilter: conv2DBackpropFilterBlas,
  Slice: sliceBlas,
  Transpose: transposeBlas,
  Sum: sumBlas,
  Mean: meanBlas,
  Add: addBlas,
  Sub: subBlas,
  Multiply: mulBlas,
  RealDiv: divBlas,
  Relu: reluBlas,
  Step: stepBlas,
  Neg: negBlas,
  Square: squareBlas,
  FusedBatchNorm: batchNormBlas,
};

/**
 * The fused kernels `@lrlab/core` calls when the active backend has them (`scaledAdd`, `sgdStep`
 * for optimizer updates, `batchNormTraining` and its gradient), keyed by core's kernel names.
 */
export const BLAS_FUSED_KERNELS: Readonly<Record<string, (params: Parameters<BlasKernelFunc>[0]) => tf.TensorInfo | tf.TensorInfo[]>> = {
  [SCALED_ADD_KERNEL]: scaledAddBlas,
  [SGD_STEP_KERNEL]: sgdStepBlas,
  [BATCH_NORM_TRAIN_KERNEL]: batchNormTrainBlas,
  [BATCH_NORM_GRAD_KERNEL]: batchNormGradBlas,
};

/** Options of {@link registerBlasBackend}. */
export interface RegisterBlasOptions {
  /** Threads for products and the addon's loops; default the machine's cores (`os.availableParallelism()`). */
  readonly threads?: number;
  /**
   * The direct convolutions' SIMD path; default `LRLAB_BLAS_ISA` when set, else the fastest this
   * CPU runs (see {@link blasKernelPath}).
   */
  readonly isa?: BlasIsa;
  /** Whether freed blocks stay in the heap for reuse (see `applyBlasHeap`); default `LRLAB_BLAS_HEAP`, else `keep`. */
  readonly heap?: BlasHeapPolicy;
}

/** What {@link registerBlasBackend} set up. */
export interface BlasRegistration {
  /** The backend name, `blas`. */
  readonly name: string;
  /** The thread count now in effect. */
  readonly threads: number;
  /** How many kernels the backend has (cpu's, with {@link BLAS_KERNELS} replaced). */
  readonly kernels: number;
  /** Whether freed blocks are kept in the heap for reuse. */
  readonly heapKept: boolean;
}

/**
 * Sets the thread count of products (cut into pieces by their shape, each a one-thread OpenBLAS
 * call) and of the addon's own loops. Results are the same with any count.
 *
 * @param threads - an integer ≥ 1
 * @throws BackendError when the addon is not available
 */
export function setBlasThreads(threads: number): void {
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`threads must be an integer >= 1, got ${threads}`);
  blasAddon().setThreads(threads);
}

/**
 * The current thread count.
 *
 * @returns the count
 * @throws BackendError when the addon is not available
 */
export function getBlasThreads(): number {
  return blasAddon().getThreads();
}

/**
 * Registers the `blas` tfjs backend (idempotent) and sets the thread count and SIMD path. It does
 * not make it the active backend: call `tf.setBackend('blas')`, or let `@lrlab/core`'s
 * `initBackend` choose it.
 *
 * @param options - thread count and SIMD path
 * @returns the backend name, thread count and number of kernels
 * @throws BackendError when the OpenBLAS addon is not built or does not load (with the install
 *   command), or when the SIMD path asked for is unknown or this CPU cannot run it
 * @example
 * ```ts
 * registerBlasBackend({ threads: 2 });
 * await tf.setBackend('blas');
 * tf.matMul(a, b); // cblas_sgemm
 * ```
 */
export function registerBlasBackend(options: RegisterBlasOptions = {}): BlasRegistration {
  const addon = blasAddon();
  // Every registration sets the path, so a path forced for one run does not outlive it.
  setBlasIsa(options.isa ?? blasIsaFromEnv() ?? supportedBlasIsas()[0]!);
  setBlasThreads(options.threads ?? availableParallelism());
  const heapKept = applyBlasHeap(options.heap ?? blasHeapFromEnv());
  if (!tf.findBackendFactory(BLAS_BACKEND_NAME)) {
    // Priority 0, below cpu's 1: tfjs never picks it on its own, only when asked.
    tf.registerBackend(
      BLAS_BACKEND_NAME,
      () => {
        const backend = new MathBackendCPU();
        // The cpu backend's first write advises installing tfjs-node; wrong advice for this backend.
        (backend as unknown as { firstUse: boolean }).firstUse = false;
        return backend;
      },
      0,
    );
  }
  for (const config of tf.getKernelsForBackend('cpu')) {
    if (tf.getKernel(config.kernelName, BLAS_BACKEND_NAME)) continue;
    const kernelFunc = BLAS_KERNELS[config.kernelName];
    tf.registerKernel({ ...config, backendName: BLAS_BACKEND_NAME, ...(kernelFunc ? { kernelFunc: kernelFunc as unknown as tf.KernelFunc } : {}) });
  }
  for (const [kernelName, kernelFunc] of Object.entries(BLAS_FUSED_KERNELS)) {
    if (!tf.getKernel(kernelName, BLAS_BACKEND_NAME)) tf.registerKernel({ kernelName, backendName: BLAS_BACKEND_NAME, kernelFunc: kernelFunc as unknown as tf.KernelFunc });
  }
  return { name: BLAS_BACKEND_NAME, threads: addon.getThreads(), kernels: tf.getKernelsForBackend(BLAS_BACKEND_NAME).length, heapKept };
}
