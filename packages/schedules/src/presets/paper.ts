/**
 * The learning-rate and noise schedules of the paper's reference code (Li, Wei & Ma 2019,
 * `train_util.py` of the official implementation), over **0-based epochs**.
 *
 * The reference counts epochs from 1 and changes the value when `epoch >= b`; its epoch e is our
 * epoch e − 1, so a reference boundary b is our boundary b − 1. For example `decay_early` trains our
 * epochs 0–28 at the large LR and epoch 29 onward at ×0.04. Drive them with steps through
 * {@link perEpoch}.
 */
import { checkOneOf } from '@lrlab/core';
import type { ScheduleConfig } from '../lr/config';
import type { DescribedSchedule } from '../schedule';
import { constant } from '../lr/constant';
import { exponentialDecay } from '../lr/exponential';
import { multiStep } from '../lr/multi-step';

/** Names of the reference's learning-rate schedules (`--lr_sched`). */
export const PAPER_LR_SCHEDULES = ['default', 'fixed', 'decay_once', 'decay_early'] as const;

/** A reference learning-rate schedule name. */
export type PaperLrScheduleName = (typeof PAPER_LR_SCHEDULES)[number];

/** Names of the reference's activation-noise schedules (`--act_noise_decay`). */
export const PAPER_NOISE_SCHEDULES = ['none', 'step', 'step_early', 'cont'] as const;

/** A reference noise schedule name. */
export type PaperNoiseScheduleName = (typeof PAPER_NOISE_SCHEDULES)[number];

/** Reference boundaries (1-based epochs, change when epoch ≥ b) → ours (0-based). */
const toOurEpochs = (referenceEpochs: readonly number[]): number[] => referenceEpochs.map((b) => b - 1);

/**
 * A learning-rate schedule of the reference, over 0-based epochs.
 *
 * - `default`: ×0.2 at reference epochs 60, 120, 150 (ours 59, 119, 149)
 * - `fixed`: constant
 * - `decay_once`: ×0.2 at reference epoch 150 (ours 149)
 * - `decay_early`: ×0.04 at reference epoch 30 (ours 29) — the patched-CIFAR runs
 *
 * @param name - the reference's name
 * @param initialValue - the initial learning rate (e.g. 0.1 large, 0.004 small)
 * @returns the schedule over epochs
 * @example
 * ```ts
 * const lr = paperLearningRate('decay_early', 0.1);
 * lr(28); // 0.1
 * lr(29); // 0.1 * 0.04
 * ```
 */
export function paperLearningRate(name: PaperLrScheduleName, initialValue: number): DescribedSchedule<ScheduleConfig> {
  switch (checkOneOf('name', name, PAPER_LR_SCHEDULES)) {
    case 'default':
      return multiStep({ initialValue, milestones: toOurEpochs([60, 120, 150]), gamma: 0.2 });
    case 'fixed':
      return constant(initialValue);
    case 'decay_once':
      return multiStep({ initialValue, milestones: toOurEpochs([150]), gamma: 0.2 });
    case 'decay_early':
      return multiStep({ initialValue, milestones: toOurEpochs([30]), gamma: 0.04 });
  }
}

/** Options of {@link paperNoise}. */
export interface PaperNoiseOptions {
  /** The initial noise standard deviation σ0 (the reference's `--act_noise`). */
  readonly initialValue: number;
  /** The factor per decay (the reference's `--act_noise_decay_rate`). */
  readonly decayRate: number;
}

/**
 * An activation-noise σ schedule of the reference, over 0-based epochs.
 *
 * - `none`: σ0 throughout (no decay — not zero)
 * - `step`: ×rate at reference epochs 60, 120, 150 (ours 59, 119, 149)
 * - `step_early`: ×rate at reference epoch 30 (ours 29)
 * - `cont`: σ0 · rate^(e_ref − 1) = σ0 · rate^e in our epochs
 *
 * @param name - the reference's name
 * @param options - σ0 and the decay rate
 * @returns the schedule over epochs
 * @example
 * ```ts
 * const sigma = paperNoise('step_early', { initialValue: 0.4, decayRate: 1e-5 });
 * sigma(29); // 0.4 * 1e-5
 * ```
 */
export function paperNoise(name: PaperNoiseScheduleName, options: PaperNoiseOptions): DescribedSchedule<ScheduleConfig> {
  const { initialValue, decayRate } = options;
  switch (checkOneOf('name', name, PAPER_NOISE_SCHEDULES)) {
    case 'none':
      return constant(initialValue);
    case 'step':
      return multiStep({ initialValue, milestones: toOurEpochs([60, 120, 150]), gamma: decayRate });
    case 'step_early':
      return multiStep({ initialValue, milestones: toOurEpochs([30]), gamma: decayRate });
    case 'cont':
      return exponentialDecay({ initialValue, decayRate, decaySteps: 1, staircase: true });
  }
}
