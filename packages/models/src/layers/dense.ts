/** A dense (fully connected) layer as one matrix product and an optional bias. */
import * as tf from '@tensorflow/tfjs';

/**
 * Computes x·W (+ b).
 *
 * @param x - `[batch, in]`
 * @param kernel - `[in, out]`
 * @param bias - `[out]`, or undefined for none
 * @returns `[batch, out]`
 */
export function dense(x: tf.Tensor2D, kernel: tf.Tensor, bias?: tf.Tensor): tf.Tensor2D {
  const product = tf.matMul<tf.Tensor2D>(x, kernel);
  return bias === undefined ? product : (tf.add(product, bias) as tf.Tensor2D);
}
