/**
 * The config of the linear model (logistic regression), the effective-sample-size baseline of
 * SPEC §1: trained on the pattern-A coordinates x1 of 0.2N or 0.8N examples, it shows what the
 * network's A-only accuracy would be if it had learned A from that many examples.
 */
import { ConfigError, checkInteger, checkNonNegative, type FieldsOf } from '@lrlab/core';
import { checkBoolean, checkFields, checkNumClasses } from '../config-checks';

/**
 * The linear model's config: f(x) = ⟨w, x[start, end)⟩ + b.
 *
 * @example
 * ```ts
 * // Logistic regression on x1 = the first 2000 of 2002 coordinates:
 * const config: LinearConfig = { kind: 'linear', inputSize: 2002, features: [0, 2000] };
 * ```
 */
export interface LinearConfig {
  /** Discriminator. */
  readonly kind: 'linear';
  /** The input dimension d (inputs are `[batch, d]`). */
  readonly inputSize: number;
  /** The half-open range [start, end) of input coordinates the model sees; default all, [0, d). */
  readonly features?: readonly [number, number];
  /** Number of classes: 2 gives one logit and the logistic loss, k > 2 gives k logits. Default 2. */
  readonly numClasses?: number;
  /** Whether there is a (zero-initialised) bias; default true. */
  readonly bias?: boolean;
  /**
   * Standard deviation of the initial weights, N(0, initStd²); default 0: logistic regression
   * starts at w = 0, so its result does not depend on the seed.
   */
  readonly initStd?: number;
}

/** {@link LinearConfig} with every default filled in. */
export interface ResolvedLinearConfig {
  /** Discriminator. */
  readonly kind: 'linear';
  /** The input dimension d. */
  readonly inputSize: number;
  /** The range [start, end) of input coordinates used. */
  readonly features: readonly [number, number];
  /** Number of classes. */
  readonly numClasses: number;
  /** Whether there is a bias. */
  readonly bias: boolean;
  /** Standard deviation of the initial weights. */
  readonly initStd: number;
}

/** Every field of {@link LinearConfig}, described: the kind's schema (and the fields its resolver accepts). */
export const LINEAR_FIELDS: FieldsOf<LinearConfig> = Object.freeze({
  inputSize: 'the input dimension d (inputs are [batch, d]); filled from the data when absent',
  features: 'the half-open range [start, end) of input coordinates the model sees (default all, [0, d))',
  numClasses: 'number of classes: 2 gives one logit and the logistic loss, k > 2 gives k logits (default 2)',
  bias: 'whether there is a zero-initialised bias (default true)',
  initStd: 'standard deviation of the initial weights, N(0, initStd²) (default 0: w starts at 0, whatever the seed)',
});

/**
 * Validates a linear-model config and fills in its defaults.
 *
 * @param config - the config
 * @param field - its path in error messages
 * @returns the resolved config
 * @throws ConfigError naming the first invalid field
 */
export function resolveLinearConfig(config: LinearConfig, field = 'model'): ResolvedLinearConfig {
  const c = checkFields(field, config, ['kind', ...Object.keys(LINEAR_FIELDS)]);
  const inputSize = checkInteger(`${field}.inputSize`, c['inputSize'], { min: 1 });
  const features = c['features'] ?? [0, inputSize];
  if (!Array.isArray(features) || features.length !== 2) {
    throw new ConfigError(`${field}.features`, features, `[start, end] with 0 ≤ start < end ≤ ${inputSize}`);
  }
  const start = checkInteger(`${field}.features[0]`, features[0], { min: 0, max: inputSize - 1 });
  const end = checkInteger(`${field}.features[1]`, features[1], { min: start + 1, max: inputSize });
  return {
    kind: 'linear',
    inputSize,
    features: [start, end],
    numClasses: checkNumClasses(`${field}.numClasses`, c['numClasses'] ?? 2),
    bias: checkBoolean(`${field}.bias`, c['bias'], true),
    initStd: checkNonNegative(`${field}.initStd`, c['initStd'] ?? 0),
  };
}
