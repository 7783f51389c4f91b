/**
 * What a model kind provides to train K of its models in lockstep: one forward pass over inputs
 * and variables that carry a leading run axis, computing each run's slice with the ops its own
 * forward pass uses, so each slice gets the bits the run would get alone.
 */
import type * as tf from '@tensorflow/tfjs';
import type { NoiseSite } from '@lrlab/core';

/** The per-pass context of a lockstep forward pass: the mode, the step and the stacked noise hook. */
export interface LockstepContext {
  /** Training or evaluation. */
  readonly training: boolean;
  /** The 0-based training step, the same for every run of the stack. */
  readonly step: number;
  /**
   * Adds each run's own noise to its slice of the activations at a site (identity in evaluation
   * and where no run adds noise).
   *
   * @param x - the stacked activations [K, batch, ...]
   * @param site - the site
   * @returns the activations with each run's noise
   */
  noise(x: tf.Tensor, site: NoiseSite): tf.Tensor;
}

/**
 * A kind's lockstep forward pass: the kind's forward over K models at once.
 *
 * `x` is [K, batch, ...inputShape]; `variables` holds every variable of the model by path, each
 * [K, ...shape] (run k's variable is slice k); the result is the logits [K, batch, outputUnits].
 * Use batched products (`tf.matMul` on rank-3 tensors computes each slice as the rank-2 product
 * does) and elementwise ops that broadcast per run; call `context.noise` where the kind's own
 * forward calls its noise hook. It runs inside `tf.tidy`.
 *
 * @typeParam Config - the kind's resolved config
 */
export type LockstepForward<Config> = (config: Config, x: tf.Tensor, variables: Readonly<Record<string, tf.Tensor>>, context: LockstepContext) => tf.Tensor;
