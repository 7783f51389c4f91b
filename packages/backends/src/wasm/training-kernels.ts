/**
 * Training kernels that the tfjs wasm backend lacks, registered at run time from our code
 * (never by patching `node_modules`).
 *
 * tfjs-backend-wasm 4.22 has no `Conv2DBackpropFilter`, so no conv net can be trained on it. We
 * build one from kernels wasm does have, by im2col + one large matrix product:
 *
 *   dW[fh, fw, ci, co] = Σ_{b, oh, ow} xPadded[b, oh·sh + fh, ow·sw + fw, ci] · dy[b, oh, ow, co]
 *
 * The im2col matrix `cols` [M, kh·kw·ci] (M = batch·outHeight·outWidth; row m holds the padded
 * input window under output position m) is written straight into the wasm heap, and
 * dWᵀ = dyᵀ · cols is one matmul of [co, M] by [M, kh·kw·ci]. Transposing dy (M·co values) first is far cheaper than asking the
 * matmul to transpose its left operand, which measured ~10× slower on wasm. Large batches are
 * processed in chunks so that `cols` stays within a fixed memory budget.
 */
import * as tf from '@tensorflow/tfjs';
import { forEachConvWindow } from './conv-windows';
import { BackendError, checkNumber } from '@lrlab/core';

type KernelFn = (params: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap }) => tf.TensorInfo;

/** Default memory budget of the im2col matrix per chunk: 128 MiB. */
const DEFAULT_COLS_BUDGET_BYTES = 128 * 2 ** 20;

/** Current budget, set by {@link registerWasmTrainingKernels}. */
let colsBudgetBytes = DEFAULT_COLS_BUDGET_BYTES;

function wasmKernel(name: string): KernelFn {
  const config = tf.getKernel(name, 'wasm');
  if (!config) {
    throw new BackendError(
      'wasm',
      `The wasm backend has no ${name} kernel, which lrlab's Conv2DBackpropFilter needs.`,
      'Install @tensorflow/tfjs-backend-wasm at the same version as @tensorflow/tfjs (4.22.x).',
    );
  }
  return config.kernelFunc as unknown as KernelFn;
}

/** Runs wasm kernels and disposes their intermediate outputs. */
class KernelRunner {
  private readonly kernels = new Map<string, KernelFn>();
  constructor(private readonly backend: tf.KernelBackend) {}

  run(name: string, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap = {}): tf.TensorInfo {
    let kernel = this.kernels.get(name);
    if (!kernel) {
      kernel = wasmKernel(name);
      this.kernels.set(name, kernel);
    }
    return kernel({ inputs, backend: this.backend, attrs });
  }

  reshape(x: tf.TensorInfo, shape: number[]): tf.TensorInfo {
    return this.run('Reshape', { x }, { shape });
  }

  dispose(...infos: tf.TensorInfo[]): void {
    for (const info of infos) this.backend.disposeData(info.dataId);
  }

  /**
   * Writes the im2col matrix [1, rows, kh·kw·ci] of examples [start, start + size) straight into
   * the wasm heap, padding with zeros. A JavaScript copy of contiguous runs beats composing
   * PadV2 + kh·kw StridedSlices + Concat, which measured ~10× slower for small channel counts.
   */
  im2col(x: tf.TensorInfo, info: tf.backend_util.Conv2DInfo, start: number, size: number): tf.TensorInfo {
    const rowLength = info.filterHeight * info.filterWidth * info.inChannels;
    const out = (this.backend as WasmBackendHeap).makeOutput([1, size * info.outHeight * info.outWidth, rowLength], 'float32');
    // Views are taken after allocating: allocation may grow (and move) the wasm memory.
    const cols = (this.backend as WasmBackendHeap).typedArrayFromHeap(out) as Float32Array;
    const input = (this.backend as WasmBackendHeap).typedArrayFromHeap(x) as Float32Array;
    cols.fill(0); // padding; the walk below copies everything else
    forEachConvWindow(
      info,
      (dst, src, length) => {
        for (let i = 0; i < length; i++) cols[dst + i] = input[src + i]!;
      },
      { start, size },
    );
    return out;
  }
}

/** The parts of tfjs-backend-wasm's BackendWasm that kernels use to work on its heap directly. */
interface WasmBackendHeap extends tf.KernelBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/** Attributes tfjs passes to `Conv2DBackpropFilter`. */
interface Conv2DBackpropFilterAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
}

/**
 * The gradient of a 2-D convolution with respect to its filter, on the wasm backend.
 * Supports NHWC, strides ≥ 1, `same`, `valid`, numeric and explicit padding, dilation 1.
 */
