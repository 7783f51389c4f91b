import type { OptionsOf } from '@lrlab/core';
import { withConfig, type DescribedSchedule } from '../schedule';
import type { ScheduleKindEntry } from './kind';
import { at, checkSteps, checkValue } from './values';

/** `linear({ initialValue, finalValue, steps })`. */
export interface LinearConfig {
  /** Discriminator. */
  readonly kind: 'linear';
  /** The value at step 0. */
  readonly initialValue: number;
  /** The value from `steps` on. */
  readonly finalValue: number;
  /** Length of the ramp. */
  readonly steps: number;
}

/** Options of {@link linear}. */
export type LinearOptions = OptionsOf<LinearConfig>;

function resolveLinear(config: LinearConfig, path: string): LinearConfig {
  return {
    kind: 'linear',
    initialValue: checkValue(at(path, 'initialValue'), config.initialValue),
    finalValue: checkValue(at(path, 'finalValue'), config.finalValue),
    steps: checkSteps(at(path, 'steps'), config.steps),
  };
}

function makeLinear(config: LinearConfig): DescribedSchedule<LinearConfig> {
  const { initialValue, finalValue, steps } = config;
  return withConfig((step) => initialValue + ((finalValue - initialValue) * Math.min(Math.max(0, step), steps)) / steps, config);
}

/**
 * A straight line from `initialValue` at step 0 to `finalValue` at `steps`, constant after
 * (optax `linear_schedule`, PyTorch `LinearLR` in absolute values). Warm-ups are joins of this.
 *
 *   value(step) = initialValue + (finalValue − initialValue) · min(step, steps) / steps
 *
 * @param options - end points and length
 * @returns the schedule
 * @example
 * ```ts
 * const warm = linear({ initialValue: 0, finalValue: 0.1, steps: 10 });
 * warm(5); // 0.05
 * ```
 */
export function linear(options: LinearOptions): DescribedSchedule<LinearConfig> {
  return makeLinear(resolveLinear({ kind: 'linear', ...options }, ''));
}

/** The `linear` schedule kind. */
export const linearKind: ScheduleKindEntry<LinearConfig, LinearConfig, DescribedSchedule> = {
  description: 'a straight line from initialValue to finalValue over `steps`, then constant',
  fields: {
    initialValue: 'the value at step 0 (≥ 0)',
    finalValue: 'the value from `steps` on (≥ 0)',
    steps: 'length of the ramp (> 0)',
  },
  resolve: resolveLinear,
  build: makeLinear,
  changesAt: () => [],
};
