/** Builds a run's noise injectors from its resolved noise specs. */
import { deriveSeed, type NoiseInjector, type Schedule, type Seed } from '@lrlab/core';
import { buildNoiseInjector, combineNoise, type GradientNoiseTransform, type WeightNoiseTransform } from '@lrlab/schedules';
import { BUILT_IN_KINDS, type RunKinds } from '../plugins/kinds';
import type { ResolvedNoiseSpec } from '../config/types';
import { sigmaSchedule } from './schedules';

/** The injectors of a run, by where they act; absent when the config has none of that kind. */
export interface RunNoise {
  /** Added after batch norm / before each ReLU; several specs combine (variances add). */
  readonly preactivation?: NoiseInjector;
  /** Added to the gradients before the update (several specs combine in sequence). */
  readonly gradient: readonly GradientNoiseTransform[];
  /** Added to the trainable weights after the update. */
  readonly weight: readonly WeightNoiseTransform[];
  /** σ of every spec over steps, in config order, for progress and reports. */
  readonly sigmas: readonly Schedule[];
}

/**
 * Builds every injector. Each spec draws from its own seed `deriveSeed(seed, 'noise', i)`, so
 * adding an injector never changes the draws of another.
 *
 * @param specs - the resolved noise specs
 * @param learningRate - the run's learning rate over steps (for σ tied to it)
 * @param stepsPerEpoch - optimizer steps per epoch
 * @param seed - the run's root seed
 * @param kinds - the kinds the specs may name; default the built-in ones
 * @returns the injectors
 */
export function buildNoise(specs: readonly ResolvedNoiseSpec[], learningRate: Schedule, stepsPerEpoch: number, seed: Seed, kinds: RunKinds = BUILT_IN_KINDS): RunNoise {
  const preactivation: NoiseInjector[] = [];
  const gradient: GradientNoiseTransform[] = [];
  const weight: WeightNoiseTransform[] = [];
  const sigmas: Schedule[] = [];
  specs.forEach((spec, i) => {
    const path = `noise[${i}].sigma`;
    const sigma = sigmaSchedule(spec.sigma, learningRate, stepsPerEpoch, path, kinds);
    sigmas.push(sigma);
    // The kind's entry builds it (σ already a schedule) and says where it acts.
    const built = buildNoiseInjector(spec, `noise[${i}]`, { sigma, seed: deriveSeed(seed, 'noise', i) }, kinds.noise);
    if (built.acts === 'preactivation') preactivation.push(built.injector);
    else if (built.acts === 'gradient') gradient.push(built.injector);
    else weight.push(built.injector);
  });
  return {
    ...(preactivation.length > 0 ? { preactivation: combineNoise(preactivation) } : {}),
    gradient,
    weight,
    sigmas,
  };
}
