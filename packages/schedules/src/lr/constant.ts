import { withConfig, type DescribedSchedule } from '../schedule';
import { checkValue } from './values';

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
export function constant(value: number): DescribedSchedule {
  const v = checkValue('value', value);
  return withConfig(() => v, { kind: 'constant', value: v });
}
