/** {@link dense} over a leading run axis: each run's x·W (+ b) with its own W and b. */
import * as tf from '@tensorflow/tfjs';

/**
 * Computes x_k·W_k (+ b_k) for every run k, as {@link dense} computes each one alone.
 *
 * @param x - `[K, batch, in]`
 * @param kernel - `[K, in, out]`
 * @param bias - `[K, out]`, or undefined for none
 * @returns `[K, batch, out]`
 */
export function denseStacked(x: tf.Tensor, kernel: tf.Tensor, bias?: tf.Tensor): tf.Tensor3D {
  const product = tf.matMul<tf.Tensor3D>(x as tf.Tensor3D, kernel as tf.Tensor3D);
  return bias === undefined ? product : (tf.add(product, tf.expandDims(bias, 1)) as tf.Tensor3D);
}
