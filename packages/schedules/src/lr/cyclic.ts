import { checkOneOf } from '@lrlab/core';
import { withConfig, type DescribedSchedule } from '../schedule';
import { checkSteps, checkValue } from './values';

/** Options of {@link cyclic}. */
export interface CyclicOptions {
  /** The lowest value of each cycle. */
  readonly baseValue: number;
  /** The highest value (of the first cycle, for the decaying modes). */
  readonly maxValue: number;
  /** Steps from base to max. */
  readonly stepSizeUp: number;
  /** Steps from max back to base; default `stepSizeUp`. */
  readonly stepSizeDown?: number;
  /** `triangular` (default), `triangular2` (amplitude halves every cycle) or `exp-range` (amplitude × gamma^step). */
  readonly mode?: 'triangular' | 'triangular2' | 'exp-range';
  /** Per-step amplitude factor for `exp-range`; default 1. */
  readonly gamma?: number;
}

/**
 * A cyclic (triangular) schedule, as PyTorch `CyclicLR` (Smith, 2017).
 *
 * With T = up + down, cycle c = ⌊1 + step / T⌋ and x = 1 + step / T − c:
 *   scale = x / (up / T) while rising, (x − 1) / (up / T − 1) while falling;
 *   value = base + (max − base) · scale · f, with f = 1, 1 / 2^(c − 1) or gamma^step by mode.
 *
 * @param options - range, half-cycle lengths and mode
 * @returns the schedule
 * @example
 * ```ts
 * const lr = cyclic({ baseValue: 0.001, maxValue: 0.01, stepSizeUp: 10 });
 * lr(10); // 0.01
 * lr(20); // 0.001
 * ```
 */
export function cyclic(options: CyclicOptions): DescribedSchedule {
  const baseValue = checkValue('baseValue', options.baseValue);
  const maxValue = checkValue('maxValue', options.maxValue);
  const stepSizeUp = checkSteps('stepSizeUp', options.stepSizeUp);
  const stepSizeDown = checkSteps('stepSizeDown', options.stepSizeDown ?? stepSizeUp);
  const mode = checkOneOf('mode', options.mode ?? 'triangular', ['triangular', 'triangular2', 'exp-range'] as const);
  const gamma = checkValue('gamma', options.gamma ?? 1);
  const total = stepSizeUp + stepSizeDown;
  const upRatio = stepSizeUp / total;
  return withConfig(
    (step) => {
      const s = Math.max(0, step);
      const cycle = Math.floor(1 + s / total);
      const x = 1 + s / total - cycle;
      const scale = x <= upRatio ? x / upRatio : (x - 1) / (upRatio - 1);
      const factor = mode === 'triangular' ? 1 : mode === 'triangular2' ? 1 / 2 ** (cycle - 1) : gamma ** s;
      return baseValue + (maxValue - baseValue) * scale * factor;
    },
    { kind: 'cyclic', baseValue, maxValue, stepSizeUp, stepSizeDown, mode, gamma },
  );
}
