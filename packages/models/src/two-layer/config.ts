/**
 * The config of the theory's two-layer network (SPEC §1):
 * f(x) = Σ_j a_j · act(⟨w_j, x⟩ + b_j), j = 1..m.
 */
import { ConfigError, checkInteger, checkOneOf, checkPositive, type FieldsOf } from '@lrlab/core';
import { ACTIVATIONS, type Activation } from '../layers/activation';
import { checkBoolean, checkFields, checkNumClasses } from '../config-checks';

/**
 * The split form: hidden units that see only x1 = x[0, at) and hidden units that see only
 * x2 = x[at, d), their outputs summed: f(x) = f₁(x1) + f₂(x2).
 */
export interface TwoLayerSplit {
  /** Where x2 starts: x1 = x[0, at), x2 = x[at, inputSize); 0 < at < inputSize. */
  readonly at: number;
  /** Hidden units on x1; the other width − x1Units see x2. Default width / 2. */
  readonly x1Units?: number;
}

/** {@link TwoLayerSplit} with its default filled in. */
export interface ResolvedTwoLayerSplit {
  /** Where x2 starts. */
  readonly at: number;
  /** Hidden units on x1 (the rest see x2). */
  readonly x1Units: number;
}

/**
 * The two-layer network's config. Defaults are SPEC §1's starting regime: ReLU, width 200, no
 * bias, second layer fixed at ±1/√width, first layer N(0, 0.5²), antisymmetric pairs (f ≡ 0 at
 * initialisation), two classes (one logit, logistic loss).
 *
 * @example
 * ```ts
 * const config: TwoLayerConfig = { kind: 'two-layer', inputSize: 2002, width: 200 };
 * ```
 */
export interface TwoLayerConfig {
  /** Discriminator. */
  readonly kind: 'two-layer';
  /** The input dimension d (inputs are `[batch, d]`). */
  readonly inputSize: number;
  /** The number of hidden units m; even with antisymmetric pairs. Default 200. */
  readonly width?: number;
  /** Number of classes: 2 gives one logit and the logistic loss, k > 2 gives k logits. Default 2. */
  readonly numClasses?: number;
  /** The activation; default `relu`. */
  readonly activation?: Activation;
  /** Whether the hidden units have a (trainable, zero-initialised) bias b_j; default false. */
  readonly bias?: boolean;
  /** Whether the second layer a is trained; default false (fixed at its initial ±scale). */
  readonly trainSecondLayer?: boolean;
  /** Standard deviation s of the first-layer weights, w_j ~ N(0, s²·I); default 0.5. */
  readonly firstLayerStd?: number;
  /** Magnitude of every second-layer weight, a_j = ±scale; default 1/√width. */
  readonly secondLayerScale?: number;
  /**
   * Antisymmetric pairs: units 2i and 2i+1 share w and have opposite a, so f ≡ 0 at
   * initialisation (exactly, not just in expectation). Default true.
   */
  readonly antisymmetric?: boolean;
  /** The split form, or undefined / null for one block of units on all of x (the default). */
  readonly split?: TwoLayerSplit | null;
}

/** {@link TwoLayerConfig} with every default filled in. */
export interface ResolvedTwoLayerConfig {
  /** Discriminator. */
  readonly kind: 'two-layer';
  /** The input dimension d. */
  readonly inputSize: number;
  /** The number of hidden units m. */
  readonly width: number;
  /** Number of classes. */
  readonly numClasses: number;
  /** The activation. */
  readonly activation: Activation;
  /** Whether the hidden units have a bias. */
  readonly bias: boolean;
  /** Whether the second layer is trained. */
  readonly trainSecondLayer: boolean;
  /** Standard deviation of the first-layer weights. */
  readonly firstLayerStd: number;
  /** Magnitude of the second-layer weights. */
  readonly secondLayerScale: number;
  /** Whether units come in antisymmetric pairs. */
  readonly antisymmetric: boolean;
  /** The split form, or null. */
  readonly split: ResolvedTwoLayerSplit | null;
}

