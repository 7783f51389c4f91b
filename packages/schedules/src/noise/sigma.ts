/**
 * Shared checks of the noise injectors: a σ schedule that is validated at every step it is read,
 * and the step and site checks that guard the seed path. Internal to `noise/`.
 */
import { ConfigError, checkInteger, type NoiseSite, type Schedule } from '@lrlab/core';
import { isDescribed, withConfig } from '../schedule';

/**
 * Wraps a standard-deviation schedule so that every value it returns is checked: finite and ≥ 0.
 * A user schedule is only a function, so a bad value (a negative σ, NaN from 0 · ∞) can appear at
 * any step; it is reported as a {@link ConfigError} naming the step, e.g. `sigma(1200)`.
 * The wrapper keeps the input's JSON config, so the injector stays describable.
 *
 * @param schedule - the σ schedule, already normalised with `toSchedule`
 * @param field - the option's name, for the error message
 * @returns a schedule with the same values that throws on an invalid one
 */
export function checkedStd(schedule: Schedule, field: string): Schedule {
  const fn: Schedule = (step) => {
    const value = schedule(step);
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new ConfigError(
        `${field}(${step})`,
        value,
        'a finite standard deviation >= 0',
        `The ${field} schedule must return a finite, non-negative value at every step; check it at step ${step}.`,
      );
    }
    return value;
  };
  return isDescribed(schedule) ? withConfig(fn, schedule.config) : fn;
}

/**
 * Checks a training step: a non-negative safe integer (it is part of the seed path).
 *
 * @param field - the argument's name
 * @param step - the value
 * @returns the step
 */
export function checkStep(field: string, step: unknown): number {
  return checkInteger(field, step, { min: 0 });
}

/**
 * Checks a noise site: its index is a non-negative safe integer (part of the seed path).
 *
 * @param site - the site a model passed
 * @returns the site's index
 */
export function checkSiteIndex(site: NoiseSite): number {
  if (typeof site !== 'object' || site === null) throw new ConfigError('site', site, 'a noise site { index, name }');
  // Called at every site of every step: build the error's field name only for a bad index.
  if (Number.isSafeInteger(site.index) && site.index >= 0) return site.index;
  return checkInteger(`site.index (site ${JSON.stringify(site.name)})`, site.index, { min: 0 });
}

/**
 * Checks that a noise spec gives its σ, without reading it: σ is written in the composer's terms
 * (a number, a schedule spec, a tie to the learning rate) and turned into a schedule there.
 *
 * @param field - the field's full path
 * @param sigma - the value
 * @returns `sigma`, untouched
 */
export function checkSigmaGiven<Sigma>(field: string, sigma: Sigma): Sigma {
  if (sigma === undefined || sigma === null) {
    throw new ConfigError(field, sigma, 'a noise level σ (a number, or a schedule as the run config describes it)');
  }
  return sigma;
}
