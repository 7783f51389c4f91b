import { withConfig, type DescribedSchedule } from '../schedule';
import type { ExponentialDecayConfig } from '../schedule-config';
import { checkSteps, checkValue } from './values';

/** Options of {@link exponentialDecay}. */
export interface ExponentialDecayOptions {
  /** The value at step 0. */
  readonly initialValue: number;
  /** The factor per `decaySteps` steps (< 1 decays, > 1 grows). */
  readonly decayRate: number;
  /** Steps over which the value is multiplied by `decayRate`; default 1. */
  readonly decaySteps?: number;
  /** Jump every `decaySteps` steps instead of decaying continuously; default false. */
  readonly staircase?: boolean;
  /** A bound the value never crosses (floor when decaying, ceiling when growing). */
  readonly finalValue?: number;
}

/**
 * Exponential decay (optax `exponential_decay`, Keras `ExponentialDecay`, PyTorch `ExponentialLR`
 * with `decaySteps = 1`).
 *
 *   value(step) = initialValue · decayRate^(step / decaySteps)     (exponent floored if staircase)
 *
 * clipped at `finalValue` when given.
 *
 * @param options - initial value, rate, period, staircase and bound
 * @returns the schedule
 * @example
 * ```ts
 * const sigma = exponentialDecay({ initialValue: 0.4, decayRate: 0.9, staircase: true });
 * sigma(2); // 0.4 * 0.9 ** 2
 * ```
 */
export function exponentialDecay(options: ExponentialDecayOptions): DescribedSchedule {
  const initialValue = checkValue('initialValue', options.initialValue);
  const decayRate = checkValue('decayRate', options.decayRate);
  const decaySteps = checkSteps('decaySteps', options.decaySteps ?? 1);
  const staircase = options.staircase ?? false;
  const finalValue = options.finalValue === undefined ? undefined : checkValue('finalValue', options.finalValue);
  const config: ExponentialDecayConfig = { kind: 'exponential-decay', initialValue, decayRate, decaySteps, staircase };
  const bound = finalValue === undefined ? undefined : decayRate < 1 ? Math.max : Math.min;
  return withConfig(
    (step) => {
      const exponent = Math.max(0, step) / decaySteps;
      const value = initialValue * decayRate ** (staircase ? Math.floor(exponent) : exponent);
      return bound ? bound(value, finalValue!) : value;
    },
    finalValue === undefined ? config : { ...config, finalValue },
  );
}
