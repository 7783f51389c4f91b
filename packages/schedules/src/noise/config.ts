/**
 * The JSON description of every noise injector this package builds, for run records: the mode,
 * the root seed and the σ schedule's own config. An injector carries it as `config` when every
 * schedule it was given is described (built by this package's factories); a plain function
 * (`(s) => 13.33 * lr(s) ** 2`) cannot be saved, so its injector has no `config`.
 */
import type { KindConfig, Seed } from '@lrlab/core';

/** How pre-activation noise is shaped: an independent draw per element, or one H×W map per injection. */
export type PreactivationNoiseMode = 'iid' | 'shared-map';

/** `preactivationNoise({ sigma, mode, seed })`. */
export interface PreactivationNoiseConfig {
  /** Discriminator. */
  readonly kind: 'preactivation-noise';
  /** How the noise is shaped. */
  readonly mode: PreactivationNoiseMode;
  /** The root seed the draws are derived from. */
  readonly seed: Seed;
  /** The standard deviation σ(step). */
  readonly sigma: KindConfig;
}

/** `combineNoise(injectors)` when the injectors are applied one after another. */
export interface SequentialNoiseConfig {
  /** Discriminator. */
  readonly kind: 'sequential-noise';
  /** The injectors, in the order they are applied. */
  readonly injectors: readonly NoiseInjectorConfig[];
}

/** The config of any activation noise injector of this package. */
export type NoiseInjectorConfig = PreactivationNoiseConfig | SequentialNoiseConfig;

/** `gradientNoise({ learningRate, coefficient, power, seed })`. */
export interface GradientNoiseConfig {
  /** Discriminator. */
  readonly kind: 'gradient-noise';
  /** The root seed the draws are derived from. */
  readonly seed: Seed;
  /** The standard deviation c · lr(step)^p, as a `power-of` schedule config. */
  readonly sigma: KindConfig;
}

/** `weightNoise({ sigma, seed })`. */
export interface WeightNoiseConfig {
  /** Discriminator. */
  readonly kind: 'weight-noise';
  /** The root seed the draws are derived from. */
  readonly seed: Seed;
  /** The standard deviation σ(step). */
  readonly sigma: KindConfig;
}
