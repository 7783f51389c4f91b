/**
 * Convolution with the reference's padding: a k×k kernel is padded by (k − 1)/2 on every side,
 * also at stride 2 (PyTorch `padding=1` for 3×3). tfjs `'same'` pads a stride-2 convolution of an
 * even-sized input only at the bottom and right, which shifts the sampling grid by one pixel
 * against the reference; explicit padding keeps it.
 */
import * as tf from '@tensorflow/tfjs';

/**
 * Convolves NHWC input with a square, odd-sized kernel, padding (k − 1)/2 zeros on every side.
 * Output size: ⌊(H + k − 1 − k)/stride⌋ + 1, e.g. 32 → 16 → 8 at stride 2 with k = 3.
 *
 * @param x - input `[batch, height, width, in]`
 * @param kernel - `[k, k, in, out]`, k odd
 * @param stride - 1 or 2 (any positive integer)
 * @returns `[batch, outHeight, outWidth, out]`
 */
export function referenceConv2d(x: tf.Tensor4D, kernel: tf.Tensor4D, stride: number): tf.Tensor4D {
  const pad = (kernel.shape[0] - 1) / 2;
  return tf.conv2d(x, kernel, stride, [
    [0, 0],
    [pad, pad],
    [pad, pad],
    [0, 0],
  ]);
}

/**
 * The output size of {@link referenceConv2d} along one spatial axis.
 *
 * @param size - input height or width
 * @param kernelSize - k
 * @param stride - the stride
 * @returns ⌊(size − 1)/stride⌋ + 1 for odd k
 */
export function referenceConvOutputSize(size: number, kernelSize: number, stride: number): number {
  return Math.floor((size + 2 * ((kernelSize - 1) / 2) - kernelSize) / stride) + 1;
}