/** Every field of {@link TwoLayerConfig}, described: the kind's schema (and the fields its resolver accepts). */
export const TWO_LAYER_FIELDS: FieldsOf<TwoLayerConfig> = Object.freeze({
  inputSize: 'the input dimension d (inputs are [batch, d]); filled from the data when absent',
  width: 'the number of hidden units m, even with antisymmetric pairs (default 200)',
  numClasses: 'number of classes: 2 gives one logit and the logistic loss, k > 2 gives k logits (default 2)',
  activation: `the activation, one of ${ACTIVATIONS.join(', ')} (default relu)`,
  bias: 'whether the hidden units have a trainable, zero-initialised bias (default false)',
  trainSecondLayer: 'whether the second layer is trained (default false: fixed at ±secondLayerScale)',
  firstLayerStd: 'standard deviation s of the first-layer weights, w ~ N(0, s²) (default 0.5)',
  secondLayerScale: 'magnitude of every second-layer weight, a = ±scale (default 1/√width)',
  antisymmetric: 'antisymmetric pairs: units 2i and 2i+1 share w and have opposite a, so f ≡ 0 at init (default true)',
  split: '{ at, x1Units? }: units on x1 = x[0, at) and on x2 = x[at, d), summed; null for one block (default)',
});

const FIELDS = ['kind', ...Object.keys(TWO_LAYER_FIELDS)];

function checkEvenWidth(field: string, value: number, antisymmetric: boolean): void {
  if (antisymmetric && value % 2 !== 0) {
    throw new ConfigError(field, value, 'an even number of units (antisymmetric pairs)', `Make ${field} even, or set antisymmetric: false.`);
  }
}

function resolveSplit(value: unknown, inputSize: number, width: number, antisymmetric: boolean, field: string): ResolvedTwoLayerSplit | null {
  if (value === undefined || value === null) return null;
  const c = checkFields(`${field}.split`, value, ['at', 'x1Units']);
  const at = checkInteger(`${field}.split.at`, c['at'], { min: 1, max: inputSize - 1 });
  const defaultUnits = antisymmetric ? 2 * Math.floor(width / 4) : Math.floor(width / 2);
  const x1Units = checkInteger(`${field}.split.x1Units`, c['x1Units'] ?? defaultUnits, { min: 1, max: width - 1 });
  checkEvenWidth(`${field}.split.x1Units`, x1Units, antisymmetric);
  checkEvenWidth(`${field}.width − ${field}.split.x1Units`, width - x1Units, antisymmetric);
  return { at, x1Units };
}

/**
 * Validates a two-layer config and fills in its defaults.
 *
 * @param config - the config
 * @param field - its path in error messages
 * @returns the resolved config
 * @throws ConfigError naming the first invalid field
 */
export function resolveTwoLayerConfig(config: TwoLayerConfig, field = 'model'): ResolvedTwoLayerConfig {
  const c = checkFields(field, config, FIELDS);
  const inputSize = checkInteger(`${field}.inputSize`, c['inputSize'], { min: 1 });
  const width = checkInteger(`${field}.width`, c['width'] ?? 200, { min: 1 });
  const antisymmetric = checkBoolean(`${field}.antisymmetric`, c['antisymmetric'], true);
  checkEvenWidth(`${field}.width`, width, antisymmetric);
  return {
    kind: 'two-layer',
    inputSize,
    width,
    numClasses: checkNumClasses(`${field}.numClasses`, c['numClasses'] ?? 2),
    activation: checkOneOf(`${field}.activation`, c['activation'] ?? 'relu', ACTIVATIONS),
    bias: checkBoolean(`${field}.bias`, c['bias'], false),
    trainSecondLayer: checkBoolean(`${field}.trainSecondLayer`, c['trainSecondLayer'], false),
    firstLayerStd: checkPositive(`${field}.firstLayerStd`, c['firstLayerStd'] ?? 0.5),
    secondLayerScale: checkPositive(`${field}.secondLayerScale`, c['secondLayerScale'] ?? 1 / Math.sqrt(width)),
    antisymmetric,
    split: resolveSplit(c['split'], inputSize, width, antisymmetric, field),
  };
}
