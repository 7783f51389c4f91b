import { withConfig, type DescribedSchedule } from '../schedule';
import { checkSteps, checkValue } from './values';

/** Options of {@link cosineDecay}. */
export interface CosineDecayOptions {
  /** The value at step 0. */
  readonly initialValue: number;
  /** The value from `steps` on; default 0. May exceed `initialValue` (a cosine ramp up). */
  readonly finalValue?: number;
  /** Length of the half cosine. */
  readonly steps: number;
}

/**
 * Half-cosine interpolation from `initialValue` to `finalValue` over `steps`, then constant
 * (optax `cosine_decay_schedule` with alpha = finalValue / initialValue, PyTorch
 * `CosineAnnealingLR` with eta_min = finalValue for its first half period, Keras `CosineDecay`).
 *
 *   value(step) = finalValue + (initialValue − finalValue) · ½ · (1 + cos(π · min(step, steps) / steps))
 *
 * @param options - end points and length
 * @returns the schedule
 * @example
 * ```ts
 * const lr = cosineDecay({ initialValue: 0.1, steps: 100 });
 * lr(50); // 0.05 (up to rounding)
 * ```
 */
export function cosineDecay(options: CosineDecayOptions): DescribedSchedule {
  const initialValue = checkValue('initialValue', options.initialValue);
  const finalValue = checkValue('finalValue', options.finalValue ?? 0);
  const steps = checkSteps('steps', options.steps);
  return withConfig(
    (step) => finalValue + (initialValue - finalValue) * 0.5 * (1 + Math.cos((Math.PI * Math.min(Math.max(0, step), steps)) / steps)),
    { kind: 'cosine-decay', initialValue, finalValue, steps },
  );
}
