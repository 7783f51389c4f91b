/**
 * What a forward pass carries through the layers: the mode, the step, the seed for dropout, the
 * noise hook and the activation observer.
 */
import type * as tf from '@tensorflow/tfjs';
import { ConfigError, type NoiseInjector, type NoiseSite, type Seed } from '@lrlab/core';

/** The per-pass context a model's forward function receives. */
export interface ForwardContext {
  /** Training or evaluation. */
  readonly training: boolean;
  /** The 0-based training step. */
  readonly step: number;
  /** The model's root seed (dropout masks derive from it). */
  readonly seed: Seed;
  /**
   * The batch-norm momentum of this pass where the caller set one (`ApplyOptions.batchNormMomentum`),
   * else undefined. The built-in models' batch-norm layers use it in place of their momentum; a
   * model of one's own with running statistics should too, so that re-estimating them works.
   */
  readonly batchNormMomentum?: number;
  /**
   * Passes activations through the noise injector at a site (identity without one).
   *
   * @param x - the activations at the site
   * @param site - the site
   * @returns the activations, with noise in training
   */
  noise(x: tf.Tensor, site: NoiseSite): tf.Tensor;
  /**
   * Shows a named intermediate activation to the caller's observer, if any.
   *
   * @param name - the stage's name
   * @param x - the activation
   */
  observe(name: string, x: tf.Tensor): void;
}

/**
 * Makes the context of one forward pass.
 *
 * @param training - the mode
 * @param step - the step
 * @param seed - the model's root seed
 * @param injector - the noise injector, if any
 * @param observer - the activation observer, if any
 * @param batchNormMomentum - the pass's batch-norm momentum, if the caller set one
 * @returns the context
 */
export function forwardContext(
  training: boolean,
  step: number,
  seed: Seed,
  injector: NoiseInjector | undefined,
  observer: ((name: string, activation: tf.Tensor) => void) | undefined,
  batchNormMomentum?: number,
): ForwardContext {
  return {
    training,
    step,
    seed,
    ...(batchNormMomentum === undefined ? {} : { batchNormMomentum }),
    noise(x, site) {
      if (injector === undefined) return x;
      const y = injector.apply(x, site, { step, training });
      // Evaluation must be noise-free (core's NoiseInjector contract); an injector that breaks
      // it would silently corrupt every reported test accuracy, so fail loudly instead.
      if (!training && y !== x) {
        throw new ConfigError(
          'noise',
          site.name,
          'an injector that returns its input unchanged in evaluation (training: false)',
          'Fix the injector: the NoiseInjector contract requires apply to return x itself when context.training is false.',
        );
      }
      return y;
    },
    observe(name, x) {
      observer?.(name, x);
    },
  };
}
