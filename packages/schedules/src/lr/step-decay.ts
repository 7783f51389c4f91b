import type { OptionsOf } from '@lrlab/core';
import { withConfig, type DescribedSchedule } from '../schedule';
import type { ScheduleKindEntry } from './kind';
import { at, checkSteps, checkValue } from './values';

/** `stepDecay({ initialValue, stepSize, gamma })` (PyTorch `StepLR`). */
export interface StepDecayConfig {
  /** Discriminator. */
  readonly kind: 'step-decay';
  /** The value during the first `stepSize` steps. */
  readonly initialValue: number;
  /** Steps between decays. */
  readonly stepSize: number;
  /** The factor applied every `stepSize` steps. */
  readonly gamma: number;
}

/** Options of {@link stepDecay}. */
export type StepDecayOptions = OptionsOf<StepDecayConfig>;

function resolveStepDecay(config: StepDecayConfig, path: string): StepDecayConfig {
  return {
    kind: 'step-decay',
    initialValue: checkValue(at(path, 'initialValue'), config.initialValue),
    stepSize: checkSteps(at(path, 'stepSize'), config.stepSize),
    gamma: checkValue(at(path, 'gamma'), config.gamma),
  };
}

function makeStepDecay(config: StepDecayConfig): DescribedSchedule<StepDecayConfig> {
  const { initialValue, stepSize, gamma } = config;
  return withConfig((step) => initialValue * gamma ** Math.floor(Math.max(0, step) / stepSize), config);
}

/**
 * Decays by `gamma` every `stepSize` steps (PyTorch `StepLR`, closed form).
 *
 *   value(step) = initialValue · gamma^⌊step / stepSize⌋
 *
 * @param options - initial value, period and factor
 * @returns the schedule
 * @example
 * ```ts
 * const lr = stepDecay({ initialValue: 0.1, stepSize: 30, gamma: 0.1 });
 * lr(29); // 0.1
 * lr(30); // 0.1 * 0.1 ** 1
 * ```
 */
export function stepDecay(options: StepDecayOptions): DescribedSchedule<StepDecayConfig> {
  return makeStepDecay(resolveStepDecay({ kind: 'step-decay', ...options }, ''));
}

/** The `step-decay` schedule kind (no `changesAt`: it jumps every `stepSize` steps without end). */
export const stepDecayKind: ScheduleKindEntry<StepDecayConfig, StepDecayConfig, DescribedSchedule> = {
  description: 'initialValue · gamma^⌊step / stepSize⌋ (PyTorch StepLR)',
  fields: {
    initialValue: 'the value during the first stepSize steps (≥ 0)',
    stepSize: 'steps between decays (> 0)',
    gamma: 'the factor applied every stepSize steps (≥ 0)',
  },
  resolve: resolveStepDecay,
  build: makeStepDecay,
};
