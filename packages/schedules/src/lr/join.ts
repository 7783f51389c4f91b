import { ConfigError, type Schedule } from '@lrlab/core';
import { isDescribed, withConfig, type DescribedSchedule } from '../schedule';
import { checkBoundaries, pieceIndex } from './piecewise';

/**
 * Joins schedules end to end (optax `join_schedules`): piece 0 runs until `boundaries[0]`, piece
 * i + 1 from `boundaries[i]` on, and each piece receives its *local* step, so a decay joined after
 * a warm-up starts from its own step 0.
 *
 * `value(step) = schedules[i](step − start_i)` with `i = #{ b ∈ boundaries : b ≤ step }` and
 * `start_0 = 0`, `start_i = boundaries[i − 1]`.
 *
 * The result carries a config when every piece does.
 *
 * @param schedules - the pieces, in order
 * @param boundaries - strictly increasing steps ≥ 0, one fewer than `schedules`
 * @returns the joined schedule
 * @example
 * ```ts
 * const lr = joinSchedules([linear({ initialValue: 0, finalValue: 0.1, steps: 5 }), cosineDecay({ initialValue: 0.1, steps: 95 })], [5]);
 * lr(5); // 0.1: the cosine's local step 0
 * ```
 */
export function joinSchedules(schedules: readonly Schedule[], boundaries: readonly number[]): Schedule {
  if (!Array.isArray(schedules) || schedules.length === 0) {
    throw new ConfigError('schedules', schedules, 'a non-empty array of schedules');
  }
  schedules.forEach((s, i) => {
    if (typeof s !== 'function') throw new ConfigError(`schedules[${i}]`, s, 'a schedule (a function of the step)');
  });
  const checked = checkBoundaries('boundaries', boundaries);
  if (checked.length !== schedules.length - 1) {
    throw new ConfigError('boundaries', boundaries, `${schedules.length - 1} boundaries, one fewer than the ${schedules.length} schedules`);
  }
  const starts = [0, ...checked];
  const pieces = [...schedules];
  const fn: Schedule = (step) => {
    const i = pieceIndex(checked, step);
    return pieces[i]!(step - starts[i]!);
  };
  return pieces.every(isDescribed)
    ? withConfig(fn, { kind: 'join', schedules: pieces.map((p) => p.config), boundaries: [...checked] })
    : fn;
}

/**
 * {@link joinSchedules} for pieces that all carry configs; the result does too.
 *
 * @param schedules - described pieces
 * @param boundaries - strictly increasing steps, one fewer than `schedules`
 * @returns the described joined schedule
 */
export function joinDescribed(schedules: readonly DescribedSchedule[], boundaries: readonly number[]): DescribedSchedule {
  return joinSchedules(schedules, boundaries) as DescribedSchedule;
}
