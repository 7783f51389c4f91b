import { checkPositive } from '@lrlab/core';
import { withConfig, type DescribedSchedule } from '../schedule';
import { checkSteps, checkValue } from './values';

/** Options of {@link polynomial}. */
export interface PolynomialOptions {
  /** The value at step 0. */
  readonly initialValue: number;
  /** The value from `steps` on. */
  readonly finalValue: number;
  /** Length of the transition. */
  readonly steps: number;
  /** Exponent; 1 is a straight line. */
  readonly power: number;
}

/**
 * Polynomial interpolation from `initialValue` to `finalValue` over `steps`, then constant
 * (optax `polynomial_schedule`, Keras `PolynomialDecay`, PyTorch `PolynomialLR` with end 0).
 *
 *   value(step) = (initialValue − finalValue) · (1 − min(step, steps) / steps)^power + finalValue
 *
 * @param options - end points, length and power
 * @returns the schedule
 */
export function polynomial(options: PolynomialOptions): DescribedSchedule {
  const initialValue = checkValue('initialValue', options.initialValue);
  const finalValue = checkValue('finalValue', options.finalValue);
  const steps = checkSteps('steps', options.steps);
  const power = checkPositive('power', options.power);
  return withConfig(
    (step) => (initialValue - finalValue) * (1 - Math.min(Math.max(0, step), steps) / steps) ** power + finalValue,
    { kind: 'polynomial', initialValue, finalValue, steps, power },
  );
}
