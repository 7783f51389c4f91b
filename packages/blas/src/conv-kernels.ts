/**
 * `Conv2D`, `Conv2DBackpropInput` and `Conv2DBackpropFilter` for the `blas` backend, by im2col /
 * col2im in JavaScript and one `cblas_sgemm` each (NHWC, any stride and padding, dilation 1; other
 * cases go to the cpu kernels). With M = batch·outHeight·outWidth rows and K = kh·kw·ci:
 *
 *   y[M, co]  = cols[M, K] · W[K, co]
 *   dW[K, co] = colsᵀ · dy[M, co]
 *   dx        = col2im(dy[M, co] · Wᵀ)        (each window's gradient added back into dx)
 *
 * where row m of `cols` holds the zero-padded input window under output position m, and the
 * filter [kh, kw, ci, co] is already K×co in row-major order.
 */
import * as tf from '@tensorflow/tfjs';
import { forEachConvWindow } from '@lrlab/core';
import { blasAddon } from './addon';
import { cpuKernel, output, valuesOf, type BlasKernelFunc } from './matmul-kernels';

/** Attributes the three convolution kernels share. */
interface ConvAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dilations?: [number, number] | number;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape?: [number, number, number, number];
  inputShape?: [number, number, number, number];
}

function supported(attrs: ConvAttrs, ...infos: tf.TensorInfo[]): boolean {
  const dilations = attrs.dilations ?? 1;
  const unit = typeof dilations === 'number' ? dilations === 1 : dilations.every((d) => d === 1);
  return attrs.dataFormat !== 'NCHW' && unit && infos.every((i) => i.dtype === 'float32');
}

function convInfo(xShape: number[], filterShape: number[], attrs: ConvAttrs): tf.backend_util.Conv2DInfo {
  return tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    'channelsLast',
  );
}

/** The im2col matrix [M, K] of x (zeros where the window covers padding). */
function im2col(x: Float32Array, info: tf.backend_util.Conv2DInfo): Float32Array {
  const rows = info.batchSize * info.outHeight * info.outWidth;
  const cols = new Float32Array(rows * info.filterHeight * info.filterWidth * info.inChannels);
  forEachConvWindow(info, (dst, src, length) => {
    for (let i = 0; i < length; i++) cols[dst + i] = x[src + i]!;
  });
  return cols;
}

/** `Conv2D` through im2col + sgemm. */
export const conv2DBlas: BlasKernelFunc = (params) => {
  const { x, filter } = params.inputs as { x: tf.TensorInfo; filter: tf.TensorInfo };
  const attrs = params.attrs as unknown as ConvAttrs;
  if (!supported(attrs, x, filter)) return cpuKernel('Conv2D', params);
  const info = convInfo(x.shape, filter.shape, attrs);
  const rows = info.batchSize * info.outHeight * info.outWidth;
  const k = info.filterHeight * info.filterWidth * info.inChannels;
  const cols = im2col(valuesOf(params.backend, x), info);
  const out = new Float32Array(rows * info.outChannels);
  blasAddon().sgemm(false, false, rows, info.outChannels, k, 1, cols, k, valuesOf(params.backend, filter), info.outChannels, 0, out, info.outChannels);
  return output(params.backend, info.outShape, out);
};

/** `Conv2DBackpropFilter`: dW = colsᵀ · dy. */
export const conv2DBackpropFilterBlas: BlasKernelFunc = (params) => {
  const { x, dy } = params.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const attrs = params.attrs as unknown as ConvAttrs;
  if (!supported(attrs, x, dy)) return cpuKernel('Conv2DBackpropFilter', params);
  const info = convInfo(x.shape, attrs.filterShape!, attrs);
  const rows = info.batchSize * info.outHeight * info.outWidth;
  const k = info.filterHeight * info.filterWidth * info.inChannels;
  const cols = im2col(valuesOf(params.backend, x), info);
  const out = new Float32Array(k * info.outChannels);
  blasAddon().sgemm(true, false, k, info.outChannels, rows, 1, cols, k, valuesOf(params.backend, dy), info.outChannels, 0, out, info.outChannels);
  return output(params.backend, [...attrs.filterShape!], out);
};

/** `Conv2DBackpropInput`: dx = col2im(dy · Wᵀ). */
export const conv2DBackpropInputBlas: BlasKernelFunc = (params) => {
  const { dy, filter } = params.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const attrs = params.attrs as unknown as ConvAttrs;
  if (!supported(attrs, dy, filter)) return cpuKernel('Conv2DBackpropInput', params);
  const info = convInfo(attrs.inputShape!, filter.shape, attrs);
  const rows = info.batchSize * info.outHeight * info.outWidth;
  const k = info.filterHeight * info.filterWidth * info.inChannels;
  const cols = new Float32Array(rows * k);
  blasAddon().sgemm(false, true, rows, k, info.outChannels, 1, valuesOf(params.backend, dy), info.outChannels, valuesOf(params.backend, filter), info.outChannels, 0, cols, k);
  const dx = new Float32Array(tf.util.sizeFromShape(attrs.inputShape!));
  forEachConvWindow(info, (src, dst, length) => {
    for (let i = 0; i < length; i++) dx[dst + i]! += cols[src + i]!;
  });
  return output(params.backend, [...attrs.inputShape!], dx);
};
