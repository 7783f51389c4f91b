import { checkInteger, type Schedule } from '@lrlab/core';
import { isDescribed, withConfig } from '../schedule';

/** Options of {@link stepsPerEpoch}. */
export interface StepsPerEpochOptions {
  /** Training examples per epoch. */
  readonly examples: number;
  /** Examples per batch. */
  readonly batchSize: number;
  /** Drop the last partial batch (PyTorch `drop_last`); default false. */
  readonly dropLast?: boolean;
}

/**
 * Optimizer steps in one epoch: ⌈examples / batchSize⌉, or ⌊examples / batchSize⌋ when the last
 * partial batch is dropped.
 *
 * @param options - dataset size, batch size and drop-last
 * @returns steps per epoch (≥ 1)
 * @example
 * ```ts
 * stepsPerEpoch({ examples: 50_000, batchSize: 128 }); // 391
 * ```
 */
export function stepsPerEpoch(options: StepsPerEpochOptions): number {
  const examples = checkInteger('examples', options.examples, { min: 1 });
  const batchSize = checkInteger('batchSize', options.batchSize, { min: 1, max: options.dropLast ? examples : undefined });
  return options.dropLast ? Math.floor(examples / batchSize) : Math.ceil(examples / batchSize);
}

/**
 * Drives a schedule written over 0-based epochs with optimizer steps: the epoch schedule receives
 * ⌊step / stepsPerEpoch⌋, so the value changes at the first step of each epoch (as PyTorch's
 * per-epoch `scheduler.step()`).
 *
 * @param epochSchedule - a schedule over epochs (e.g. a paper preset)
 * @param stepsPerEpoch - optimizer steps per epoch (as the function `stepsPerEpoch` computes)
 * @returns a schedule over steps (described when the epoch schedule is)
 * @example
 * ```ts
 * const lr = perEpoch(multiStep({ initialValue: 0.1, milestones: [29], gamma: 0.04 }), 391);
 * lr(29 * 391 - 1); // 0.1
 * lr(29 * 391);     // 0.004
 * ```
 */
export function perEpoch(epochSchedule: Schedule, stepsPerEpoch: number): Schedule {
  const spe = checkInteger('stepsPerEpoch', stepsPerEpoch, { min: 1 });
  const fn: Schedule = (step) => epochSchedule(Math.floor(Math.max(0, step) / spe));
  return isDescribed(epochSchedule)
    ? withConfig(fn, { kind: 'per-epoch', schedule: epochSchedule.config, stepsPerEpoch: spe })
    : fn;
}
