/**
 * Pre-activation noise (SPEC §1 and §2): fresh Gaussian noise added to a model's activations after
 * batch norm and before each ReLU, at every training step, with a standard deviation that follows
 * its own schedule. It is the paper's mitigation: a small learning rate plus annealed noise behaves
 * like a large learning rate plus annealing (Li, Wei & Ma 2019, §5 and the patched-CIFAR runs).
 */
import * as tf from '@tensorflow/tfjs';
import {
  ConfigError,
  checkOneOf,
  checkSeed,
  deriveSeed,
  fillNormal,
  Prng,
  type NoiseContext,
  type NoiseInjector,
  type NoiseSite,
  type ScalarOrSchedule,
  type Schedule,
  type Seed,
} from '@lrlab/core';
import { isDescribed } from '../schedule';
import { toSchedule } from '../to-schedule';
import type { PreactivationNoiseConfig, PreactivationNoiseMode } from './config';
import { at } from '../lr/values';
import type { PreactivationNoiseEntry } from './kind';
import { checkedStd, checkSiteIndex, checkStep, checkSigmaGiven } from './sigma';

/** The modes of {@link preactivationNoise}. */
export const PREACTIVATION_NOISE_MODES = ['iid', 'shared-map'] as const satisfies readonly PreactivationNoiseMode[];

/** Options of {@link preactivationNoise}. */
export interface PreactivationNoiseOptions {
  /**
   * The standard deviation σ(step) ≥ 0: a constant or any schedule, e.g. one tied to the learning
   * rate, `powerOf(lr, { coefficient: 13.33, power: 2 })` (SPEC §1's 13.33 · lr²).
   */
  readonly sigma: ScalarOrSchedule;
  /**
   * `shared-map` (default, the patched-CIFAR reference, SPEC §2): one H×W map per injection, shape
   * [1, H, W, 1], broadcast over batch and channels; rank-4 NHWC input only.
   * `iid`: an independent draw per element of x, any shape (the synthetic regime's [batch, units]).
   */
  readonly mode?: PreactivationNoiseMode;
  /** The root seed; each draw uses `deriveSeed(seed, purpose, step, site.index)`. */
  readonly seed: Seed;
}

/** A pre-activation noise injector: core's {@link NoiseInjector} with its schedule and config exposed. */
export interface PreactivationNoise extends NoiseInjector {
  /** Discriminator. */
  readonly kind: 'preactivation-noise';
  /** How the noise is shaped. */
  readonly mode: PreactivationNoiseMode;
  /** The root seed. */
  readonly seed: Seed;
  /** The σ schedule (it throws a `ConfigError` at a step where σ is negative or not finite). */
  readonly sigma: Schedule;
  /** The JSON description for run records; absent when `sigma` is a plain function. */
  readonly config?: PreactivationNoiseConfig;
  /**
   * The standard deviation at a step.
   *
   * @param step - a 0-based training step
   * @returns σ(step) ≥ 0
   */
  sigmaAt(step: number): number;
}

// The purpose names the mode, so an i.i.d. draw and a map drawn from the same (seed, step, site)
// are independent (otherwise the map would equal the first H·W values of the i.i.d. draw).
const PURPOSE: Readonly<Record<PreactivationNoiseMode, string>> = {
  iid: 'preactivation-noise/iid',
  'shared-map': 'preactivation-noise/shared-map',
};

const made = new WeakSet<object>();

/**
 * Whether a value is a {@link PreactivationNoise} made by {@link preactivationNoise} (used by
 * {@link combineNoise} to merge compatible injectors into one draw).
 *
 * @param value - any value
 * @returns true for injectors made by {@link preactivationNoise}
 */
export function isPreactivationNoise(value: unknown): value is PreactivationNoise {
  return typeof value === 'object' && value !== null && made.has(value);
}

function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** An H×W map repeated over batch and channels: the values tf.add broadcasts it to over [batch, H, W, C]. */
function spreadMap(map: Float32Array, shape: readonly number[]): Float32Array {
  const [batch, height, width, channels] = shape as [number, number, number, number];
  const out = new Float32Array(batch * height * width * channels);
  for (let b = 0; b < batch; b++) {
    for (let p = 0; p < height * width; p++) out.fill(map[p]!, ((b * height * width) + p) * channels, ((b * height * width) + p + 1) * channels);
  }
  return out;
}

function mapShape(x: { readonly rank: number; readonly shape: readonly number[] }, site: NoiseSite): number[] {
  if (x.rank !== 4) {
    throw new ConfigError(
      'mode',
      'shared-map',
      `"iid" for the rank-${x.rank} activations of shape [${x.shape.join(', ')}] at site ${JSON.stringify(site.name)} ("shared-map" draws one H×W map and needs rank-4 [batch, height, width, channels] input)`,
      'Use mode "iid" for dense layers, or call this injector only at convolutional (NHWC) sites.',
    );
  }
  return [1, x.shape[1]!, x.shape[2]!, 1];
}

