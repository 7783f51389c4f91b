import { checkIncreasing, checkLengths, ConfigError } from '@lrlab/core';
import { withConfig, type DescribedSchedule } from '../schedule';
import { checkValue } from './values';

/** Options of {@link piecewiseConstant}. */
export interface PiecewiseConstantOptions {
  /** Strictly increasing steps ≥ 0 at which the value changes. */
  readonly boundaries: readonly number[];
  /** `boundaries.length + 1` values: values[0] before boundaries[0], values[i + 1] from boundaries[i] on. */
  readonly values: readonly number[];
}

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
export function piecewiseConstant(options: PiecewiseConstantOptions): DescribedSchedule {
  const boundaries = checkBoundaries('boundaries', options.boundaries);
  if (!Array.isArray(options.values)) throw new ConfigError('values', options.values, 'an array of numbers');
  checkLengths('boundaries', boundaries, 'values', options.values, 1);
  const values = options.values.map((v, i) => checkValue(`values[${i}]`, v));
  return withConfig((step) => values[pieceIndex(boundaries, step)]!, {
    kind: 'piecewise-constant',
    boundaries: [...boundaries],
    values,
  });
}
