/** Builds a run's noise injectors from its resolved noise specs. */
import { deriveSeed, type NoiseInjector, type Schedule, type Seed } from '@lrlab/core';
import { combineNoise, gradientNoise, preactivationNoise, weightNoise, type GradientNoise, type WeightNoise } from '@lrlab/schedules';
import type { ResolvedNoiseSpec } from '../config/types';
import { sigmaSchedule } from './schedules';

/** The injectors of a run, by where they act; absent when the config has none of that kind. */
export interface RunNoise {
  /** Added after batch norm / before each ReLU; several specs combine (variances add). */
  readonly preactivation?: NoiseInjector;
  /** Added to the gradients before the update (several specs combine in sequence). */
  readonly gradient: readonly GradientNoise[];
  /** Added to the trainable weights after the update. */
  readonly weight: readonly WeightNoise[];
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
 * @returns the injectors
 */
export function buildNoise(specs: readonly ResolvedNoiseSpec[], learningRate: Schedule, stepsPerEpoch: number, seed: Seed): RunNoise {
  const preactivation: NoiseInjector[] = [];
  const gradient: GradientNoise[] = [];
  const weight: WeightNoise[] = [];
  const sigmas: Schedule[] = [];
  specs.forEach((spec, i) => {
    const path = `noise[${i}].sigma`;
    const sigma = sigmaSchedule(spec.sigma, learningRate, stepsPerEpoch, path);
    sigmas.push(sigma);
    const noiseSeed = deriveSeed(seed, 'noise', i);
    if (spec.kind === 'preactivation') {
      preactivation.push(preactivationNoise({ sigma, mode: spec.mode ?? 'iid', seed: noiseSeed }));
    } else if (spec.kind === 'gradient') {
      gradient.push(gradientNoise({ learningRate: sigma, coefficient: 1, power: 1, seed: noiseSeed }));
    } else {
      weight.push(weightNoise({ sigma, seed: noiseSeed }));
    }
  });
  return {
    ...(preactivation.length > 0 ? { preactivation: combineNoise(preactivation) } : {}),
    gradient,
    weight,
    sigmas,
  };
}
