/**
 * `y + α·x` as one kernel where a backend has one. An SGD step is `w ← w + (−lr)·g`, which tfjs
 * computes as two full-size ops (`mul` then `add`), each allocating and filling an array the size
 * of the weights; a backend that registers {@link SCALED_ADD_KERNEL} (lrlab's `blas` does) does it
 * in one pass, with the same two roundings, so the result is the same to the bit.
 */
import * as tf from '@tensorflow/tfjs';

/** The kernel name a backend registers for {@link scaledAdd}: inputs `{ x, y }`, attribute `{ alpha }`. */
export const SCALED_ADD_KERNEL = 'LrlabScaledAdd';

/**
 * `add(mul(scalar(alpha), x), y)`: α·x rounded, then added to y and rounded (α is first rounded to
 * float32, as `tf.scalar` does). Runs the backend's {@link SCALED_ADD_KERNEL} when it has one and
 * the operands are float32 tensors of one shape; otherwise those two tfjs ops. Not differentiable
 * through the fused kernel: it is meant for optimizer updates.
 *
 * @param x - the scaled operand (a gradient)
 * @param y - the other operand (the weights)
 * @param alpha - the scale (−learning rate)
 * @returns a new tensor
 * @example
 * ```ts
 * weights.assign(tf.tidy(() => scaledAdd(gradient, weights, -0.1)));
 * ```
 */
export function scaledAdd(x: tf.Tensor, y: tf.Tensor, alpha: number): tf.Tensor {
  const fused =
    x.dtype === 'float32' && y.dtype === 'float32' && tf.util.arraysEqual(x.shape, y.shape) && tf.getKernel(SCALED_ADD_KERNEL, tf.getBackend()) !== undefined;
  if (fused) return tf.engine().runKernel(SCALED_ADD_KERNEL, { x, y }, { alpha }) as tf.Tensor;
  return tf.tidy(() => tf.add(tf.mul(tf.scalar(alpha), x), y));
}
