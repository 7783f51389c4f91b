/**
 * The im2col walk shared by lrlab's convolution kernels (wasm's backprop-filter and the blas
 * backend): for each output position of an NHWC convolution, where each run of its window's input
 * values sits in the input and in the im2col row.
 */
import type * as tf from '@tensorflow/tfjs';

/** Which examples of the batch to walk: `[start, start + size)`. */
export interface ExampleRange {
  /** The first example. */
  readonly start: number;
  /** How many examples. */
  readonly size: number;
}

/**
 * Calls `visit(colsOffset, inputOffset, length)` for every contiguous run of input values that an
 * im2col matrix `[examples · outHeight · outWidth, filterHeight · filterWidth · inChannels]` takes
 * from the NHWC input; entries over padding are never visited (the caller zero-fills them).
 * `colsOffset` counts from the first example of `range`.
 *
 * @param info - the convolution's shapes, strides and padding (tfjs's `Conv2DInfo`)
 * @param visit - receives each run: its offset in the im2col matrix, in the input, and its length
 * @param range - the examples to walk (default all)
 */
export function forEachConvWindow(
  info: tf.backend_util.Conv2DInfo,
  visit: (colsOffset: number, inputOffset: number, length: number) => void,
  range: ExampleRange = { start: 0, size: info.batchSize },
): void {
  const { inHeight, inWidth, inChannels, outHeight, outWidth, filterHeight, filterWidth, strideHeight, strideWidth, padInfo } = info;
  const rowStride = inWidth * inChannels;
  const windowLength = filterWidth * inChannels;
  let dst = 0;
  for (let b = range.start; b < range.start + range.size; b++) {
    const image = b * inHeight * rowStride;
    for (let oh = 0; oh < outHeight; oh++) {
      const top = oh * strideHeight - padInfo.top;
      for (let ow = 0; ow < outWidth; ow++) {
        const left = ow * strideWidth - padInfo.left;
        const inside = left >= 0 && left + filterWidth <= inWidth;
        for (let fh = 0; fh < filterHeight; fh++) {
          const ih = top + fh;
          if (ih >= 0 && ih < inHeight) {
            if (inside) {
              // The window's kw·ci values are contiguous in NHWC.
              visit(dst, image + ih * rowStride + left * inChannels, windowLength);
            } else {
              for (let fw = 0; fw < filterWidth; fw++) {
                const iw = left + fw;
                if (iw >= 0 && iw < inWidth) visit(dst + fw * inChannels, image + ih * rowStride + iw * inChannels, inChannels);
              }
            }
          }
          dst += windowLength;
        }
      }
    }
  }
}
