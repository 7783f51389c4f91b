/**
 * `Sum` and `Mean` for the `blas` backend (float32). The cpu backend first transposes the
 * reduced axes to the end with its element-by-element transpose; batch norm reduces every NHWC
 * activation over its three leading axes, and those transposes took 31% of a wrn16x1 training
 * step. This accumulates in place instead, in the same order and the same float64 precision as
 * the cpu kernel (each output sums its inputs in row-major order of the reduced axes; `Mean`
 * divides each value by the count first, in float32, as cpu does), so results are identical.
 * Reductions over leading axes (batch norm's per-channel statistics) run in the addon's C loop.
 * Other dtypes and unsorted axis lists go to the cpu kernels.
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
  if (axes.every((a, i) => a === i) && count > 0 && source.length > 0) {
    // The leading axes: out[j] reduces x[r·|out| + j] over rows r.
    const out = new Float32Array(tf.util.sizeFromShape(outShape));
    blasAddon().reduceRows(name === 'Sum' ? 0 : 1, source, out);
    return backend.makeTensorInfo(shape, 'float32', out);
  }
  const outStrides = [...tf.util.computeStrides(outShape), 1];
  // Output offset step of each input dimension: 0 along reduced axes.
  const step: number[] = [];
  let kept = 0;
  for (let d = 0; d < rank; d++) step.push(axes.includes(d) ? 0 : outStrides[kept++]!);
  const acc = new Float64Array(tf.util.sizeFromShape(outShape));
  const inner = x.shape[rank - 1]!;
  const innerStep = step[rank - 1]!;
  const index = new Array<number>(rank - 1).fill(0);
  let base = 0;
  for (let src = 0; src < source.length; src += inner) {
    if (name === 'Mean') {
      for (let i = 0; i < inner; i++) acc[base + i * innerStep]! += Math.fround(source[src + i]! / count);
    } else {
      for (let i = 0; i < inner; i++) acc[base + i * innerStep]! += source[src + i]!;
    }
    for (let d = rank - 2; d >= 0; d--) {
      base += step[d]!;
      if (++index[d]! < x.shape[d]!) break;
      base -= step[d]! * x.shape[d]!;
      index[d] = 0;
    }
  }
  return backend.makeTensorInfo(shape, 'float32', Float32Array.from(acc));
}

/** `Sum` without the transpose. */
export const sumBlas: BlasKernelFunc = (params) => reduce(params, 'Sum');

/** `Mean` without the transpose. */
export const meanBlas: BlasKernelFunc = (params) => reduce(params, 'Mean');
