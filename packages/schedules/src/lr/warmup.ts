import { checkOneOf, type Schedule } from '@lrlab/core';
import { constant } from './constant';
import { cosineDecay } from './cosine';
import { joinSchedules } from './join';
import { linear } from './linear';
import { checkSteps, checkValue } from './values';

/** Options of {@link warmup}. */
export interface WarmupOptions {
  /** Length of the warm-up; `then` starts at this step with its local step 0. */
  readonly warmupSteps: number;
  /** The value at step 0; default 0. */
  readonly initialValue?: number;
  /** The value the linear warm-up reaches at `warmupSteps` (ignored by `constant` mode). */
  readonly peakValue: number;
  /** `linear` (default): ramp from initialValue to peakValue; `constant`: hold initialValue. */
  readonly mode?: 'linear' | 'constant';
  /** The schedule after the warm-up (receives its local step). */
  readonly then: Schedule;
}

/**
 * A warm-up followed by any schedule: a join of `linear` (or `constant`) and `then`.
 *
 * @param options - warm-up length, values, mode and the schedule that follows
 * @returns the joined schedule (described when `then` is)
 * @example
 * ```ts
 * const lr = warmup({ warmupSteps: 5, peakValue: 0.1, then: multiStep({ initialValue: 0.1, milestones: [100], gamma: 0.1 }) });
 * lr(0); // 0
 * lr(5); // 0.1
 * ```
 */
export function warmup(options: WarmupOptions): Schedule {
  const warmupSteps = checkSteps('warmupSteps', options.warmupSteps);
  const initialValue = checkValue('initialValue', options.initialValue ?? 0);
  const mode = checkOneOf('mode', options.mode ?? 'linear', ['linear', 'constant'] as const);
  const peakValue = checkValue('peakValue', options.peakValue);
  const ramp = mode === 'linear' ? linear({ initialValue, finalValue: peakValue, steps: warmupSteps }) : constant(initialValue);
  return joinSchedules([ramp, options.then], [warmupSteps]);
}

/** Options of {@link warmupCosineDecay}. */
export interface WarmupCosineDecayOptions {
  /** The value at step 0; default 0. */
  readonly initialValue?: number;
  /** The value reached at the end of the warm-up. */
  readonly peakValue: number;
  /** Length of the linear warm-up. */
  readonly warmupSteps: number;
  /** Total length, warm-up included (as optax's `decay_steps`). */
  readonly steps: number;
  /** The value at and after `steps`; default 0. */
  readonly finalValue?: number;
}

/**
 * Linear warm-up then cosine decay (optax `warmup_cosine_decay_schedule`): a join of `linear` and
 * `cosineDecay` over `steps − warmupSteps`.
 *
 * @param options - values and lengths
 * @returns the described schedule
 */
export function warmupCosineDecay(options: WarmupCosineDecayOptions): Schedule {
  const warmupSteps = checkSteps('warmupSteps', options.warmupSteps);
  const steps = checkSteps('steps', options.steps);
  const peakValue = checkValue('peakValue', options.peakValue);
  const decaySteps = checkSteps('steps − warmupSteps', steps - warmupSteps);
  return warmup({
    warmupSteps,
    peakValue,
    initialValue: options.initialValue ?? 0,
    then: cosineDecay({ initialValue: peakValue, finalValue: options.finalValue ?? 0, steps: decaySteps }),
  });
}
