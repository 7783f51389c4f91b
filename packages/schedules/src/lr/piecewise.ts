import { checkIncreasing, checkLengths, ConfigError, type OptionsOf } from '@lrlab/core';
import { withConfig, type DescribedSchedule } from '../schedule';
import type { ScheduleKindEntry } from './kind';
import { at, checkValue } from './values';

/** `piecewiseConstant({ boundaries, values })`. */
export interface PiecewiseConstantConfig {
  /** Discriminator. */
  readonly kind: 'piecewise-constant';
  /** Strictly increasing steps ≥ 0 at which the value changes; piece i + 1 starts at boundaries[i]. */
  readonly boundaries: readonly number[];
  /** `boundaries.length + 1` values: values[0] before boundaries[0], values[i + 1] from boundaries[i] on. */
  readonly values: readonly number[];
}

/** Options of {@link piecewiseConstant}. */
export type PiecewiseConstantOptions = OptionsOf<PiecewiseConstantConfig>;

/** Checks boundaries: strictly increasing, finite, ≥ 0. Internal to the factories. */
export function checkBoundaries(field: string, boundaries: unknown): readonly number[] {
  const checked = checkIncreasing(field, boundaries);
  if (checked.length > 0 && checked[0]! < 0) {
    throw new ConfigError(`${field}[0]`, checked[0], 'a step >= 0', `Steps start at 0; remove or raise ${field}[0].`);
  }
  return checked;
}

/** How many boundaries are ≤ step (the index of the piece `step` falls in). */
export function pieceIndex(boundaries: readonly number[], step: number): number {
  let index = 0;
  while (index < boundaries.length && step >= boundaries[index]!) index++;
  return index;
}

function resolvePiecewiseConstant(config: PiecewiseConstantConfig, path: string): PiecewiseConstantConfig {
  const boundaries = checkBoundaries(at(path, 'boundaries'), config.boundaries);
  if (!Array.isArray(config.values)) throw new ConfigError(at(path, 'values'), config.values, 'an array of numbers');
  checkLengths('boundaries', boundaries, at(path, 'values'), config.values, 1);
  const values = config.values.map((v, i) => checkValue(at(path, `values[${i}]`), v));
  return { kind: 'piecewise-constant', boundaries: [...boundaries], values };
}

function makePiecewiseConstant(config: PiecewiseConstantConfig): DescribedSchedule<PiecewiseConstantConfig> {
  const { boundaries, values } = config;
  return withConfig((step) => values[pieceIndex(boundaries, step)]!, config);
}

/**
 * A piecewise-constant schedule: `values[i]` on the i-th interval between boundaries. Each new
 * piece starts *at* its boundary.
 *
 *   value(step) = values[#{ b ∈ boundaries : b ≤ step }]
 *
 * @param options - boundaries and values
 * @returns the schedule
 * @example
 * ```ts
 * const lr = piecewiseConstant({ boundaries: [100, 200], values: [0.1, 0.01, 0.001] });
 * lr(99);  // 0.1
 * lr(100); // 0.01
 * ```
 */
export function piecewiseConstant(options: PiecewiseConstantOptions): DescribedSchedule<PiecewiseConstantConfig> {
  return makePiecewiseConstant(resolvePiecewiseConstant({ kind: 'piecewise-constant', ...options }, ''));
}

/** The `piecewise-constant` schedule kind; it changes value at its boundaries. */
export const piecewiseConstantKind: ScheduleKindEntry<PiecewiseConstantConfig, PiecewiseConstantConfig, DescribedSchedule> = {
  description: 'values[i] between boundaries; each piece starts at its boundary',
  fields: {
    boundaries: 'strictly increasing steps ≥ 0 at which the value changes',
    values: 'boundaries.length + 1 values (≥ 0), one per piece',
  },
  resolve: resolvePiecewiseConstant,
  build: makePiecewiseConstant,
  changesAt: (config) => config.boundaries,
};
