/**
 * `Conv2D`, `Conv2DBackpropInput` and `Conv2DBackpropFilter` for the `blas` backend: the addon
 * builds the im2col matrix block by block in C and multiplies each block with `cblas_sgemm`
 * (NHWC, any stride and padding, dilation 1; other cases go to the cpu kernels). With
 * M = batch·outHeight·outWidth rows and K = kh·kw·ci:
 *
 *   y[M, co]  = cols[M, K] · W[K, co]
 *   dW[K, co] = colsᵀ · dy[M, co]
 *   dx        = col2im(dy[M, co] · Wᵀ)        (each window's gradient added back into dx)
 *
 * where row m of `cols` holds the zero-padded input window under output position m, and the
 * filter [kh, kw, ci, co] is already K×co in row-major order (see native/conv.c).
 */
import * as tf from '@tensorflow/tfjs';
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

/** The addon's description of a convolution's geometry. */
function dims(info: tf.backend_util.Conv2DInfo): Int32Array {
  return Int32Array.of(
    info.batchSize,
    info.inHeight,
    info.inWidth,
    info.inChannels,
    info.outHeight,
    info.outWidth,
    info.filterHeight,
    info.filterWidth,
    info.strideHeight,
    info.strideWidth,
    info.padInfo.top,
    info.padInfo.left,
    info.outChannels,
  );
}

/** `Conv2D`: y = cols · W. */
export const conv2DBlas: BlasKernelFunc = (params) => {
  const { x, filter } = params.inputs as { x: tf.TensorInfo; filter: tf.TensorInfo };
  const attrs = params.attrs as unknown as ConvAttrs;
  if (!supported(attrs, x, filter)) return cpuKernel('Conv2D', params);
  const info = convInfo(x.shape, filter.shape, attrs);
  const y = new Float32Array(tf.util.sizeFromShape(info.outShape));
  if (y.length > 0) blasAddon().conv2d(valuesOf(params.backend, x), valuesOf(params.backend, filter), y, dims(info));
  return output(params.backend, info.outShape, y);
};

/** `Conv2DBackpropFilter`: dW = colsᵀ · dy. */
export const conv2DBackpropFilterBlas: BlasKernelFunc = (params) => {
  const { x, dy } = params.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const attrs = params.attrs as unknown as ConvAttrs;
  if (!supported(attrs, x, dy)) return cpuKernel('Conv2DBackpropFilter', params);
  const info = convInfo(x.shape, attrs.filterShape!, attrs);
  const dw = new Float32Array(tf.util.sizeFromShape(attrs.filterShape!));
  if (tf.util.sizeFromShape(dy.shape) > 0) blasAddon().conv2dBackpropFilter(valuesOf(params.backend, x), valuesOf(params.backend, dy), dw, dims(info));
  return output(params.backend, [...attrs.filterShape!], dw);
};

/** `Conv2DBackpropInput`: dx = col2im(dy · Wᵀ). */
export const conv2DBackpropInputBlas: BlasKernelFunc = (params) => {
  const { dy, filter } = params.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const attrs = params.attrs as unknown as ConvAttrs;
  if (!supported(attrs, dy, filter)) return cpuKernel('Conv2DBackpropInput', params);
  const info = convInfo(attrs.inputShape!, filter.shape, attrs);
  const dx = new Float32Array(tf.util.sizeFromShape(attrs.inputShape!));
  if (tf.util.sizeFromShape(dy.shape) > 0) blasAddon().conv2dBackpropInput(valuesOf(params.backend, dy), valuesOf(params.backend, filter), dx, dims(info));
  return output(params.backend, [...attrs.inputShape!], dx);
};
