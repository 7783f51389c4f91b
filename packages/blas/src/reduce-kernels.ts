/**
 * `Sum` and `Mean` for the `blas` backend (float32). The cpu backend first transposes the
 * reduced axes to the end with its element-by-element transpose; batch norm reduces every NHWC
 * activation over its three leading axes, and those transposes took 31% of a wrn16x1 training
 * step. This accumulates in place instead, in the same order and the same float64 precision as
 * the cpu kernel (each output sums its inputs in row-major order of the reduced axes; `Mean`
 * divides each value by the count first, in float32, as cpu does), so results are identical; the
 * loop runs in the addon's C (native/reduce.c). Other dtypes, empty tensors and unsorted axis lists
 * go to the cpu kernels.
 */
import * as tf from '@tensorflow/tfjs';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { blasAddon } from './addon';
import { cpuKernel, type BlasKernelFunc } from './matmul-kernels';

function reduce(params: Parameters<BlasKernelFunc>[0], name: 'Sum' | 'Mean'): tf.TensorInfo {
  const { x } = params.inputs as { x: tf.TensorInfo };
  const { axis, keepDims } = params.attrs as unknown as { axis: number | number[]; keepDims: boolean };
  const rank = x.shape.length;
  const axes = rank === 0 ? [] : tf.util.parseAxisParam(axis, x.shape);
  const sorted = axes.every((a, i) => i === 0 || a > axes[i - 1]!);
  if (x.dtype !== 'float32' || axes.length === 0 || !sorted) return cpuKernel(name, params);
  const backend = params.backend as MathBackendCPU;
  const source = backend.data.get(x.dataId).values;
  if (!(source instanceof Float32Array)) return cpuKernel(name, params);
  const [outShape, reduceShape] = tf.backend_util.computeOutAndReduceShapes(x.shape, axes);
  const count = tf.util.sizeFromShape(reduceShape);
  const shape = keepDims ? tf.backend_util.expandShapeToKeepDim(outShape, axes) : outShape;
  // The addon takes up to 8 axes.
  if (count === 0 || source.length === 0 || rank > 8) return cpuKernel(name, params);
  const out = new Float32Array(tf.util.sizeFromShape(outShape));
  const outStrides = [...tf.util.computeStrides(outShape), 1];
  // Output offset step of each input dimension: 0 along reduced axes.
  const steps: number[] = [];
  let kept = 0;
  for (let d = 0; d < rank; d++) steps.push(axes.includes(d) ? 0 : outStrides[kept++]!);
  blasAddon().reduce(name === 'Sum' ? 0 : 1, source, Int32Array.from(x.shape), Int32Array.from(steps), out);
  return backend.makeTensorInfo(shape, 'float32', out);
}

/** `Sum` without the transpose. */
export const sumBlas: BlasKernelFunc = (params) => reduce(params, 'Sum');

/** `Mean` without the transpose. */
export const meanBlas: BlasKernelFunc = (params) => reduce(params, 'Mean');
