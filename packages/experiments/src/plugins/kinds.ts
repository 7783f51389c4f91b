/**
 * The kinds a run can be built from: the packages' built-in registries, plus a study's plugins.
 * Everything that builds a run from its config (validation, resolution, building) takes one of
 * these, so a user's kind gets what a built-in one gets.
 */
import { ConfigError, withKinds, type Registry } from '@lrlab/core';
import { DATASETS, type DatasetKindEntry } from '@lrlab/datasets';
import { MODELS, type ModelKindEntry } from '@lrlab/models';
import { NOISE_INJECTORS, OPTIMIZERS, SCHEDULES, type NoiseKindEntry, type OptimizerKindEntry, type ScheduleKindEntry } from '@lrlab/schedules';
import type { LoadedPlugin, PluginSection } from './plugin';

/** The registries of one run, by plugin section. */
export interface RunKinds {
  /** Learning-rate (and σ) schedules. */
  readonly schedules: Registry<ScheduleKindEntry>;
  /** Noise injectors. */
  readonly noise: Registry<NoiseKindEntry>;
  /** Optimizers (a user's optimizer kind is recorded but cannot be bound yet: see @lrlab/schedules). */
  readonly optimizers: Registry<OptimizerKindEntry>;
  /** Datasets. */
  readonly datasets: Registry<DatasetKindEntry>;
  /** Models. */
  readonly models: Registry<ModelKindEntry>;
}

/** The built-in kinds only. */
export const BUILT_IN_KINDS: RunKinds = Object.freeze({ schedules: SCHEDULES, noise: NOISE_INJECTORS, optimizers: OPTIMIZERS, datasets: DATASETS, models: MODELS });

/** How each section's kinds are named in errors. */
const WHAT: Readonly<Record<keyof RunKinds, string>> = { schedules: 'schedule kind', noise: 'noise kind', optimizers: 'optimizer kind', datasets: 'dataset kind', models: 'model kind' };

/**
 * The built-in kinds plus every plugin's. Two plugins may not define the same name.
 *
 * @param plugins - the loaded plugins, in the study's order
 * @param base - the kinds to add to; default {@link BUILT_IN_KINDS}
 * @returns the run's registries
 * @throws ConfigError for a name already built in or defined by an earlier plugin, or an entry
 *   without the registry shape (naming the plugin file)
 */
export function kindsWithPlugins(plugins: readonly LoadedPlugin[], base: RunKinds = BUILT_IN_KINDS): RunKinds {
  let kinds = base;
  for (const plugin of plugins) {
    // Each entry is checked against the registry shape by withKinds when it is added.
    const add = <Entry>(registry: Registry<Entry>, section: keyof RunKinds & PluginSection): Registry<Entry> => {
      const extra = plugin.kinds[section];
      if (extra === undefined) return registry;
      try {
        return withKinds(registry, extra as Registry<Entry>, WHAT[section]);
      } catch (error) {
        if (error instanceof ConfigError) throw new ConfigError(`${plugin.record.path}: ${error.field}`, error.value, error.expected, error.hint);
        throw error;
      }
    };
    kinds = { schedules: add(kinds.schedules, 'schedules'), noise: add(kinds.noise, 'noise'), optimizers: add(kinds.optimizers, 'optimizers'),
      datasets: add(kinds.datasets, 'datasets'),
      models: add(kinds.models, 'models'),
    };
  }
  return kinds;
}
