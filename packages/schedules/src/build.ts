/**
 * Schedules from their JSON configs, through a registry of kinds: the inverse of
 * `schedule.config`. Validates as it goes and names the offending field by its full path
 * (`learningRate.schedules[1].steps`). Every function takes the registry last, defaulting to the
 * built-in {@link SCHEDULES}; pass `withKinds(SCHEDULES, userKinds, 'schedule kind')` to build a
 * user's kinds, nested anywhere (a user's kind inside a built-in `join`, or the other way round).
 */
import { ConfigError, lookupKind, type KindConfig, type Registry } from '@lrlab/core';
import { isDescribed, withConfig, type DescribedSchedule } from './schedule';
import type { ScheduleContext, ScheduleKindEntry } from './lr/kind';
import type { ScheduleConfig } from './lr/config';
import { SCHEDULES } from './lr/registry';

/** What a registry of schedule kinds holds, for errors. */
const WHAT = 'a schedule kind';

/**
 * Builds a schedule from its JSON config (as stored in a run record).
 *
 * @param config - a {@link ScheduleConfig} (or a config of a kind in `registry`), typically parsed from JSON
 * @param path - the config's path, used to name fields in errors; default `schedule`
 * @param registry - the kinds to build from; default the built-in {@link SCHEDULES}
 * @returns the schedule, carrying its resolved `config`
 * @throws ConfigError naming the full path of the first invalid field
 * @example
 * ```ts
 * const lr = buildSchedule({ kind: 'multi-step', initialValue: 0.1, milestones: [29], gamma: 0.04 });
 * buildSchedule(JSON.parse(JSON.stringify(lr.config)))(29); // 0.004
 * ```
 */
export function buildSchedule(config: unknown, path = 'schedule', registry: Registry<ScheduleKindEntry> = SCHEDULES): DescribedSchedule {
  const { kind, entry } = lookupKind(registry, config, path, WHAT);
  const context: ScheduleContext = { path, buildSchedule: (nested, nestedPath) => buildSchedule(nested, nestedPath, registry) };
  try {
    // lookupKind has checked that config is an object with this kind and only the entry's fields.
    const resolved = entry.resolve(config as KindConfig, path);
    const built = entry.build(resolved, context);
    if (typeof built !== 'function') {
      throw new ConfigError(path, built, `a schedule (a function of the step) from the build of kind "${kind}"`, `Make the build of "${kind}" return (step) => value.`);
    }
    // A user's kind may return a plain function: it gets the resolved config, so the run record
    // can store it and buildSchedule, with the same registry, rebuild it.
    return isDescribed(built) ? built : withConfig((step) => built(step), resolved);
  } catch (error) {
    // Built-in kinds name fields by their full path; a user's kind may name them relative to its config.
    if (error instanceof ConfigError && !error.field.startsWith(path)) throw error.withFieldPrefix(path);
    throw error;
  }
}

/**
 * Validates a schedule config, nested schedules included, and fills in every default: the config
 * a run records.
 *
 * @param config - a schedule config, typically parsed from JSON
 * @param path - the config's path, for errors; default `schedule`
 * @param registry - the kinds; default the built-in {@link SCHEDULES}
 * @returns the resolved config (`buildSchedule(config).config`)
 * @throws ConfigError naming the full path of the first invalid field
 * @example
 * ```ts
 * resolveSchedule({ kind: 'cosine-decay', initialValue: 0.1, steps: 100 });
 * // { kind: 'cosine-decay', initialValue: 0.1, finalValue: 0, steps: 100 }
 * ```
 */
export function resolveSchedule(config: unknown, path = 'schedule', registry: Registry<ScheduleKindEntry> = SCHEDULES): KindConfig {
  return buildSchedule(config, path, registry).config;
}

/**
 * The steps at which a schedule's value jumps (or a join switches piece), sorted and without
 * repeats, in the schedule's own unit: a multi-step's milestones, a piecewise-constant's
 * boundaries, a join's boundaries and its pieces' own change points, a per-epoch schedule's in
 * steps. Continuous kinds contribute none, and so do kinds that do not say (`changesAt` absent:
 * step-decay and exponential decay, whose jumps never end).
 *
 * @param config - a schedule config
 * @param path - its path, for errors; default `schedule`
 * @param registry - the kinds; default the built-in {@link SCHEDULES}
 * @returns the change points
 * @throws ConfigError when the config is invalid, naming the field
 * @example
 * ```ts
 * scheduleChangePoints({ kind: 'multi-step', initialValue: 0.1, milestones: [59, 119, 149], gamma: 0.2 }); // [59, 119, 149]
 * ```
 */
export function scheduleChangePoints(config: unknown, path = 'schedule', registry: Registry<ScheduleKindEntry> = SCHEDULES): number[] {
  const changesOf = (resolved: KindConfig): readonly number[] => {
    const entry = registry[resolved.kind];
    return entry?.changesAt?.(resolved, changesOf) ?? [];
  };
  const points = changesOf(resolveSchedule(config, path, registry));
  return [...new Set(points)].sort((a, b) => a - b);
}

/** Every `kind` a {@link ScheduleConfig} may have: the names of the built-in {@link SCHEDULES}. */
export const SCHEDULE_KINDS = Object.keys(SCHEDULES) as readonly ScheduleConfig['kind'][];
