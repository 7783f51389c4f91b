import type { OptionsOf } from '@lrlab/core';
import { withConfig, type DescribedSchedule } from '../schedule';
import type { ScheduleKindEntry } from './kind';
import { checkBoundaries, pieceIndex } from './piecewise';
import { at, checkValue } from './values';

/** `multiStep({ initialValue, milestones, gamma })` (PyTorch `MultiStepLR`). */
export interface MultiStepConfig {
  /** Discriminator. */
  readonly kind: 'multi-step';
  /** The value before the first milestone. */
  readonly initialValue: number;
  /** Strictly increasing steps ≥ 0; at each one the value is multiplied by `gamma`. */
  readonly milestones: readonly number[];
  /** The factor per milestone, e.g. 0.2. */
  readonly gamma: number;
}

/** Options of {@link multiStep}. */
export type MultiStepOptions = OptionsOf<MultiStepConfig>;

function resolveMultiStep(config: MultiStepConfig, path: string): MultiStepConfig {
  const initialValue = checkValue(at(path, 'initialValue'), config.initialValue);
  const milestones = checkBoundaries(at(path, 'milestones'), config.milestones);
  const gamma = checkValue(at(path, 'gamma'), config.gamma);
  return { kind: 'multi-step', initialValue, milestones: [...milestones], gamma };
}

function makeMultiStep(config: MultiStepConfig): DescribedSchedule<MultiStepConfig> {
  const { initialValue, milestones, gamma } = config;
  const values = [initialValue];
  for (let i = 0; i < milestones.length; i++) values.push(values[i]! * gamma);
  return withConfig((step) => values[pieceIndex(milestones, step)]!, config);
}

/**
 * Multiplies the value by `gamma` at each milestone (PyTorch `MultiStepLR`, Keras
 * `PiecewiseConstantDecay` with geometric values).
 *
 *   value(step) = initialValue · gamma^k,  k = #{ m ∈ milestones : m ≤ step }
 *
 * The product is accumulated one factor at a time, as the paper's reference code does, so values
 * equal the reference's bit for bit.
 *
 * @param options - initial value, milestones and gamma
 * @returns the schedule
 * @example
 * ```ts
 * const lr = multiStep({ initialValue: 0.1, milestones: [59, 119, 149], gamma: 0.2 });
 * lr(59); // 0.1 * 0.2
 * ```
 */
export function multiStep(options: MultiStepOptions): DescribedSchedule<MultiStepConfig> {
  return makeMultiStep(resolveMultiStep({ kind: 'multi-step', ...options }, ''));
}

/** The `multi-step` schedule kind; it changes value at its milestones. */
export const multiStepKind: ScheduleKindEntry<MultiStepConfig, MultiStepConfig, DescribedSchedule> = {
  description: 'initialValue multiplied by gamma at each milestone (PyTorch MultiStepLR)',
  fields: {
    initialValue: 'the value before the first milestone (≥ 0)',
    milestones: 'strictly increasing steps ≥ 0 at which the value is multiplied by gamma',
    gamma: 'the factor per milestone (≥ 0)',
  },
  resolve: resolveMultiStep,
  build: makeMultiStep,
  changesAt: (config) => config.milestones,
};
