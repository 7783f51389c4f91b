import { withConfig, type DescribedSchedule } from '../schedule';
import { checkSteps, checkValue } from './values';

/** Options of {@link linear}. */
export interface LinearOptions {
  /** The value at step 0. */
  readonly initialValue: number;
  /** The value from `steps` on. */
  readonly finalValue: number;
  /** Length of the ramp. */
  readonly steps: number;
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
export function linear(options: LinearOptions): DescribedSchedule {
  const initialValue = checkValue('initialValue', options.initialValue);
  const finalValue = checkValue('finalValue', options.finalValue);
  const steps = checkSteps('steps', options.steps);
  return withConfig(
    (step) => initialValue + ((finalValue - initialValue) * Math.min(Math.max(0, step), steps)) / steps,
    { kind: 'linear', initialValue, finalValue, steps },
  );
}
