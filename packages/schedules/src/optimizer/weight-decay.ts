/**
 * Weight decay, in its two meanings:
 *
 * - `coupled` (L2 regularisation, PyTorch `SGD(weight_decay=…)`): the gradient becomes
 *   g ← ∇L + wd·w before the optimizer sees it, so momentum and Adam's normalisation act on it too.
 * - `decoupled` (AdamW, Loshchilov & Hutter 2019, in PyTorch's order): w ← w·(1 − lr·wd) just
 *   before the optimizer's update, with the current learning rate lr.
 *
 * It applies to every variable that has a gradient (weights, biases, batch-norm scales and
 * offsets alike, as the paper's reference code does) unless its name matches an `exclude` pattern.
 */
import * as tf from '@tensorflow/tfjs';
import { ConfigError, checkNonNegative, checkOneOf } from '@lrlab/core';

/** The two meanings of weight decay: L2 on the gradient, or AdamW-style shrinking of the weights. */
export const WEIGHT_DECAY_MODES = ['coupled', 'decoupled'] as const;

/** `coupled` (g ← ∇L + wd·w) or `decoupled` (w ← w·(1 − lr·wd)); see {@link WeightDecayConfig}. */
export type WeightDecayMode = (typeof WEIGHT_DECAY_MODES)[number];

/**
 * The JSON config of weight decay.
 *
 * @example
 * ```ts
 * // PyTorch SGD(weight_decay=5e-4), but sparing biases and batch-norm parameters:
 * const weightDecay: WeightDecayConfig = { value: 5e-4, mode: 'coupled', exclude: ['/bias$', '/(gamma|beta)$'] };
 * ```
 */
export interface WeightDecayConfig {
  /** The coefficient wd, ≥ 0 (0 turns weight decay off). */
  readonly value: number;
  /** `coupled` (L2 added to the gradient) or `decoupled` (AdamW). */
  readonly mode: WeightDecayMode;
  /**
   * Regular-expression sources; a variable whose name any of them matches (anywhere in the
   * name, as `RegExp.prototype.test` does) is not decayed. Default: none, every variable is decayed.
   */
  readonly exclude?: readonly string[];
}

/** A validated {@link WeightDecayConfig} with its patterns compiled. */
export interface WeightDecay {
  /** The config it was built from, with `exclude` present. */
  readonly config: Required<WeightDecayConfig>;
  /**
   * Whether a variable is decayed.
   *
   * @param name - the variable's name
   * @returns false when the name matches an `exclude` pattern
   */
  appliesTo(name: string): boolean;
}

/**
 * Validates a weight-decay config and compiles its `exclude` patterns.
 *
 * @param config - the config
 * @param field - name of the config in error messages
 * @returns the checked weight decay
 * @throws ConfigError for a negative or non-finite value, an unknown mode, or a pattern that is not a valid regular expression
 */
export function resolveWeightDecay(config: WeightDecayConfig, field = 'weightDecay'): WeightDecay {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new ConfigError(field, config, 'an object { value, mode, exclude? }');
  }
  const value = checkNonNegative(`${field}.value`, config.value);
  const mode = checkOneOf(`${field}.mode`, config.mode, WEIGHT_DECAY_MODES);
  const exclude = config.exclude ?? [];
  if (!Array.isArray(exclude)) throw new ConfigError(`${field}.exclude`, exclude, 'an array of regular-expression sources');
  const patterns = exclude.map((source: unknown, i) => {
    if (typeof source !== 'string') throw new ConfigError(`${field}.exclude[${i}]`, source, 'a regular-expression source (a string)');
    try {
      return new RegExp(source);
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause);
      throw new ConfigError(
        `${field}.exclude[${i}]`,
        source,
        'a valid regular-expression source',
        `Fix the pattern (${reason}); escape special characters such as "." or "(" with a backslash.`,
        { cause },
      );
    }
  });
  return {
    config: { value, mode, exclude: [...(exclude as readonly string[])] },
    appliesTo: (name) => !patterns.some((p) => p.test(name)),
  };
}

/**
 * Coupled weight decay: returns g + wd·w for every decayed variable, and the gradient itself for
 * the others.
 *
 * @param grads - gradients by variable name
 * @param weightDecay - the weight decay (mode `coupled`)
 * @param variable - looks up a variable by name
 * @returns new gradients; `created` lists the tensors made here, which the caller disposes
 */
export function decayGradients(
  grads: tf.NamedTensorMap,
  weightDecay: WeightDecay,
  variable: (name: string) => tf.Variable,
): { grads: tf.NamedTensorMap; created: tf.Tensor[] } {
  const out: tf.NamedTensorMap = {};
  const created: tf.Tensor[] = [];
  const wd = weightDecay.config.value;
  for (const [name, g] of Object.entries(grads)) {
    if (wd === 0 || !weightDecay.appliesTo(name)) {
      out[name] = g;
      continue;
    }
    const decayed = tf.tidy(() => tf.add(g, tf.mul(variable(name), wd)));
    out[name] = decayed;
    created.push(decayed);
  }
  return { grads: out, created };
}

/**
 * Decoupled weight decay: w ← w·(1 − lr·wd) for every decayed variable that has a gradient.
 *
 * @param names - the variables being updated this step
 * @param weightDecay - the weight decay (mode `decoupled`)
 * @param learningRate - the learning rate of this step
 * @param variable - looks up a variable by name
 */
export function decayWeights(
  names: readonly string[],
  weightDecay: WeightDecay,
  learningRate: number,
  variable: (name: string) => tf.Variable,
): void {
  const factor = 1 - learningRate * weightDecay.config.value;
  if (factor === 1) return;
  tf.tidy(() => {
    for (const name of names) {
      if (!weightDecay.appliesTo(name)) continue;
      const w = variable(name);
      w.assign(tf.mul(w, factor));
    }
  });
}
