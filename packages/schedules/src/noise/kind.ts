/**
 * What a noise-injector kind is: an entry of core's one registry shape (`KindEntry`) that builds an
 * injector from its config, a σ schedule and a seed, plus the fact a composer needs to wire it in:
 * where it acts (`acts`). Built-in kinds are entries of `NOISE_INJECTORS`; a user's kind is an
 * entry of the same shape, added with `withKinds(NOISE_INJECTORS, { 'my-noise': entry }, 'noise kind')`.
 *
 * The config's `sigma` belongs to the composer: `@lrlab/experiments` writes it as a value spec (a
 * number, `{ unit, schedule }` or `{ fromLearningRate }`) and turns it into a step schedule before
 * building, so an entry's `resolve` passes `sigma` through untouched and its `build` reads σ from
 * the context.
 */
import type * as tf from '@tensorflow/tfjs';
import type { KindConfig, KindEntry, NoiseInjector, Schedule, Seed } from '@lrlab/core';

/** Where a noise injector acts: on pre-activations, on gradients, or on the weights. */
export type NoiseTarget = 'preactivation' | 'gradient' | 'weight';

/** The config of any noise-injector kind: its `kind`, its σ (as the composer writes it), and its own fields. */
export interface NoiseKindConfig extends KindConfig {
  /** The standard deviation over training, in the composer's terms; turned into a schedule before building. */
  readonly sigma: unknown;
}

/** What building an injector needs besides its config. */
export interface NoiseBuildContext {
  /** The standard deviation σ(step) over 0-based training steps (already resolved by the composer). */
  readonly sigma: Schedule;
  /** The injector's own root seed (e.g. `deriveSeed(runSeed, 'noise', i)`). */
  readonly seed: Seed;
}

/** Noise on the gradients: what a `gradient` kind builds (a {@link GradientNoise} is one). */
export interface GradientNoiseTransform {
  /**
   * Adds noise to every gradient. Returns `grads` itself when it adds nothing, otherwise new
   * tensors that the caller disposes (as well as `grads`).
   *
   * @param grads - gradients by variable name
   * @param step - the 0-based training step
   * @returns the noisy gradients, by the same names
   */
  apply(grads: tf.NamedTensorMap, step: number): tf.NamedTensorMap;
}

/** Variables to perturb: an array (each is named by its `name`) or a map by name. */
export type NoisyVariables = readonly tf.Variable[] | Readonly<Record<string, tf.Variable>>;

/** Noise on the weights, in place: what a `weight` kind builds (a {@link WeightNoise} is one). */
export interface WeightNoiseTransform {
  /**
   * Adds noise to the variables in place, after the optimizer step.
   *
   * @param variables - the variables, as an array or a map by name
   * @param step - the 0-based training step
   */
  apply(variables: NoisyVariables, step: number): void;
}

/**
 * A kind of noise on pre-activations (after batch norm, before each ReLU): it builds core's
 * {@link NoiseInjector}, which models call at every site. Injectors at this site combine
 * (variances add) with `combineNoise`.
 *
 * @typeParam Config - its JSON config
 */
export interface PreactivationNoiseEntry<Config extends NoiseKindConfig = NoiseKindConfig> extends KindEntry<Config, Config, NoiseInjector, NoiseBuildContext> {
  /** Where it acts. */
  readonly acts: 'preactivation';
  /**
   * Defaults that depend on the model, filled in by the composer before `resolve` where the config
   * leaves them out (e.g. one shared noise map per injection on image models).
   *
   * @param model - whether the model takes images
   * @returns field values to use where the config has none
   */
  defaultsFor?(model: { readonly imageModel: boolean }): Readonly<Record<string, unknown>>;
}

/**
 * A kind of noise on the gradients, applied before the optimizer step.
 *
 * @typeParam Config - its JSON config
 */
export interface GradientNoiseEntry<Config extends NoiseKindConfig = NoiseKindConfig> extends KindEntry<Config, Config, GradientNoiseTransform, NoiseBuildContext> {
  /** Where it acts. */
  readonly acts: 'gradient';
}

/**
 * A kind of noise on the weights, applied after the optimizer step.
 *
 * @typeParam Config - its JSON config
 */
export interface WeightNoiseEntry<Config extends NoiseKindConfig = NoiseKindConfig> extends KindEntry<Config, Config, WeightNoiseTransform, NoiseBuildContext> {
  /** Where it acts. */
  readonly acts: 'weight';
}

/** Any noise-injector kind; `acts` says which, and so what its `build` returns. */
export type NoiseKindEntry = PreactivationNoiseEntry | GradientNoiseEntry | WeightNoiseEntry;

/** A built pre-activation injector, as {@link buildNoiseInjector} returns it. */
export interface BuiltPreactivationNoise {
  /** Where it acts. */
  readonly acts: 'preactivation';
  /** The injector models call at every site. */
  readonly injector: NoiseInjector;
}

/** A built gradient-noise transform, as {@link buildNoiseInjector} returns it. */
export interface BuiltGradientNoise {
  /** Where it acts. */
  readonly acts: 'gradient';
  /** The transform applied to the gradients before the update. */
  readonly injector: GradientNoiseTransform;
}

/** A built weight-noise transform, as {@link buildNoiseInjector} returns it. */
export interface BuiltWeightNoise {
  /** Where it acts. */
  readonly acts: 'weight';
  /** The transform applied to the weights after the update. */
  readonly injector: WeightNoiseTransform;
}

/** A built injector with where it acts: narrow on `acts` to get the injector's type. */
export type BuiltNoise = BuiltPreactivationNoise | BuiltGradientNoise | BuiltWeightNoise;
