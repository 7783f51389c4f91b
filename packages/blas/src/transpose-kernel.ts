/**
 * `Transpose` for the `blas` backend. The cpu backend converts every element's index to a
 * location and back (`indexToLoc`/`locToIndex`, an array per element); this walks the output in
 * order and steps the source offset by the permuted strides. Strings and complex tensors go to
 * the cpu kernel. (The cpu reductions call their own transpose directly, not this kernel; see
 * `reduce-kernels.ts`.)
 */
import * as tf from '@tensorflow/tfjs';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { cpuKernel, type BlasKernelFunc } from './matmul-kernels';

type NumericArray = Float32Array | Int32Array | Uint8Array;

/** `Transpose` by strided copy. */
export const transposeBlas: BlasKernelFunc = (params) => {
  const { x } = params.inputs as { x: tf.TensorInfo };
  const { perm } = params.attrs as unknown as { perm: number[] };
  const rank = x.shape.length;
  if (x.dtype === 'string' || x.dtype === 'complex64' || rank < 2) return cpuKernel('Transpose', params);
  const backend = params.backend as MathBackendCPU;
  const source = backend.data.get(x.dataId).values as NumericArray;
  const outShape = perm.map((p) => x.shape[p]!);
  const xStrides = [...tf.util.computeStrides(x.shape), 1];
  // Source stride of each output dimension.
  const step = perm.map((p) => xStrides[p]!);
  const out = tf.util.getTypedArrayFromDType(x.dtype as 'float32', source.length) as NumericArray;
  const inner = outShape[rank - 1]!;
  const innerStep = step[rank - 1]!;
  const index = new Array<number>(rank - 1).fill(0);
  let base = 0;
  for (let dst = 0; dst < out.length; dst += inner) {
    for (let i = 0, src = base; i < inner; i++, src += innerStep) out[dst + i] = source[src]!;
    // Advance the outer indices like an odometer, keeping `base` = Σ index[d]·step[d].
    for (let d = rank - 2; d >= 0; d--) {
      base += step[d]!;
      if (++index[d]! < outShape[d]!) break;
      base -= step[d]! * outShape[d]!;
      index[d] = 0;
    }
  }
  return backend.makeTensorInfo(outShape, x.dtype, out);
};
