/**
 * What a model kind is: an entry of the registry shape of `@lrlab/core` (`description`, `fields`,
 * `resolve`, `build`) plus the facts a run needs before building it. The built-in kinds and a
 * user's own are entries of this one type.
 */
import type { KindConfig, KindEntry, Seed } from '@lrlab/core';
import type * as tf from '@tensorflow/tfjs';
import type { LockstepContext } from './lockstep/lockstep-kind';
import type { Model } from './model';

/** What building a model needs besides its resolved config. */
export interface ModelBuildContext {
  /**
   * The root seed (a non-negative safe integer); built-in kinds draw initialisation from
   * `deriveSeed(seed, 'init', path)` and dropout from `deriveSeed(seed, 'dropout', step, site)`.
   */
  readonly seed: Seed;
  /**
   * The instance name, the prefix of every variable name; must not be in use by a live model.
   * Undefined for an automatic `<kind>-<n>` (see `claimModelName`).
   */
  readonly name?: string | undefined;
}

/**
 * A config of any model kind, built in or a user's, e.g. parsed JSON: a `kind` and that kind's own
 * fields, which its registry entry checks at run time.
 */
export type AnyModelConfig =
  | KindConfig
  | {
      /** The kind's name in its registry. */
      readonly kind: string;
      /** The kind's own fields. */
      readonly [field: string]: unknown;
    };

/**
 * What one example is to a model, which says which config field the data fills in:
 * `flat` — a vector `[d]`, field `inputSize` (the product of the example's shape);
 * `image` — `[height, width, channels]`, field `inputShape` (the example's shape).
 */
export type ModelInput = 'flat' | 'image';

/**
 * One kind of model in a registry.
 *
 * Its facts: {@link ModelKindEntry.input} says what one example is to it, so a run can fill its
 * input size or shape (and `numClasses`, when the kind has that field) from the data with
 * `completeModelConfig`.
 *
 * @typeParam Config - its JSON config (with `kind`), declared once
 * @typeParam Resolved - that config with every default filled in (what a run saves)
 * @example
 * ```ts
 * // A user's kind (the package README has it whole; the tests build and train it):
 * const LOGISTIC_KIND: ModelKindEntry<LogisticConfig, Required<LogisticConfig>> = {
 *   description: 'logistic regression on every input coordinate, with noise on the logits',
 *   fields: { inputSize: 'the input dimension d', numClasses: '...', initStd: '...' },
 *   input: 'flat',
 *   resolve: (config, path) => ({ kind: 'my-logistic', inputSize: checkInteger(`${path}.inputSize`, config.inputSize, { min: 1 }), ... }),
 *   build: (config, { seed, name }) => assembleModel(...),
 * };
 * const registry = withKinds(MODELS, { 'my-logistic': LOGISTIC_KIND }, 'model kind');
 * ```
 */
export interface ModelKindEntry<Config extends KindConfig = KindConfig, Resolved extends KindConfig = Config>
  extends KindEntry<Config, Resolved, Model<Resolved>, ModelBuildContext> {
  /** What one example is to this kind: a flat vector (`inputSize`) or an image (`inputShape`). */
  readonly input: ModelInput;
  /**
   * Optional: the kind's forward pass over K models at once (a `LockstepForward`). With it, a
   * study trains this kind's runs of one shape as one computation (`@lrlab/experiments`' lockstep
   * trainer); without it, each run trains alone. The built-in `two-layer` and `linear` kinds
   * have one.
   *
   * @param config - the models' resolved config (equal for all K)
   * @param x - inputs [K, batch, ...inputShape], run k's batch in slice k
   * @param variables - every variable by path, each [K, ...shape]
   * @param context - mode, step and the stacked noise hook
   * @returns logits [K, batch, outputUnits]
   */
  lockstep?(config: Resolved, x: tf.Tensor, variables: Readonly<Record<string, tf.Tensor>>, context: LockstepContext): tf.Tensor;
}
