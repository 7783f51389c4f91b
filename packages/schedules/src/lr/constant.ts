import { withConfig, type DescribedSchedule } from '../schedule';
import type { ScheduleKindEntry } from './kind';
import { at, checkValue } from './values';

/** `constant(value)`: the same value at every step. */
export interface ConstantConfig {
  /** Discriminator. */
  readonly kind: 'constant';
  /** The value at every step (≥ 0). */
  readonly value: number;
}

function resolveConstant(config: ConstantConfig, path: string): ConstantConfig {
  return { kind: 'constant', value: checkValue(at(path, 'value'), config.value) };
}

function makeConstant(config: ConstantConfig): DescribedSchedule<ConstantConfig> {
  const v = config.value;
  return withConfig(() => v, config);
}

/**
 * A constant schedule: the same value at every step.
 *
 * @param value - the value (≥ 0)
 * @returns the schedule
 * @example
 * ```ts
 * const lr = constant(0.1); // lr(0) === lr(10_000) === 0.1
 * ```
 */
export function constant(value: number): DescribedSchedule<ConstantConfig> {
  return makeConstant(resolveConstant({ kind: 'constant', value }, ''));
}

/** The `constant` schedule kind. */
export const constantKind: ScheduleKindEntry<ConstantConfig, ConstantConfig, DescribedSchedule> = {
  description: 'the same value at every step',
  fields: { value: 'the value at every step (≥ 0)' },
  resolve: resolveConstant,
  build: makeConstant,
  changesAt: () => [],
};
