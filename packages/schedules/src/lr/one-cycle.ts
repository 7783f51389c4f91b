import { checkNumber, checkOneOf } from '@lrlab/core';
import type { DescribedSchedule } from '../schedule';
import { cosineDecay } from './cosine';
import { joinSchedules } from './join';
import { linear } from './linear';
import { checkSteps, checkValue } from './values';

/** Options of {@link oneCycle}. */
export interface OneCycleOptions {
  /** The highest value (PyTorch `max_lr`). */
  readonly peakValue: number;
  /** Total steps of the cycle (PyTorch `total_steps`); the last step is `totalSteps − 1`. */
  readonly totalSteps: number;
  /** Fraction of the cycle spent rising; default 0.3. */
  readonly pctStart?: number;
  /** initialValue = peakValue / divFactor; default 25. */
  readonly divFactor?: number;
  /** finalValue = initialValue / finalDivFactor; default 1e4. */
  readonly finalDivFactor?: number;
  /** `cos` (default) or `linear` interpolation. */
  readonly annealStrategy?: 'cos' | 'linear';
  /** Fall back to initialValue before the final anneal, as PyTorch's `three_phase`; default false. */
  readonly threePhase?: boolean;
}

/**
 * The one-cycle policy (Smith & Topin 2018) with PyTorch `OneCycleLR`'s exact phase ends: rise
 * from peak/divFactor to peak until step pctStart·totalSteps − 1, then fall to
 * peak/(divFactor·finalDivFactor) at step totalSteps − 1 (three phases optionally). A join of
 * cosine (or linear) interpolations; past the end the value stays at the final value.
 *
 * @param options - peak, length and shape
 * @returns the described schedule
 * @example
 * ```ts
 * const lr = oneCycle({ peakValue: 1, totalSteps: 10 });
 * lr(0); // 0.04
 * lr(2); // 1
 * lr(9); // 4e-6
 * ```
 */
export function oneCycle(options: OneCycleOptions): DescribedSchedule {
  const peakValue = checkValue('peakValue', options.peakValue);
  const totalSteps = checkSteps('totalSteps', options.totalSteps);
  const pctStart = checkNumber('pctStart', options.pctStart ?? 0.3, { min: 0, max: 1, minExclusive: true, maxExclusive: true });
  const divFactor = checkSteps('divFactor', options.divFactor ?? 25);
  const finalDivFactor = checkSteps('finalDivFactor', options.finalDivFactor ?? 1e4);
  const strategy = checkOneOf('annealStrategy', options.annealStrategy ?? 'cos', ['cos', 'linear'] as const);
  const threePhase = options.threePhase ?? false;
  const initialValue = peakValue / divFactor;
  const minValue = initialValue / finalDivFactor;
  const anneal = (from: number, to: number, steps: number) =>
    strategy === 'cos' ? cosineDecay({ initialValue: from, finalValue: to, steps }) : linear({ initialValue: from, finalValue: to, steps });
  // Phase ends as in PyTorch: pct·total − 1, (2·pct·total − 2), total − 1.
  const riseEnd = checkSteps('pctStart · totalSteps − 1', pctStart * totalSteps - 1);
  const ends = threePhase ? [riseEnd, 2 * pctStart * totalSteps - 2, totalSteps - 1] : [riseEnd, totalSteps - 1];
  const targets = threePhase ? [peakValue, initialValue, minValue] : [peakValue, minValue];
  const pieces: DescribedSchedule[] = [];
  let start = 0;
  let from = initialValue;
  for (let i = 0; i < ends.length; i++) {
    pieces.push(anneal(from, targets[i]!, checkSteps(`phase ${i + 1} length`, ends[i]! - start)));
    from = targets[i]!;
    start = ends[i]!;
  }
  return joinSchedules(pieces, ends.slice(0, -1));
}
