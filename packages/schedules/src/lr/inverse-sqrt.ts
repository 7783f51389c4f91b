import { withConfig, type DescribedSchedule } from '../schedule';
import { checkSteps, checkValue } from './values';

/** Options of {@link inverseSqrt}. */
export interface InverseSqrtOptions {
  /** The value at step 0. */
  readonly initialValue: number;
  /** Steps over which the value falls by a factor √2. */
  readonly timescale: number;
}

/**
 * Inverse-square-root decay (Transformer / fairseq `inverse_sqrt` after its warm-up).
 *
 *   value(step) = initialValue / √(1 + step / timescale)
 *
 * Joined after a linear warm-up of W steps with timescale W it gives fairseq's
 * peak · √(W / t) for t ≥ W: `warmup({ warmupSteps: W, peakValue, then: inverseSqrt({ initialValue: peakValue, timescale: W }) })`.
 *
 * @param options - initial value and timescale
 * @returns the schedule
 */
export function inverseSqrt(options: InverseSqrtOptions): DescribedSchedule {
  const initialValue = checkValue('initialValue', options.initialValue);
  const timescale = checkSteps('timescale', options.timescale);
  return withConfig((step) => initialValue / Math.sqrt(1 + Math.max(0, step) / timescale), {
    kind: 'inverse-sqrt',
    initialValue,
    timescale,
  });
}
