/**
 * A plugin: a module of a researcher's own kinds — schedules, noise injectors, optimizers,
 * datasets, models — each an entry of the one registry shape (`{ description, fields, resolve,
 * build }`, see `KindEntry` in @lrlab/core). A study names its plugins by path (`plugins`), so every
 * command that rebuilds its runs (run, resume, report, Slurm tasks) loads the same kinds, and each
 * run's manifest records which file, by content hash, defined them.
 */

/** The registries a plugin may add kinds to, as the keys of its export. */
export const PLUGIN_SECTIONS = ['schedules', 'noise', 'optimizers', 'datasets', 'models'] as const;

/** One of {@link PLUGIN_SECTIONS}. */
export type PluginSection = (typeof PLUGIN_SECTIONS)[number];

/**
 * What a plugin module exports (as its default export, or as `module.exports`): per registry, the
 * kinds it adds, by name. Each entry is checked against the registry shape when it is added.
 *
 * @example
 * ```js
 * // my-kinds.mjs, next to study.json ("plugins": ["./my-kinds.mjs"])
 * export default {
 *   schedules: {
 *     'halving': {
 *       description: 'halves the value every `every` steps',
 *       fields: { initialValue: 'the value at step 0', every: 'steps between halvings' },
 *       resolve: (config) => config,
 *       build: (config) => (step) => config.initialValue / 2 ** Math.floor(step / config.every),
 *     },
 *   },
 * };
 * ```
 */
export type LrlabPlugin = { readonly [Section in PluginSection]?: Readonly<Record<string, unknown>> };

/** A plugin as a run records it: where it was loaded from and what it held. */
export interface PluginRecord {
  /** The absolute path it was loaded from. */
  readonly path: string;
  /** SHA-256 of its bytes, hex: a changed file is a changed run. */
  readonly sha256: string;
}

/** A loaded plugin: its record and its kinds. */
export interface LoadedPlugin {
  /** Where it came from and its hash. */
  readonly record: PluginRecord;
  /** What it exports. */
  readonly kinds: LrlabPlugin;
}
