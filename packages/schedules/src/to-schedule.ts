import { ConfigError, type ScalarOrSchedule, type Schedule } from '@lrlab/core';
import { constant } from './lr/constant';

/**
 * Normalises a "number or schedule" hyperparameter to a schedule, once, at build time.
 *
 * @param value - a constant or a schedule
 * @param field - name of the hyperparameter, for the error message
 * @returns a schedule (a constant becomes a described constant schedule)
 * @example
 * ```ts
 * const lr = toSchedule(0.1, 'learningRate'); // lr(1234) === 0.1
 * ```
 */
export function toSchedule(value: ScalarOrSchedule, field = 'value'): Schedule {
  if (typeof value === 'function') return value;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ConfigError(field, value, 'a finite number >= 0 or a schedule');
  }
  return constant(value);
}
