/**
 * Weight (parameter) noise: Gaussian noise added to model variables in place, w ← w + ξ. Offered
 * for studies (e.g. perturbed-parameter or Langevin-style variants); it is **not** the paper's
 * mechanism, and SPEC §1 found that Gaussian noise on the weight updates with std ∝ lr destroys
 * pattern A. The paper's mitigation is {@link preactivationNoise}.
 */
import * as tf from '@tensorflow/tfjs';
import { ConfigError, checkSeed, deriveSeed, seededNormal, type ScalarOrSchedule, type Schedule, type Seed } from '@lrlab/core';
import { isDescribed } from '../schedule';
import { toSchedule } from '../to-schedule';
import type { WeightNoiseConfig } from './config';
import { at } from '../lr/values';
import type { NoisyVariables, WeightNoiseEntry, WeightNoiseTransform } from './kind';
import { checkedStd, checkSigmaGiven, checkStep } from './sigma';

/** Options of {@link weightNoise}. */
export interface WeightNoiseOptions {
  /** The standard deviation σ(step) ≥ 0: a constant or a schedule, e.g. `powerOf(lr, { coefficient: c, power: 1 })`. */
  readonly sigma: ScalarOrSchedule;
  /** The root seed; each draw uses `deriveSeed(seed, 'weight-noise', step, name)`. */
  readonly seed: Seed;
}


/** A weight-noise transform made by {@link weightNoise}. */
export interface WeightNoise extends WeightNoiseTransform {
  /** Discriminator. */
  readonly kind: 'weight-noise';
  /** The root seed. */
  readonly seed: Seed;
  /** The σ schedule (it throws a `ConfigError` at a step where σ is negative or not finite). */
  readonly sigma: Schedule;
  /** The JSON description for run records; absent when `sigma` is a plain function. */
  readonly config?: WeightNoiseConfig;
  /**
   * The standard deviation at a step.
   *
   * @param step - a 0-based training step
   * @returns σ(step) ≥ 0
   */
  sigmaAt(step: number): number;
  /**
   * Adds N(0, σ(step)²) noise to every element of every variable, in place (`variable.assign`);
   * nothing when σ(step) = 0. Allocates no tensors that outlive the call.
   *
   * @param variables - the variables, as an array or a map by name
   * @param step - the 0-based training step
   * @throws ConfigError for a bad step, an invalid σ at that step, or a variable listed twice
   */
  apply(variables: NoisyVariables, step: number): void;
}

function namedEntries(variables: NoisyVariables): [string, tf.Variable][] {
  if (typeof variables !== 'object' || variables === null) {
    throw new ConfigError('variables', variables, 'an array of tf.Variable or a map of them by name');
  }
  const entries: [string, tf.Variable][] = Array.isArray(variables)
    ? (variables as readonly tf.Variable[]).map((v) => [v.name, v])
    : Object.entries(variables as Readonly<Record<string, tf.Variable>>);
  const seen = new Set<string>();
  for (const [name, variable] of entries) {
    if (!(variable instanceof tf.Variable)) throw new ConfigError(`variables[${JSON.stringify(name)}]`, variable, 'a tf.Variable');
    if (seen.has(name)) {
      throw new ConfigError('variables', name, 'each variable at most once', `Remove the duplicate ${JSON.stringify(name)}: it would receive the same draw twice.`);
    }
    seen.add(name);
  }
  return entries;
}

/**
 * Makes a weight-noise transform: w ← w + ξ, ξ ~ N(0, σ(step)²), drawn per (seed, step, variable
 * name). Name your variables (`tf.variable(init, true, 'w1')`) so the draws do not depend on
 * tfjs's global name counter.
 *
 * **Not the paper's mechanism**: offered for studies only. SPEC §1 found that Gaussian noise on
 * the weight updates with std ∝ lr (here σ = c · lr) destroys pattern A. See
 * {@link preactivationNoise} for the paper's mitigation.
 *
 * @param options - σ schedule and seed
 * @returns the transform
 * @throws ConfigError for a negative or non-finite σ or a bad seed
 * @example
 * ```ts
 * const noise = weightNoise({ sigma: 0.01, seed: 5 });
 * noise.apply([w1, w2], step); // after the optimizer step
 * ```
 */
export function weightNoise(options: WeightNoiseOptions): WeightNoise {
  if (typeof options !== 'object' || options === null) throw new ConfigError('options', options, 'an object { sigma, seed }');
  const sigmaInput = toSchedule(options.sigma, 'sigma');
  const seed = checkSeed('seed', options.seed);
  const sigma = checkedStd(sigmaInput, 'sigma');

  const apply = (variables: NoisyVariables, step: number): void => {
    const entries = namedEntries(variables);
    const s = checkStep('step', step);
    const std = sigma(s);
    if (std === 0) return;
    tf.tidy(() => {
      for (const [name, variable] of entries) {
        variable.assign(tf.add(variable, seededNormal(variable.shape, deriveSeed(seed, 'weight-noise', s, name), { std })));
      }
    });
  };

  return Object.freeze({
    kind: 'weight-noise',
    seed,
    sigma,
    sigmaAt: (step: number) => sigma(checkStep('step', step)),
    apply,
    ...(isDescribed(sigmaInput) ? { config: { kind: 'weight-noise', seed, sigma: sigmaInput.config } as const } : {}),
  });
}

/**
 * Weight noise in a run's config: `{ kind: 'weight', sigma }`.
 *
 * @typeParam Sigma - how the composer writes σ
 */
export interface WeightNoiseSpec<Sigma = unknown> {
  /** Discriminator. */
  readonly kind: 'weight';
  /** The standard deviation over training, in the composer's terms (a schedule by the time it is built). */
  readonly sigma: Sigma;
}

/** The `weight` noise kind: {@link weightNoise} with σ and the seed from the build context. Not the paper's mechanism. */
export const weightNoiseKind: WeightNoiseEntry<WeightNoiseSpec> = {
  acts: 'weight',
  description: 'Gaussian noise added to every trainable weight after each update (studies only; not the paper\'s mechanism)',
  fields: { sigma: 'the standard deviation over training (the composer turns it into a schedule before building)' },
  resolve: (config, path) => ({ kind: 'weight', sigma: checkSigmaGiven(at(path, 'sigma'), config.sigma) }),
  build: (_config, context) => weightNoise({ sigma: context.sigma, seed: context.seed }),
};
