import { checkOneOf, type OptionsOf } from '@lrlab/core';
import { withConfig, type DescribedSchedule } from '../schedule';
import type { ScheduleKindEntry } from './kind';
import { at, checkSteps, checkValue } from './values';

/** `cyclic({ baseValue, maxValue, stepSizeUp, stepSizeDown, mode, gamma })` (PyTorch `CyclicLR`). */
export interface CyclicConfig {
  /** Discriminator. */
  readonly kind: 'cyclic';
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

/** Options of {@link cyclic}. */
export type CyclicOptions = OptionsOf<CyclicConfig>;

const MODES = ['triangular', 'triangular2', 'exp-range'] as const;

function resolveCyclic(config: CyclicConfig, path: string): Required<CyclicConfig> {
  const baseValue = checkValue(at(path, 'baseValue'), config.baseValue);
  const maxValue = checkValue(at(path, 'maxValue'), config.maxValue);
  const stepSizeUp = checkSteps(at(path, 'stepSizeUp'), config.stepSizeUp);
  const stepSizeDown = checkSteps(at(path, 'stepSizeDown'), config.stepSizeDown ?? stepSizeUp);
  const mode = checkOneOf(at(path, 'mode'), config.mode ?? 'triangular', MODES);
  const gamma = checkValue(at(path, 'gamma'), config.gamma ?? 1);
  return { kind: 'cyclic', baseValue, maxValue, stepSizeUp, stepSizeDown, mode, gamma };
}

function makeCyclic(config: Required<CyclicConfig>): DescribedSchedule<Required<CyclicConfig>> {
  const { baseValue, maxValue, stepSizeUp, stepSizeDown, mode, gamma } = config;
  const total = stepSizeUp + stepSizeDown;
  const upRatio = stepSizeUp / total;
  return withConfig((step) => {
    const s = Math.max(0, step);
    const cycle = Math.floor(1 + s / total);
    const x = 1 + s / total - cycle;
    const scale = x <= upRatio ? x / upRatio : (x - 1) / (upRatio - 1);
    const factor = mode === 'triangular' ? 1 : mode === 'triangular2' ? 1 / 2 ** (cycle - 1) : gamma ** s;
    return baseValue + (maxValue - baseValue) * scale * factor;
  }, config);
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
export function cyclic(options: CyclicOptions): DescribedSchedule<CyclicConfig> {
  return makeCyclic(resolveCyclic({ kind: 'cyclic', ...options }, ''));
}

/** The `cyclic` schedule kind. */
export const cyclicKind: ScheduleKindEntry<CyclicConfig, Required<CyclicConfig>, DescribedSchedule> = {
  description: 'a triangular cycle between baseValue and maxValue (PyTorch CyclicLR)',
  fields: {
    baseValue: 'the lowest value of each cycle (≥ 0)',
    maxValue: 'the highest value of the first cycle (≥ 0)',
    stepSizeUp: 'steps from base to max (> 0)',
    stepSizeDown: 'steps from max back to base (> 0); default stepSizeUp',
    mode: '"triangular" (default), "triangular2" (amplitude halves each cycle) or "exp-range" (amplitude × gamma^step)',
    gamma: 'per-step amplitude factor for "exp-range" (≥ 0); default 1',
  },
  resolve: resolveCyclic,
  build: makeCyclic,
  changesAt: () => [],
};
