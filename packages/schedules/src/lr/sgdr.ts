import { checkInteger } from '@lrlab/core';
import type { DescribedSchedule } from '../schedule';
import { cosineDecay } from './cosine';
import { joinSchedules } from './join';
import { checkSteps, checkValue } from './values';

/** Options of {@link sgdr}. */
export interface SgdrOptions {
  /** The value at the start of every cycle. */
  readonly initialValue: number;
  /** The value each cycle decays to; default 0. */
  readonly finalValue?: number;
  /** Length of the first cycle (PyTorch `T_0`). */
  readonly firstPeriodSteps: number;
  /** Each cycle is this many times longer than the one before (PyTorch `T_mult`); default 1. */
  readonly periodMultiplier?: number;
  /** Number of cycles; after the last one the value stays at `finalValue`. */
  readonly cycles: number;
  /** The cycle's starting value is multiplied by this after every restart; default 1. */
  readonly peakDecay?: number;
}

/**
 * Cosine annealing with warm restarts (SGDR, Loshchilov & Hutter 2017; PyTorch
 * `CosineAnnealingWarmRestarts`, optax `sgdr_schedule`): a join of cosine decays of lengths
 * T0, T0·m, T0·m², ... Each restart jumps back to the (decayed) initial value.
 *
 * @param options - values, first period, multiplier, cycle count and peak decay
 * @returns the described schedule
 * @example
 * ```ts
 * const lr = sgdr({ initialValue: 0.1, firstPeriodSteps: 10, periodMultiplier: 2, cycles: 3 });
 * lr(10); // 0.1: the second cycle starts
 * ```
 */
export function sgdr(options: SgdrOptions): DescribedSchedule {
  const initialValue = checkValue('initialValue', options.initialValue);
  const finalValue = checkValue('finalValue', options.finalValue ?? 0);
  const firstPeriodSteps = checkSteps('firstPeriodSteps', options.firstPeriodSteps);
  const periodMultiplier = checkSteps('periodMultiplier', options.periodMultiplier ?? 1);
  const cycles = checkInteger('cycles', options.cycles, { min: 1, max: 10_000 });
  const peakDecay = checkValue('peakDecay', options.peakDecay ?? 1);
  const pieces: DescribedSchedule[] = [];
  const boundaries: number[] = [];
  let start = 0;
  let period = firstPeriodSteps;
  let peak = initialValue;
  for (let c = 0; c < cycles; c++) {
    if (c > 0) boundaries.push(start);
    pieces.push(cosineDecay({ initialValue: peak, finalValue, steps: period }));
    start += period;
    period *= periodMultiplier;
    peak *= peakDecay;
  }
  return joinSchedules(pieces, boundaries);
}
