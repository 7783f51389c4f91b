/**
 * Training-mode batch norm over the leading axes (per channel of NHWC activations), as two
 * fused kernels where a backend has them and as tfjs ops otherwise. Forward: the batch mean μ and
 * biased variance σ² per channel and y = β + (x − μ)·γ/√(σ² + ε). Backward, with
 * x̂ = (x − μ)·r, r = (σ² + ε)^(−1/2) and n values per channel:
 *
 *   ∂β = Σ dy,   ∂γ = Σ dy·x̂,   ∂x = γ·r·(dy − ∂β/n − x̂·∂γ/n)
 *
 * With tfjs ops the forward takes five full-size passes and the backward seven; lrlab's `blas`
 * backend registers {@link BATCH_NORM_TRAIN_KERNEL} and {@link BATCH_NORM_GRAD_KERNEL}, which take
 * three and two, accumulating in float64. The two paths agree to float32 rounding.
 */
import * as tf from '@tensorflow/tfjs';

/**
 * Kernel name of the fused forward: inputs `{ x, scale, offset }` (x float32 with channels last,
 * scale and offset `[C]`), attribute `{ varianceEpsilon }`; outputs `[y, mean, variance]`.
 */
export const BATCH_NORM_TRAIN_KERNEL = 'LrlabBatchNormTrain';

/**
 * Kernel name of the fused backward: inputs `{ dy, x, mean, variance, scale }` and, when a ReLU
 * follows the batch norm, `reluOutput` (dy is then first masked by step(reluOutput), the ReLU's
 * gradient); attribute `{ varianceEpsilon }`; outputs `[dx, dScale, dOffset]`.
 */
export const BATCH_NORM_GRAD_KERNEL = 'LrlabBatchNormGrad';

/** What {@link batchNormTraining} returns. */
export interface BatchNormTrainingResult {
  /** The normalised, scaled and shifted activations, x's shape. */
  readonly y: tf.Tensor;
  /** The batch mean per channel, `[C]`. */
  readonly mean: tf.Tensor1D;
  /** The biased batch variance per channel, `[C]`. */
  readonly variance: tf.Tensor1D;
}

/** What {@link batchNormTrainingGrad} returns. */
export interface BatchNormGradients {
  /** ∂x, x's shape. */
  readonly dx: tf.Tensor;
  /** ∂γ, `[C]`. */
  readonly dScale: tf.Tensor1D;
  /** ∂β, `[C]`. */
  readonly dOffset: tf.Tensor1D;
}

function fused(kernel: string, ...tensors: tf.Tensor[]): boolean {
  return tensors.every((t) => t.dtype === 'float32') && tf.getKernel(kernel, tf.getBackend()) !== undefined;
}

/** The leading axes of x: every axis but the channels. */
function statAxes(x: tf.Tensor): number[] {
  return Array.from({ length: x.rank - 1 }, (_, i) => i);
}

/**
 * Batch norm with batch statistics: per channel (last axis) μ, biased σ², and
 * y = offset + (x − μ)·scale/√(σ² + ε). Not differentiable by itself: pair it with
 * {@link batchNormTrainingGrad} in a `tf.customGrad`.
 *
 * @param x - activations, channels last, rank ≥ 2
 * @param scale - γ, `[C]`
 * @param offset - β, `[C]`
 * @param epsilon - ε
 * @returns y, mean and variance (new tensors)
 */
export function batchNormTraining(x: tf.Tensor, scale: tf.Tensor1D, offset: tf.Tensor1D, epsilon: number): BatchNormTrainingResult {
  if (fused(BATCH_NORM_TRAIN_KERNEL, x, scale, offset)) {
    const [y, mean, variance] = tf.engine().runKernel(BATCH_NORM_TRAIN_KERNEL, { x, scale, offset }, { varianceEpsilon: epsilon }) as tf.Tensor[];
    return { y: y!, mean: mean as tf.Tensor1D, variance: variance as tf.Tensor1D };
  }
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(x, statAxes(x));
    const y = tf.batchNorm(x, mean as tf.Tensor1D, variance as tf.Tensor1D, offset, scale, epsilon);
    return { y, mean: mean as tf.Tensor1D, variance: variance as tf.Tensor1D };
  });
}

/**
 * The gradients of {@link batchNormTraining} (through the batch mean and variance too), optionally
 * of a ReLU applied after it (and after anything whose gradient is the identity, such as additive
 * noise): then pass the ReLU's output, and dy is masked as tfjs's ReLU gradient masks it,
 * dy·step(output), before the batch norm's gradient.
 *
 * @param dy - the gradient of y (or of the ReLU's output)
 * @param x - the forward input
 * @param mean - the forward's batch mean
 * @param variance - the forward's batch variance
 * @param scale - γ
 * @param epsilon - ε
 * @param reluOutput - the output of a ReLU that follows, if any
 * @returns ∂x, ∂γ and ∂β (new tensors)
 */
export function batchNormTrainingGrad(
  dy: tf.Tensor,
  x: tf.Tensor,
  mean: tf.Tensor1D,
  variance: tf.Tensor1D,
  scale: tf.Tensor1D,
  epsilon: number,
  reluOutput?: tf.Tensor,
): BatchNormGradients {
  if (fused(BATCH_NORM_GRAD_KERNEL, dy, x, mean, variance, scale, ...(reluOutput ? [reluOutput] : []))) {
    const inputs = { dy, x, mean, variance, scale, ...(reluOutput ? { reluOutput } : {}) };
    const [dx, dScale, dOffset] = tf.engine().runKernel(BATCH_NORM_GRAD_KERNEL, inputs, { varianceEpsilon: epsilon }) as tf.Tensor[];
    return { dx: dx!, dScale: dScale as tf.Tensor1D, dOffset: dOffset as tf.Tensor1D };
  }
  return tf.tidy(() => {
    if (reluOutput) dy = tf.mul(dy, tf.step(reluOutput));
    const axes = statAxes(x);
    const count = x.size / x.shape[x.rank - 1]!;
    const xhat = tf.batchNorm(x, mean, variance, undefined, undefined, epsilon);
    const dOffset = tf.sum(dy, axes) as tf.Tensor1D;
    const dScale = tf.sum(tf.mul(dy, xhat), axes) as tf.Tensor1D;
    const a = tf.mul(scale, tf.rsqrt(tf.add(variance, epsilon))) as tf.Tensor1D;
    // −(a/n)·(∂β + x̂·∂γ), as one fused affine map of x.
    const rest = tf.batchNorm(x, mean, variance, tf.mul(a, tf.div(dOffset, -count)) as tf.Tensor1D, tf.mul(a, tf.div(dScale, -count)) as tf.Tensor1D, epsilon);
    return { dx: tf.add(tf.mul(dy, a), rest), dScale, dOffset };
  });
}
