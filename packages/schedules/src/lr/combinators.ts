import { ConfigError, checkFinite, type Schedule } from '@lrlab/core';
import { isDescribed, withConfig } from '../schedule';
import type { ScheduleConfig } from '../schedule-config';
import { checkValue } from './values';

function checkSchedules(field: string, schedules: readonly Schedule[]): Schedule[] {
  if (!Array.isArray(schedules) || schedules.length === 0) throw new ConfigError(field, schedules, 'at least one schedule');
  schedules.forEach((s, i) => {
    if (typeof s !== 'function') throw new ConfigError(`${field}[${i}]`, s, 'a schedule (a function of the step)');
  });
  return [...schedules];
}

/** Attaches `config(inner configs)` when every input is described; otherwise returns `fn` as is. */
function describeIfAll(fn: Schedule, inputs: readonly Schedule[], config: (inner: ScheduleConfig[]) => ScheduleConfig): Schedule {
  return inputs.every(isDescribed) ? withConfig(fn, config(inputs.map((s) => s.config))) : fn;
}

/**
 * Applies any function to a schedule's values. The result is a plain schedule: it cannot be
 * saved as JSON (use the other combinators when the run must record it).
 *
 * @param schedule - the input schedule
 * @param fn - maps (value, step) to the new value
 * @returns the mapped schedule
 * @example
 * ```ts
 * const clipped = mapSchedule(lr, (v) => Math.min(v, 0.05));
 * ```
 */
export function mapSchedule(schedule: Schedule, fn: (value: number, step: number) => number): Schedule {
  const [inner] = checkSchedules('schedule', [schedule]);
  return (step) => fn(inner!(step), step);
}

/**
 * The pointwise product of schedules, e.g. a base rate times a warm-up factor.
 *
 * @param schedules - the factors
 * @returns value(step) = Π schedules_i(step)
 */
export function product(...schedules: Schedule[]): Schedule {
  const inputs = checkSchedules('schedules', schedules);
  const fn: Schedule = (step) => inputs.reduce((acc, s) => acc * s(step), 1);
  return describeIfAll(fn, inputs, (inner) => ({ kind: 'product', schedules: inner }));
}

/**
 * The pointwise sum of schedules.
 *
 * @param schedules - the terms
 * @returns value(step) = Σ schedules_i(step)
 */
export function sum(...schedules: Schedule[]): Schedule {
  const inputs = checkSchedules('schedules', schedules);
  const fn: Schedule = (step) => inputs.reduce((acc, s) => acc + s(step), 0);
  return describeIfAll(fn, inputs, (inner) => ({ kind: 'sum', schedules: inner }));
}

/**
 * A schedule multiplied by a constant factor.
 *
 * @param schedule - the input
 * @param factor - the multiplier (≥ 0)
 * @returns value(step) = factor · schedule(step)
 */
export function scale(schedule: Schedule, factor: number): Schedule {
  const [inner] = checkSchedules('schedule', [schedule]);
  const f = checkValue('factor', factor);
  return describeIfAll((step) => f * inner!(step), [inner!], ([config]) => ({ kind: 'scale', schedule: config!, factor: f }));
}

/** Options of {@link powerOf}. */
export interface PowerOfOptions {
  /** The multiplier c (≥ 0). */
  readonly coefficient: number;
  /** The exponent p (finite). */
  readonly power: number;
}

/**
 * A schedule derived from another by a power law: c · s(step)^p. This is how a noise level tied to
 * the learning rate is written, e.g. SPEC §1's σ = 13.33 · lr²:
 * `powerOf(lr, { coefficient: 13.33, power: 2 })`.
 *
 * @param schedule - the base schedule (often the learning rate)
 * @param options - coefficient and power
 * @returns value(step) = coefficient · schedule(step)^power
 */
export function powerOf(schedule: Schedule, options: PowerOfOptions): Schedule {
  const [inner] = checkSchedules('schedule', [schedule]);
  const coefficient = checkValue('coefficient', options.coefficient);
  const power = checkFinite('power', options.power);
  return describeIfAll((step) => coefficient * inner!(step) ** power, [inner!], ([config]) => ({
    kind: 'power-of',
    schedule: config!,
    coefficient,
    power,
  }));
}

/**
 * The root of the sum of squares of schedules: the standard deviation of a sum of independent
 * zero-mean noises with these standard deviations (variances add).
 *
 * @param schedules - the standard deviations
 * @returns value(step) = √(Σ schedules_i(step)²)
 */
export function rootSumSquares(...schedules: Schedule[]): Schedule {
  const inputs = checkSchedules('schedules', schedules);
  const fn: Schedule = (step) => Math.sqrt(inputs.reduce((acc, s) => acc + s(step) ** 2, 0));
  return describeIfAll(fn, inputs, (inner) => ({ kind: 'root-sum-squares', schedules: inner }));
}