function conv2DBackpropFilterWasm(params: {
  inputs: tf.NamedTensorInfoMap;
  backend: tf.KernelBackend;
  attrs?: tf.NamedAttrMap;
}): tf.TensorInfo {
  const { x, dy } = params.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const attrs = params.attrs as unknown as Conv2DBackpropFilterAttrs;
  if (attrs.dataFormat === 'NCHW') {
    throw new BackendError(
      'wasm',
      'lrlab\'s wasm Conv2DBackpropFilter supports only channels-last (NHWC) data.',
      'Use dataFormat "NHWC" (the tfjs default) or train on the cpu backend.',
    );
  }
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    attrs.filterShape,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    'channelsLast',
  );
  const { batchSize, inChannels, outChannels, outHeight, outWidth, filterHeight, filterWidth } = info;
  const k = filterHeight * filterWidth * inChannels;
  const ops = new KernelRunner(params.backend);

  const chunk = Math.max(1, Math.min(batchSize, Math.floor(colsBudgetBytes / 4 / Math.max(1, outHeight * outWidth * k))));
  let total: tf.TensorInfo | undefined;
  for (let start = 0; start < batchSize; start += chunk) {
    const size = Math.min(chunk, batchSize - start);
    const rows = size * outHeight * outWidth;
    const cols = ops.im2col(x, info, start, size);
    const dyChunk =
      size === batchSize
        ? dy
        : ops.run('Slice', { x: dy }, { begin: [start, 0, 0, 0], size: [size, outHeight, outWidth, outChannels] });
    const dyRows = ops.reshape(dyChunk, [rows, outChannels]);
    const dyT = ops.run('Transpose', { x: dyRows }, { perm: [1, 0] });
    const dyT3d = ops.reshape(dyT, [1, outChannels, rows]);
    const product = ops.run('BatchMatMul', { a: dyT3d, b: cols }, { transposeA: false, transposeB: false });
    ops.dispose(cols, dyRows, dyT, dyT3d);
    if (dyChunk !== dy) ops.dispose(dyChunk);
    if (total === undefined) {
      total = product;
    } else {
      const sum = ops.run('Add', { a: total, b: product });
      ops.dispose(total, product);
      total = sum;
    }
  }
  const total2d = ops.reshape(total!, [outChannels, k]);
  const transposed = ops.run('Transpose', { x: total2d }, { perm: [1, 0] });
  const result = ops.reshape(transposed, [...attrs.filterShape]);
  ops.dispose(total!, total2d, transposed);
  return result;
}

/** Names of the kernels {@link registerWasmTrainingKernels} adds to the wasm backend. */
export const WASM_TRAINING_KERNELS: readonly string[] = ['Conv2DBackpropFilter'];

/** Options of {@link registerWasmTrainingKernels}. */
export interface RegisterWasmKernelsOptions {
  /**
   * Replace a kernel even when the installed wasm backend already has one (keeping its
   * `setupFunc` and `disposeFunc`). Default false: a native kernel is left in place.
   */
  readonly replace?: boolean;
  /**
   * Memory budget of the im2col matrix of `Conv2DBackpropFilter`, in bytes; larger batches are
   * processed in chunks that fit. Default 128 MiB. The wasm heap is limited to 4 GiB.
   */
  readonly colsBudgetBytes?: number;
}

/**
 * Registers lrlab's training kernels on the wasm backend so conv nets can be trained there.
 * Idempotent; called by {@link initBackend} when it selects `wasm`. Calling it again with a new
 * `colsBudgetBytes` changes the budget.
 *
 * @param options - whether to replace kernels the installed backend already has
 * @returns the names of the kernels that were registered by this call
 */
export function registerWasmTrainingKernels(options: RegisterWasmKernelsOptions = {}): string[] {
  if (options.colsBudgetBytes !== undefined) {
    colsBudgetBytes = checkNumber('colsBudgetBytes', options.colsBudgetBytes, { min: 1 });
  }
  const registered: string[] = [];
  const existing = tf.getKernel('Conv2DBackpropFilter', 'wasm');
  if (existing?.kernelFunc === (conv2DBackpropFilterWasm as unknown as tf.KernelFunc)) return registered;
  if (existing && !options.replace) return registered;
  if (existing) tf.unregisterKernel('Conv2DBackpropFilter', 'wasm');
  const config: tf.KernelConfig = {
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: conv2DBackpropFilterWasm as unknown as tf.KernelFunc,
  };
  // A replaced kernel's setup (binding its wasm functions) must still run when the backend starts.
  if (existing?.setupFunc) config.setupFunc = existing.setupFunc;
  if (existing?.disposeFunc) config.disposeFunc = existing.disposeFunc;
  tf.registerKernel(config);
  registered.push('Conv2DBackpropFilter');
  return registered;
}
