/**
 * The few types the tensor packages share. `schedules`, `datasets`, `models` and `metrics` do not
 * import each other; they meet here, and `experiments` composes them.
 */
import type { Tensor } from '@tensorflow/tfjs';

/**
 * A schedule: a pure function from a 0-based step to a value (a learning rate, a noise σ, a
 * momentum). Pure means the same step always gives the same value, with no hidden state, so a
 * resumed run sees exactly the values an uninterrupted one would.
 *
 * @example
 * ```ts
 * const halfAfter100: Schedule = (step) => (step < 100 ? 0.1 : 0.05);
 * ```
 */
export type Schedule = (step: number) => number;

/**
 * A number that may vary with the step: a constant or a {@link Schedule}.
 * Normalise it once with `toSchedule` from `@lrlab/schedules`.
 */
export type ScalarOrSchedule = number | Schedule;

/** Where in a model a noise injector is called: one site per injection point. */
export interface NoiseSite {
  /** 0-based index of the site in the model's forward order (stable across runs). */
  readonly index: number;
  /** A readable name, e.g. `block2.bn1` or `hidden`. */
  readonly name: string;
}

/** What a noise injector needs to know about the current forward pass. */
export interface NoiseContext {
  /** The 0-based training step (drives the injector's schedule and seeds its draw). */
  readonly step: number;
  /** Noise is added only in training; evaluation passes `false` and gets the input back. */
  readonly training: boolean;
}

/**
 * Adds noise to a model's activations. Models call it at each site (after batch norm and before
 * each ReLU, or on every hidden pre-activation); implementations live in `@lrlab/schedules`.
 *
 * Contract: when `context.training` is false or the noise level is 0, return `x` itself (adding
 * exactly nothing); otherwise return a new tensor of `x`'s shape. The draw must be a pure function
 * of (seed, step, site), so resumed runs repeat it.
 */
export interface NoiseInjector {
  /**
   * @param x - the activations at this site, e.g. [batch, height, width, channels] or [batch, units]
   * @param site - which site this is
   * @param context - the step and mode
   * @returns `x` plus noise, or `x` unchanged
   */
  apply(x: Tensor, site: NoiseSite, context: NoiseContext): Tensor;
  /**
   * Optional: the noise `apply` would add to activations of shape `shape`, as values on the host,
   * without adding it. A lockstep trainer (which trains many runs as one computation) stacks every
   * run's draw into one addition; a run whose injector lacks `draw` trains alone. The values must
   * be exactly those `apply` adds, elementwise, so that x + draw equals apply(x) to the bit.
   *
   * @param shape - the shape of the activations at this site, e.g. [batch, units]
   * @param site - which site this is
   * @param context - the step and mode
   * @returns `shape`'s product of values in row-major order, or undefined where `apply` returns `x` itself
   */
  draw?(shape: readonly number[], site: NoiseSite, context: NoiseContext): Float32Array | undefined;
}

/** Group tags of the synthetic two-pattern data (SPEC §1). */
export const SYNTHETIC_GROUPS = ['a-only', 'b-only', 'both'] as const;

/** Group tags of the patched-image mixture (SPEC §2). */
export const PATCH_GROUPS = ['clean', 'image+patch', 'patch-only'] as const;

/**
 * The group of an example: which patterns it carries. The paper's argument is about groups, so
 * datasets tag every example and metrics report per group.
 */
export type GroupTag = (typeof SYNTHETIC_GROUPS)[number] | (typeof PATCH_GROUPS)[number] | (string & {});

/**
 * A batch on the host, before it becomes tensors: features flattened row-major with their shape,
 * integer labels, and per-example group indices into `groupNames`.
 */
export interface HostBatch {
  /** Features, row-major, `shape[0]` examples. */
  readonly features: Float32Array;
  /** Shape of `features`, e.g. [batch, d] or [batch, height, width, channels]. */
  readonly shape: readonly number[];
  /** Class labels, one per example (0/1 for binary tasks). */
  readonly labels: Int32Array;
  /** Group of each example, as an index into `groupNames`. */
  readonly groups: Uint8Array;
  /** Names of the groups that `groups` indexes. */
  readonly groupNames: readonly GroupTag[];
  /** Index of each example in its dataset, for tracing and per-example metrics. */
  readonly indices: Int32Array;
}
