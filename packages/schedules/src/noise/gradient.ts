/**
 * Gradient (update) noise: Gaussian noise added to every gradient before the optimizer step, with
 * a standard deviation tied to the learning rate. Offered for studies of "SGD noise grows with the
 * LR"; it is **not** the paper's mechanism: SPEC §1 found that Gaussian noise on the weight
 * updates with std ∝ lr destroys pattern A instead of reproducing the large-LR effect. The
 * paper's mitigation is {@link preactivationNoise}.
 */
import * as tf from '@tensorflow/tfjs';
import { ConfigError, checkFinite, checkNumber, checkSeed, deriveSeed, seededNormal, type ScalarOrSchedule, type Schedule, type Seed } from '@lrlab/core';
import { powerOf } from '../lr/combinators';
import { isDescribed } from '../schedule';
import { toSchedule } from '../to-schedule';
import type { GradientNoiseConfig } from './config';
import { at } from '../lr/values';
import type { GradientNoiseEntry, GradientNoiseTransform } from './kind';
import { checkedStd, checkSigmaGiven, checkStep } from './sigma';

/** Options of {@link gradientNoise}. */
export interface GradientNoiseOptions {
  /** The learning rate the noise follows: a constant or a schedule (usually the optimizer's). */
  readonly learningRate: ScalarOrSchedule;
  /** The coefficient c ≥ 0 of σ = c · lr^p. */
  readonly coefficient: number;
  /** The power p (finite) of σ = c · lr^p; default 1. */
  readonly power?: number;
  /** The root seed; each draw uses `deriveSeed(seed, 'gradient-noise', step, name)`. */
  readonly seed: Seed;
}

/** A gradient-noise transform made by {@link gradientNoise}. */
export interface GradientNoise extends GradientNoiseTransform {
  /** Discriminator. */
  readonly kind: 'gradient-noise';
  /** The root seed. */
  readonly seed: Seed;
  /** The σ schedule c · lr(step)^p (it throws a `ConfigError` where σ is negative or not finite). */
  readonly sigma: Schedule;
  /** The JSON description for run records; absent when the learning rate is a plain function. */
  readonly config?: GradientNoiseConfig;
  /**
   * The standard deviation at a step.
   *
   * @param step - a 0-based training step
   * @returns c · lr(step)^p
   */
  sigmaAt(step: number): number;
  /**
   * Adds N(0, σ(step)²) noise to every gradient, element-wise and independently.
   *
   * Ownership: the input tensors are never modified or disposed. When σ(step) > 0 the result is a
   * new map of new tensors that the caller disposes (as well as `grads`). When σ(step) = 0 the
   * result is `grads` itself, adding exactly nothing; test `result !== grads` before disposing
   * both, or dispose both anyway (tfjs's `dispose` ignores a tensor already disposed).
   *
   * @param grads - gradients by variable name, e.g. from `tf.variableGrads(...).grads`
   * @param step - the 0-based training step
   * @returns the noisy gradients by the same names, or `grads` itself when σ(step) = 0
   * @throws ConfigError for a bad step or an invalid σ at that step
   */
  apply(grads: tf.NamedTensorMap, step: number): tf.NamedTensorMap;
}

/**
 * Makes a gradient-noise transform: g ↦ g + ξ, ξ ~ N(0, σ(step)²) with σ(step) = c · lr(step)^p,
 * drawn per (seed, step, variable name), so the draw does not depend on the order of the map.
 *
 * Under plain SGD the update −lr · (g + ξ) then carries noise of std c · lr^(p+1); SPEC §1's
 * "update noise ∝ lr" is p = 0. **Not the paper's mechanism**: SPEC §1 found that update noise
 * ∝ lr destroys pattern A; it is offered for studies only. See {@link preactivationNoise} for the
 * paper's mitigation and {@link weightNoise} for noise on the parameters themselves.
 *
 * @param options - learning rate, coefficient, power and seed
 * @returns the transform
 * @throws ConfigError for a negative or non-finite learning rate or coefficient, a non-finite
 *   power or a bad seed
 * @example
 * ```ts
 * const noise = gradientNoise({ learningRate: lr, coefficient: 0.5, power: 1, seed: 3 });
 * const { value, grads } = tf.variableGrads(loss);
 * const noisy = noise.apply(grads, step);
 * optimizer.applyGradients(noisy);
 * tf.dispose([value, grads, noisy]);
 * ```
 */
export function gradientNoise(options: GradientNoiseOptions): GradientNoise {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigError('options', options, 'an object { learningRate, coefficient, power, seed }');
  }
  const learningRate = toSchedule(options.learningRate, 'learningRate');
  const coefficient = checkNumber('coefficient', options.coefficient, { min: 0 });
  const power = checkFinite('power', options.power ?? 1);
  const seed = checkSeed('seed', options.seed);
  const described = powerOf(learningRate, { coefficient, power });
  const sigma = checkedStd(described, 'sigma');

  const apply = (grads: tf.NamedTensorMap, step: number): tf.NamedTensorMap => {
    if (typeof grads !== 'object' || grads === null) throw new ConfigError('grads', grads, 'a map of gradient tensors by variable name');
    const s = checkStep('step', step);
    const std = sigma(s);
    if (std === 0) return grads;
    return tf.tidy(() => {
      const noisy: tf.NamedTensorMap = {};
      for (const [name, grad] of Object.entries(grads)) {
        noisy[name] = tf.add(grad, seededNormal(grad.shape, deriveSeed(seed, 'gradient-noise', s, name), { std }));
      }
      return noisy;
    });
  };

  return Object.freeze({
    kind: 'gradient-noise',
    seed,
    sigma,
    sigmaAt: (step: number) => sigma(checkStep('step', step)),
    apply,
    ...(isDescribed(described) ? { config: { kind: 'gradient-noise', seed, sigma: described.config } as const } : {}),
  });
}

/**
 * Gradient noise in a run's config: `{ kind: 'gradient', sigma }`.
 *
 * @typeParam Sigma - how the composer writes σ
 */
export interface GradientNoiseSpec<Sigma = unknown> {
  /** Discriminator. */
  readonly kind: 'gradient';
  /** The standard deviation over training, in the composer's terms (a schedule by the time it is built). */
  readonly sigma: Sigma;
}

/**
 * The `gradient` noise kind: {@link gradientNoise} whose σ is the context's schedule (coefficient 1,
 * power 1), with the context's seed. Not the paper's mechanism (see {@link gradientNoise}).
 */
export const gradientNoiseKind: GradientNoiseEntry<GradientNoiseSpec> = {
  acts: 'gradient',
  description: 'Gaussian noise on every gradient before the optimizer step (studies only; not the paper\'s mechanism)',
  fields: { sigma: 'the standard deviation over training (the composer turns it into a schedule before building)' },
  resolve: (config, path) => ({ kind: 'gradient', sigma: checkSigmaGiven(at(path, 'sigma'), config.sigma) }),
  build: (_config, context) => gradientNoise({ learningRate: context.sigma, coefficient: 1, power: 1, seed: context.seed }),
};
