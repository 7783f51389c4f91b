/**
 * Element-wise kernels for the `blas` backend: `Add`, `Sub`, `Multiply`, `RealDiv` on float32
 * operands of the same shape, or where the smaller one's values simply repeat along the larger one
 * (a scalar, a per-channel vector against NHWC activations, a bias row against a batch: one flat
 * loop), or under any other broadcast (a strided loop), and
 * `Relu`, `Step`, `Neg`, `Square` on float32 input, in the addon's C loops.
 *
 * The cpu backend runs one generic JavaScript loop for every op and array type, which V8 cannot
 * specialise: an SGD update of a 2002×200 weight (`Add`) took 11 ms, 27 ns per element, most of a
 * two-layer training step. Results are the cpu backend's bit for bit (see native/elementwise.c);
 * other dtypes and ranks above 8 go to the cpu kernels.
 */
import * as tf from '@tensorflow/tfjs';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { blasAddon } from './addon';
import { cpuKernel, type BlasKernelFunc } from './matmul-kernels';

/** The addon's codes for its binary ops. */
const BINARY_OPS = { Add: 0, Sub: 1, Multiply: 2, RealDiv: 3 } as const;
/** The addon's codes for its unary ops. */
const UNARY_OPS = { Relu: 0, Step: 1, Neg: 2, Square: 3 } as const;

/** Whether `small`'s values repeat with period |small| along a tensor of shape `full`. */
function repeats(small: readonly number[], full: readonly number[]): boolean {
  if (small.length > full.length) return false;
  const padded = [...new Array<number>(full.length - small.length).fill(1), ...small];
  let k = 0;
  while (k < padded.length && padded[k] === 1 && full[k] !== 1) k++;
  for (let d = k; d < padded.length; d++) if (padded[d] !== full[d]) return false;
  return true;
}

function binary(name: keyof typeof BINARY_OPS): BlasKernelFunc {
  const op = BINARY_OPS[name];
  return (params) => {
    const { a, b } = params.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    if (a.dtype !== 'float32' || b.dtype !== 'float32') return cpuKernel(name, params);
    const shape = tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
    const aFull = tf.util.arraysEqual(a.shape, shape);
    const bFull = tf.util.arraysEqual(b.shape, shape);
    const backend = params.backend as MathBackendCPU;
    const av = backend.data.get(a.dataId).values;
    const bv = backend.data.get(b.dataId).values;
    // A float32 tensor can hold another typed array (tf.tensor(int32Array, shape, 'float32')).
    if (!(av instanceof Float32Array) || !(bv instanceof Float32Array) || shape.length > 8) return cpuKernel(name, params);
    const out = new Float32Array(tf.util.sizeFromShape(shape));
    if (out.length === 0) return backend.makeTensorInfo(shape, 'float32', out);
    if ((aFull && (bFull || repeats(b.shape, shape))) || (bFull && repeats(a.shape, shape))) {
      blasAddon().binary(op, av, bv, out);
    } else {
      // Any other broadcast, e.g. [n, 1, 1, c] against [n, h, w, c] (global average pooling's gradient).
      const padded = (s: number[]) => Int32Array.from([...new Array<number>(shape.length - s.length).fill(1), ...s]);
      blasAddon().broadcast(op, av, padded(a.shape), bv, padded(b.shape), out, Int32Array.from(shape));
    }
    return backend.makeTensorInfo(shape, 'float32', out);
  };
}

function unary(name: keyof typeof UNARY_OPS): BlasKernelFunc {
  const op = UNARY_OPS[name];
  return (params) => {
    const { x } = params.inputs as { x: tf.TensorInfo };
    if (x.dtype !== 'float32') return cpuKernel(name, params);
    const backend = params.backend as MathBackendCPU;
    const xv = backend.data.get(x.dataId).values;
    if (!(xv instanceof Float32Array)) return cpuKernel(name, params);
    const out = new Float32Array(xv.length);
    const alpha = name === 'Step' ? Number((params.attrs as { alpha?: number } | undefined)?.alpha ?? 0) : 0;
    blasAddon().unary(op, xv, out, alpha);
    return backend.makeTensorInfo(x.shape, 'float32', out);
  };
}

/** `Add` on float32, with any broadcast. */
export const addBlas = binary('Add');
/** `Sub` on float32, with any broadcast. */
export const subBlas = binary('Sub');
/** `Multiply` on float32, with any broadcast. */
export const mulBlas = binary('Multiply');
/** `RealDiv` on float32, with any broadcast. */
export const divBlas = binary('RealDiv');
/** `Relu` on float32: `Math.max(0, x)` (NaN stays NaN). */
export const reluBlas = unary('Relu');
/** `Step` on float32: 1 above 0, `alpha` otherwise, NaN for NaN. */
export const stepBlas = unary('Step');
/** `Neg` on float32. */
export const negBlas = unary('Neg');
/** `Square` on float32. */
export const squareBlas = unary('Square');

/**
 * core's `LrlabScaledAdd` (`scaledAdd`): `fround(alpha)·x + y` in one pass, each operation rounded
 * as tfjs's `add(mul(scalar(alpha), x), y)` rounds it. Other dtypes or shapes compute exactly those
 * two ops with the cpu kernels.
 */
export const scaledAddBlas: BlasKernelFunc = (params) => {
  const { x, y } = params.inputs as { x: tf.TensorInfo; y: tf.TensorInfo };
  const alpha = Number((params.attrs as { alpha?: number } | undefined)?.alpha);
  const backend = params.backend as MathBackendCPU;
  const xv = backend.data.get(x.dataId).values;
  const yv = backend.data.get(y.dataId).values;
  if (xv instanceof Float32Array && yv instanceof Float32Array && tf.util.arraysEqual(x.shape, y.shape) && x.dtype === 'float32' && y.dtype === 'float32') {
    const out = new Float32Array(xv.length);
    blasAddon().scaledAdd(alpha, xv, yv, out);
    return backend.makeTensorInfo(x.shape, 'float32', out);
  }
  const scale = backend.makeTensorInfo([], 'float32', Float32Array.of(alpha));
  const scaled = cpuKernel('Multiply', { inputs: { a: scale, b: x }, backend });
  const sum = cpuKernel('Add', { inputs: { a: scaled, b: y }, backend });
  backend.disposeData(scale.dataId);
  backend.disposeData(scaled.dataId);
  return sum;
};
