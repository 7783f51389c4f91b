/**
 * Several noise injectors at one site. Independent zero-mean Gaussians add their variances, so
 * the combination has σ(step) = √(Σ σ_i(step)²): the paper's small-LR + extra-noise run is the
 * always-on noise 13.33 · lr² combined with an extra σ = 120 for the first 180 epochs (SPEC §1 (c)).
 */
import type * as tf from '@tensorflow/tfjs';
import { ConfigError, type NoiseContext, type NoiseInjector, type NoiseSite } from '@lrlab/core';
import { rootSumSquares } from '../lr/combinators';
import type { NoiseInjectorConfig, SequentialNoiseConfig } from './config';
import { isPreactivationNoise, preactivationNoise, type PreactivationNoise } from './preactivation';

/** Injectors applied one after another: what {@link combineNoise} returns when they cannot be merged. */
export interface SequentialNoise extends NoiseInjector {
  /** Discriminator. */
  readonly kind: 'sequential-noise';
  /** The injectors, in the order they are applied. */
  readonly injectors: readonly NoiseInjector[];
  /** The JSON description for run records; absent unless every injector has a `config`. */
  readonly config?: SequentialNoiseConfig;
}

function configOf(injector: NoiseInjector): NoiseInjectorConfig | undefined {
  const config = (injector as { readonly config?: unknown }).config;
  return typeof config === 'object' && config !== null ? (config as NoiseInjectorConfig) : undefined;
}

function sequentialNoise(injectors: readonly NoiseInjector[]): SequentialNoise {
  const apply = (x: tf.Tensor, site: NoiseSite, context: NoiseContext): tf.Tensor => {
    let current = x;
    try {
      for (const injector of injectors) {
        const next = injector.apply(current, site, context);
        // Intermediate sums are ours to free; x belongs to the caller. tfjs's tape keeps its own
        // copies of what the backward pass needs, so this is safe inside tf.variableGrads.
        if (next !== current && current !== x) current.dispose();
        current = next;
      }
    } catch (error) {
      if (current !== x) current.dispose();
      throw error;
    }
    return current;
  };
  const configs = injectors.map(configOf);
  const described = configs.every((c): c is NoiseInjectorConfig => c !== undefined);
  return Object.freeze({
    kind: 'sequential-noise',
    injectors,
    apply,
    ...(described ? { config: { kind: 'sequential-noise', injectors: configs } as const } : {}),
  });
}

/**
 * Combines noise injectors acting at the same sites into one, adding their variances:
 *
 *   σ(step) = √(σ_1(step)² + σ_2(step)² + …)
 *
 * - When every injector is a {@link PreactivationNoise} of the same mode, the result is one
 *   {@link PreactivationNoise} that draws once per (step, site) with that σ, seeded from the first
 *   injector's seed (one draw instead of several; its `config` records a `root-sum-squares` σ).
 * - Otherwise (mixed modes, injectors from elsewhere) they are applied in sequence, each with its
 *   own independent draw, so the variances still add; intermediate tensors are disposed.
 *
 * A single injector is returned as is.
 *
 * @param injectors - at least one injector
 * @returns one injector with the summed variance
 * @throws ConfigError when the list is empty or holds something that is not an injector
 * @example
 * ```ts
 * // SPEC §1 (c): fresh noise 13.33 · lr² plus an extra σ = 120 for the first 180 epochs.
 * const noise = combineNoise([
 *   preactivationNoise({ sigma: powerOf(lr, { coefficient: 13.33, power: 2 }), mode: 'iid', seed }),
 *   preactivationNoise({ sigma: perEpoch(piecewiseConstant({ boundaries: [180], values: [120, 0] }), 20), mode: 'iid', seed: seed + 1 }),
 * ]);
 * ```
 */
export function combineNoise(injectors: readonly NoiseInjector[]): PreactivationNoise | SequentialNoise | NoiseInjector {
  if (!Array.isArray(injectors) || injectors.length === 0) {
    throw new ConfigError('injectors', injectors, 'a non-empty array of noise injectors');
  }
  injectors.forEach((injector, i) => {
    if (typeof (injector as Partial<NoiseInjector> | null)?.apply !== 'function') {
      throw new ConfigError(`injectors[${i}]`, injector, 'a noise injector (an object with apply(x, site, context))');
    }
  });
  const list: readonly NoiseInjector[] = [...injectors];
  const [first] = list;
  if (list.length === 1) return first!;
  if (list.every(isPreactivationNoise)) {
    const parts = list as readonly PreactivationNoise[];
    const mode = parts[0]!.mode;
    if (parts.every((p) => p.mode === mode)) {
      return preactivationNoise({ sigma: rootSumSquares(...parts.map((p) => p.sigma)), mode, seed: parts[0]!.seed });
    }
  }
  return sequentialNoise(list);
}
