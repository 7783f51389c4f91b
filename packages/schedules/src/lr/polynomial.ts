import { checkPositive, type OptionsOf } from '@lrlab/core';
import { withConfig, type DescribedSchedule } from '../schedule';
import type { ScheduleKindEntry } from './kind';
import { at, checkSteps, checkValue } from './values';

/** `polynomial({ initialValue, finalValue, steps, power })` (optax `polynomial_schedule`). */
export interface PolynomialConfig {
  /** Discriminator. */
  readonly kind: 'polynomial';
  /** The value at step 0. */
  readonly initialValue: number;
  /** The value from `steps` on. */
  readonly finalValue: number;
  /** Length of the transition. */
  readonly steps: number;
  /** Exponent; 1 is a straight line. */
  readonly power: number;
}

/** Options of {@link polynomial}. */
export type PolynomialOptions = OptionsOf<PolynomialConfig>;

function resolvePolynomial(config: PolynomialConfig, path: string): PolynomialConfig {
  return {
    kind: 'polynomial',
    initialValue: checkValue(at(path, 'initialValue'), config.initialValue),
    finalValue: checkValue(at(path, 'finalValue'), config.finalValue),
    steps: checkSteps(at(path, 'steps'), config.steps),
    power: checkPositive(at(path, 'power'), config.power),
  };
}

function makePolynomial(config: PolynomialConfig): DescribedSchedule<PolynomialConfig> {
  const { initialValue, finalValue, steps, power } = config;
  return withConfig((step) => (initialValue - finalValue) * (1 - Math.min(Math.max(0, step), steps) / steps) ** power + finalValue, config);
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
export function polynomial(options: PolynomialOptions): DescribedSchedule<PolynomialConfig> {
  return makePolynomial(resolvePolynomial({ kind: 'polynomial', ...options }, ''));
}

/** The `polynomial` schedule kind. */
export const polynomialKind: ScheduleKindEntry<PolynomialConfig, PolynomialConfig, DescribedSchedule> = {
  description: 'polynomial interpolation from initialValue to finalValue over `steps`, then constant',
  fields: {
    initialValue: 'the value at step 0 (≥ 0)',
    finalValue: 'the value from `steps` on (≥ 0)',
    steps: 'length of the transition (> 0)',
    power: 'the exponent (> 0); 1 is a straight line',
  },
  resolve: resolvePolynomial,
  build: makePolynomial,
  changesAt: () => [],
};
