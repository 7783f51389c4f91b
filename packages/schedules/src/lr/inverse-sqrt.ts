import type { OptionsOf } from '@lrlab/core';
import { withConfig, type DescribedSchedule } from '../schedule';
import type { ScheduleKindEntry } from './kind';
import { at, checkSteps, checkValue } from './values';

/** `inverseSqrt({ initialValue, timescale })`: initialValue / √(1 + step / timescale). */
export interface InverseSqrtConfig {
  /** Discriminator. */
  readonly kind: 'inverse-sqrt';
  /** The value at step 0. */
  readonly initialValue: number;
  /** Steps over which the value falls by a factor √2. */
  readonly timescale: number;
}

/** Options of {@link inverseSqrt}. */
export type InverseSqrtOptions = OptionsOf<InverseSqrtConfig>;

function resolveInverseSqrt(config: InverseSqrtConfig, path: string): InverseSqrtConfig {
  return {
    kind: 'inverse-sqrt',
    initialValue: checkValue(at(path, 'initialValue'), config.initialValue),
    timescale: checkSteps(at(path, 'timescale'), config.timescale),
  };
}

function makeInverseSqrt(config: InverseSqrtConfig): DescribedSchedule<InverseSqrtConfig> {
  const { initialValue, timescale } = config;
  return withConfig((step) => initialValue / Math.sqrt(1 + Math.max(0, step) / timescale), config);
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
export function inverseSqrt(options: InverseSqrtOptions): DescribedSchedule<InverseSqrtConfig> {
  return makeInverseSqrt(resolveInverseSqrt({ kind: 'inverse-sqrt', ...options }, ''));
}

/** The `inverse-sqrt` schedule kind. */
export const inverseSqrtKind: ScheduleKindEntry<InverseSqrtConfig, InverseSqrtConfig, DescribedSchedule> = {
  description: 'initialValue / √(1 + step / timescale)',
  fields: {
    initialValue: 'the value at step 0 (≥ 0)',
    timescale: 'steps over which the value falls by a factor √2 (> 0)',
  },
  resolve: resolveInverseSqrt,
  build: makeInverseSqrt,
  changesAt: () => [],
};
