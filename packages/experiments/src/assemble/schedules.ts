/** Turns the config's value specs (constants, epoch or step schedules) into step schedules. */
import { buildSchedule, constant, perEpoch, powerOf, type DescribedSchedule } from '@lrlab/schedules';
import type { Schedule } from '@lrlab/core';
import type { ResolvedValueSpec } from '../config/types';
import { BUILT_IN_KINDS, type RunKinds } from '../plugins/kinds';

/**
 * A value spec as a schedule over 0-based optimizer steps.
 *
 * @param spec - a constant or a schedule config with its unit
 * @param stepsPerEpoch - optimizer steps per epoch (epoch-unit schedules hold for a whole epoch)
 * @param path - the spec's field, for errors
 * @param kinds - the kinds the schedule may name; default the built-in ones
 * @returns the step schedule, described (it carries its JSON config)
 */
export function stepSchedule(spec: ResolvedValueSpec, stepsPerEpoch: number, path: string, kinds: RunKinds = BUILT_IN_KINDS): DescribedSchedule {
  if (typeof spec === 'number') return constant(spec);
  const schedule = buildSchedule(spec.schedule, `${path}.schedule`, kinds.schedules);
  return spec.unit === 'epoch' ? perEpoch(schedule, stepsPerEpoch) : schedule;
}

/**
 * A noise level as a step schedule: a value spec, or coefficient · lr(step)^power.
 *
 * @param spec - the σ spec
 * @param learningRate - the run's learning-rate schedule over steps
 * @param stepsPerEpoch - optimizer steps per epoch
 * @param path - the spec's field, for errors
 * @param kinds - the kinds the schedule may name; default the built-in ones
 * @returns σ over steps
 */
export function sigmaSchedule(
  spec: ResolvedValueSpec | { readonly fromLearningRate: { readonly coefficient: number; readonly power: number } },
  learningRate: Schedule,
  stepsPerEpoch: number,
  path: string,
  kinds: RunKinds = BUILT_IN_KINDS,
): Schedule {
  if (typeof spec === 'object' && 'fromLearningRate' in spec) {
    return powerOf(learningRate, spec.fromLearningRate);
  }
  return stepSchedule(spec, stepsPerEpoch, path, kinds);
}
