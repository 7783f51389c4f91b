import type { OptionsOf } from '@lrlab/core';
import { withConfig, type DescribedSchedule } from '../schedule';
import type { ScheduleKindEntry } from './kind';
import { at, checkSteps, checkValue } from './values';

/** `cosineDecay({ initialValue, finalValue, steps })` (optax `cosine_decay_schedule`). */
export interface CosineDecayConfig {
  /** Discriminator. */
  readonly kind: 'cosine-decay';
  /** The value at step 0. */
  readonly initialValue: number;
  /** The value from `steps` on; default 0. May exceed `initialValue` (a cosine ramp up). */
  readonly finalValue?: number;
  /** Length of the half cosine. */
  readonly steps: number;
}

/** Options of {@link cosineDecay}. */
export type CosineDecayOptions = OptionsOf<CosineDecayConfig>;

function resolveCosineDecay(config: CosineDecayConfig, path: string): Required<CosineDecayConfig> {
  return {
    kind: 'cosine-decay',
    initialValue: checkValue(at(path, 'initialValue'), config.initialValue),
    finalValue: checkValue(at(path, 'finalValue'), config.finalValue ?? 0),
    steps: checkSteps(at(path, 'steps'), config.steps),
  };
}

function makeCosineDecay(config: Required<CosineDecayConfig>): DescribedSchedule<Required<CosineDecayConfig>> {
  const { initialValue, finalValue, steps } = config;
  return withConfig(
    (step) => finalValue + (initialValue - finalValue) * 0.5 * (1 + Math.cos((Math.PI * Math.min(Math.max(0, step), steps)) / steps)),
    config,
  );
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
export function cosineDecay(options: CosineDecayOptions): DescribedSchedule<CosineDecayConfig> {
  return makeCosineDecay(resolveCosineDecay({ kind: 'cosine-decay', ...options }, ''));
}

/** The `cosine-decay` schedule kind. */
export const cosineDecayKind: ScheduleKindEntry<CosineDecayConfig, Required<CosineDecayConfig>, DescribedSchedule> = {
  description: 'half-cosine interpolation from initialValue to finalValue over `steps`, then constant',
  fields: {
    initialValue: 'the value at step 0 (≥ 0)',
    finalValue: 'the value from `steps` on (≥ 0); default 0',
    steps: 'length of the half cosine (> 0)',
  },
  resolve: resolveCosineDecay,
  build: makeCosineDecay,
  changesAt: () => [],
};
