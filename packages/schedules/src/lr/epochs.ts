import { checkInteger, type KindConfig, type Schedule } from '@lrlab/core';
import { isDescribed, withConfig, type DescribedSchedule } from '../schedule';
import type { ScheduleKindEntry } from './kind';
import { at, checkScheduleArgument } from './values';

/** `perEpoch(schedule, stepsPerEpoch)`: a schedule over 0-based epochs, driven by steps. */
export interface PerEpochConfig<Nested extends KindConfig = KindConfig> {
  /** Discriminator. */
  readonly kind: 'per-epoch';
  /** The schedule over epochs (it receives ⌊step / stepsPerEpoch⌋). */
  readonly schedule: Nested;
  /** Optimizer steps per epoch (an integer ≥ 1). */
  readonly stepsPerEpoch: number;
}

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
export function perEpoch<Config extends KindConfig>(epochSchedule: DescribedSchedule<Config>, stepsPerEpoch: number): DescribedSchedule<PerEpochConfig<Config>>;
export function perEpoch(epochSchedule: Schedule, stepsPerEpoch: number): Schedule;
export function perEpoch(epochSchedule: Schedule, stepsPerEpoch: number): Schedule {
  checkScheduleArgument('epochSchedule', epochSchedule);
  const spe = checkInteger('stepsPerEpoch', stepsPerEpoch, { min: 1 });
  const fn = byEpoch(epochSchedule, spe);
  return isDescribed(epochSchedule)
    ? withConfig(fn, { kind: 'per-epoch', schedule: epochSchedule.config, stepsPerEpoch: spe })
    : fn;
}

/** The step → value function: the epoch schedule at ⌊step / stepsPerEpoch⌋. */
function byEpoch(epochSchedule: Schedule, stepsPerEpoch: number): Schedule {
  return (step) => epochSchedule(Math.floor(Math.max(0, step) / stepsPerEpoch));
}

/** The `per-epoch` schedule kind; it changes value at the first step of each epoch at which its epoch schedule does. */
export const perEpochKind: ScheduleKindEntry<PerEpochConfig, PerEpochConfig, DescribedSchedule> = {
  description: 'a schedule over 0-based epochs driven by steps: it receives ⌊step / stepsPerEpoch⌋',
  fields: {
    schedule: 'the schedule over epochs (a schedule config)',
    stepsPerEpoch: 'optimizer steps per epoch (an integer ≥ 1)',
  },
  resolve: (config, path) => ({
    kind: 'per-epoch',
    schedule: config.schedule,
    stepsPerEpoch: checkInteger(at(path, 'stepsPerEpoch'), config.stepsPerEpoch, { min: 1 }),
  }),
  build(config, context) {
    const inner = context.buildSchedule(config.schedule, `${context.path}.schedule`);
    return withConfig(byEpoch(inner, config.stepsPerEpoch), { kind: 'per-epoch', schedule: inner.config, stepsPerEpoch: config.stepsPerEpoch });
  },
  changesAt: (config, changesOf) => changesOf(config.schedule).map((epoch) => Math.ceil(epoch) * config.stepsPerEpoch),
};