/**
 * Makes a pre-activation noise injector: in training, x ↦ x + ξ with ξ ~ N(0, σ(step)²),
 * drawn afresh at every step and site.
 *
 * - `iid`: ξ has x's shape, every element independent.
 * - `shared-map`: ξ has shape [1, H, W, 1] and is broadcast, so every example and channel at a
 *   site receives the same H×W map (as the reference code does).
 *
 * The draw is a pure function of (seed, step, site.index), so a resumed run repeats it. In
 * evaluation (`training: false`) or when σ(step) = 0 it returns `x` itself, adding exactly
 * nothing. Otherwise it returns a new tensor (the caller owns it, as any tfjs op result); the
 * noise tensor is disposed inside. The addition is an ordinary tfjs op, so gradients flow through
 * it unchanged (∂(x + ξ)/∂x = 1).
 *
 * A `shared-map` injector throws a `ConfigError` for input that is not rank 4, in evaluation too,
 * so a misconfigured model fails on its first forward pass rather than when the noise starts.
 *
 * @param options - σ schedule, mode and seed
 * @returns the injector
 * @throws ConfigError for a negative or non-finite σ, an unknown mode or a bad seed; `apply`
 *   throws it for a σ schedule that returns an invalid value, a bad step or site index, and
 *   `shared-map` on non-NHWC input
 * @example
 * ```ts
 * const lr = piecewiseConstant({ boundaries: [100], values: [0.3, 0.03] });
 * const noise = preactivationNoise({ sigma: (s) => 13.33 * lr(s) ** 2, mode: 'iid', seed: 7 });
 * noise.sigmaAt(0); // 13.33 * 0.09
 * const h = noise.apply(preactivation, { index: 0, name: 'hidden' }, { step, training: true });
 * ```
 */
export function preactivationNoise(options: PreactivationNoiseOptions): PreactivationNoise {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigError('options', options, 'an object { sigma, mode, seed }');
  }
  const sigmaInput = toSchedule(options.sigma, 'sigma');
  const mode = checkOneOf('mode', options.mode ?? 'shared-map', PREACTIVATION_NOISE_MODES);
  const seed = checkSeed('seed', options.seed);
  const sigma = checkedStd(sigmaInput, 'sigma');
  const purpose = PURPOSE[mode];

  /** The draw at (step, site) in its own shape ([1, H, W, 1] for a map), or undefined when nothing is added. */
  const drawOwn = (xShape: readonly number[], rank: number, site: NoiseSite, context: NoiseContext): { values: Float32Array; shape: number[] } | undefined => {
    const siteIndex = checkSiteIndex(site);
    const shape = mode === 'iid' ? [...xShape] : mapShape({ rank, shape: xShape }, site);
    if (!context.training) return undefined;
    const step = checkStep('context.step', context.step);
    const std = sigma(step);
    if (std === 0) return undefined;
    return { values: fillNormal(Prng.fromSeed(deriveSeed(seed, purpose, step, siteIndex)), new Float32Array(sizeOf(shape)), 0, std), shape };
  };

  const apply = (x: tf.Tensor, site: NoiseSite, context: NoiseContext): tf.Tensor => {
    const drawn = drawOwn(x.shape, x.rank, site, context);
    if (drawn === undefined) return x;
    const noise = tf.tensor(drawn.values, drawn.shape, 'float32');
    const noisy = tf.add(x, noise);
    noise.dispose();
    return noisy;
  };

  // The same values as apply's, spread to the activations' full shape (a map repeats over batch and channels).
  const draw = (shape: readonly number[], site: NoiseSite, context: NoiseContext): Float32Array | undefined => {
    const drawn = drawOwn(shape, shape.length, site, context);
    return drawn === undefined || mode === 'iid' ? drawn?.values : spreadMap(drawn.values, shape);
  };

  const injector: PreactivationNoise = {
    kind: 'preactivation-noise',
    mode,
    seed,
    sigma,
    sigmaAt: (step) => sigma(checkStep('step', step)),
    apply,
    draw,
    ...(isDescribed(sigmaInput) ? { config: { kind: 'preactivation-noise', mode, seed, sigma: sigmaInput.config } } : {}),
  };
  made.add(injector);
  return Object.freeze(injector);
}

/**
 * Pre-activation noise in a run's config: `{ kind: 'preactivation', sigma, mode? }`.
 *
 * @typeParam Sigma - how the composer writes σ (`@lrlab/experiments`: a number, `{ unit, schedule }` or `{ fromLearningRate }`)
 */
export interface PreactivationNoiseSpec<Sigma = unknown> {
  /** Discriminator. */
  readonly kind: 'preactivation';
  /** The standard deviation over training, in the composer's terms (a schedule by the time it is built). */
  readonly sigma: Sigma;
  /** `iid` or `shared-map`; the composer's default (iid for dense models, shared-map for image models), else `iid`. */
  readonly mode?: PreactivationNoiseMode;
}

/** The `preactivation` noise kind: {@link preactivationNoise} with σ and the seed from the build context. */
export const preactivationNoiseKind: PreactivationNoiseEntry<PreactivationNoiseSpec> = {
  acts: 'preactivation',
  description: 'fresh Gaussian noise on the pre-activations (after batch norm, before each ReLU) at every training step',
  fields: {
    sigma: 'the standard deviation over training (the composer turns it into a schedule before building)',
    mode: '"iid" (a draw per element) or "shared-map" (one H×W map per injection); default: the composer\'s, else "iid"',
  },
  resolve(config, path) {
    const sigma = checkSigmaGiven(at(path, 'sigma'), config.sigma);
    if (config.mode === undefined) return { kind: 'preactivation', sigma };
    return { kind: 'preactivation', sigma, mode: checkOneOf(at(path, 'mode'), config.mode, PREACTIVATION_NOISE_MODES) };
  },
  build: (config, context) => preactivationNoise({ sigma: context.sigma, mode: config.mode ?? 'iid', seed: context.seed }),
  // SPEC §2's reference draws one H×W map per injection, shared across batch and channels.
  defaultsFor: ({ imageModel }) => ({ mode: imageModel ? 'shared-map' : 'iid' }),
};
