/**
 * What a schedule is in this package: a pure `(step) => value` function (the {@link Schedule} type
 * from `@lrlab/core`) that may carry the JSON config it was built from, so run records can store
 * it and {@link buildSchedule} can rebuild it.
 *
 * Step convention, everywhere: steps and epochs are 0-based; a piece of a join starts *at* its
 * boundary (step b is the first step of the new piece); a step schedule driven by epochs changes
 * value at the first step of the epoch.
 */
import { ConfigError, type KindConfig, type Schedule } from '@lrlab/core';

/**
 * A schedule that knows the config it was built from.
 *
 * @typeParam Config - its config: a built-in kind's (`ScheduleConfig`) or a user kind's
 */
export interface DescribedSchedule<Config extends KindConfig = KindConfig> extends Schedule {
  /** The JSON config that {@link buildSchedule} turns back into this schedule. */
  readonly config: Config;
}

/**
 * Attaches a config to a schedule function (the factories do this for you).
 *
 * @param fn - the pure step → value function
 * @param config - the config that rebuilds it
 * @returns `fn`, now carrying a read-only `config`
 */
export function withConfig<Config extends KindConfig>(fn: Schedule, config: Config): DescribedSchedule<Config> {
  Object.defineProperty(fn, 'config', { value: config, enumerable: true, writable: false });
  return fn as DescribedSchedule<Config>;
}

/**
 * Whether a schedule carries a config (was made by a factory of this package).
 *
 * @param schedule - any schedule
 * @returns true when `schedule.config` is present
 */
export function isDescribed(schedule: Schedule): schedule is DescribedSchedule {
  return typeof (schedule as Partial<DescribedSchedule>).config === 'object';
}

/**
 * Returns the JSON config of a schedule, for run records.
 *
 * @param schedule - a schedule made by a factory of this package
 * @param field - name to use in the error message
 * @returns its config
 * @throws ConfigError when the schedule is a plain function (e.g. made with `mapSchedule`)
 */
export function scheduleConfig(schedule: Schedule, field = 'schedule'): KindConfig {
  if (!isDescribed(schedule)) {
    throw new ConfigError(
      field,
      schedule,
      'a schedule built by an @lrlab/schedules factory (it carries its JSON config)',
      'Plain functions and mapSchedule results cannot be saved; build the schedule from factories and combinators.',
    );
  }
  return schedule.config;
}
