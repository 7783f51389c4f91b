/**
 * Checking a dataset config without building its data: look its kind up in a registry, resolve
 * it once, check its data files (headers and sizes only) and read the facts a study needs — the
 * example shape, the classes, the eval sets, the training set's groups and size. A run then
 * builds its dataset once, from the checked config ({@link buildCheckedDataset}).
 */
import { ConfigError, checkInteger, formatValue, lookupKind, type GroupTag, type KindConfig } from '@lrlab/core';
import { isRecord } from '../checks';
import type { DatasetKindEntry, DatasetRegistry } from '../kinds/entry';
import { DATASETS, type ResolvedDatasetKindConfig } from '../kinds/registry';

/** A dataset config checked by {@link checkDatasetConfig}: resolved, its files checked, its facts read. */
export interface CheckedDatasetConfig {
  /** The kind's name. */
  readonly kind: string;
  /** The kind's registry entry (what builds it). */
  readonly entry: DatasetKindEntry;
  /** The resolved config, every default filled in (plain JSON; resolving it again gives the same). */
  readonly resolved: ResolvedDatasetKindConfig | KindConfig;
  /** The shape of one example, e.g. `[2002]` or `[32, 32, 3]`. */
  readonly exampleShape: readonly number[];
  /** The number of classes. */
  readonly numClasses: number;
  /** The eval sets the build will have, in order. */
  readonly evalSetNames: readonly string[];
  /** The training set's groups (before transforms): what `training.groups` may select. */
  readonly trainGroupNames: readonly GroupTag[];
  /** The training set's examples per group, every group in order. */
  readonly trainGroupSizes: Readonly<Record<string, number>>;
  /** The groups training batches are tagged with (with a patch: `clean`, `image+patch`, `patch-only`). */
  readonly batchGroupNames: readonly GroupTag[];
}

const REQUIRED_FACTS = ['exampleShape', 'numClasses', 'evalSetNames', 'trainGroupSizes'] as const;
const OPTIONAL_FACTS = ['batchGroupNames', 'checkFiles'] as const;

/** Throws unless a (user's) entry has the dataset facts besides core's shape. */
function checkDatasetEntry(entry: DatasetKindEntry, kind: string): void {
  const label = `dataset kind ${formatValue(kind)}`;
  const missing = REQUIRED_FACTS.filter((fact) => typeof entry[fact] !== 'function');
  const wrong = OPTIONAL_FACTS.filter((fact) => entry[fact] !== undefined && typeof entry[fact] !== 'function');
  if (missing.length > 0 || wrong.length > 0 || typeof entry.resolve !== 'function' || typeof entry.build !== 'function') {
    throw new ConfigError(
      label,
      entry,
      'a dataset kind entry with resolve(config, path), build(config, context), exampleShape(config), numClasses(config), evalSetNames(config), trainGroupSizes(config), and optionally batchGroupNames(config) and checkFiles(config, path)',
      `Give ${label} ${[...missing, ...wrong].map((fact) => `${fact}(config)`).join(', ') || 'resolve and build functions'}: a study reads them before it builds any data (see the @lrlab/datasets README).`,
    );
  }
  if (entry.defaultBatchSize !== undefined) checkInteger(`${label}.defaultBatchSize`, entry.defaultBatchSize, { min: 1 });
}

/**
 * Looks a config's kind up and resolves it: the config must be an object whose `kind` is in the
 * registry and whose other fields are all that kind's.
 *
 * @param config - a dataset config without batching fields
 * @param path - its path, for errors
 * @param registry - the dataset kinds
 * @returns the kind, its entry and the resolved config
 * @throws ConfigError naming `path.kind`, `path.<field>`, or the entry of a user's kind that lacks a fact
 */
export function resolveDatasetKind(
  config: unknown,
  path: string,
  registry: DatasetRegistry,
): { readonly kind: string; readonly entry: DatasetKindEntry; readonly resolved: KindConfig } {
  const { kind, entry } = lookupKind(registry, config, path, 'a dataset kind');
  checkDatasetEntry(entry, kind);
  // lookupKind has checked that the config is an object with this `kind`; this says so to the compiler.
  if (!isKindConfig(config)) throw new ConfigError(path, config, 'an object with a "kind" field');
  const resolved = entry.resolve(config, path);
  if (typeof resolved !== 'object' || resolved === null || resolved.kind !== kind) {
    throw new ConfigError(`dataset kind ${formatValue(kind)}`, resolved, `a resolve(config, path) that returns an object with kind ${formatValue(kind)}`);
  }
  return { kind, entry, resolved };
}

function isKindConfig(value: unknown): value is KindConfig {
  return isRecord(value) && typeof value['kind'] === 'string';
}

function checkNames(label: string, names: unknown): readonly string[] {
  if (!Array.isArray(names) || names.some((name) => typeof name !== 'string' || name === '') || new Set(names).size !== names.length) {
    throw new ConfigError(label, names, 'an array of distinct non-empty names');
  }
  return Object.freeze([...(names as string[])]);
}

/** Reads and checks the facts of a resolved config (a user's kind may return anything). */
function readFacts(kind: string, entry: DatasetKindEntry, resolved: KindConfig): Omit<CheckedDatasetConfig, 'kind' | 'entry' | 'resolved'> {
  const label = `dataset kind ${formatValue(kind)}`;
  const shape = entry.exampleShape(resolved);
  if (!Array.isArray(shape) || shape.length === 0) throw new ConfigError(`${label}.exampleShape`, shape, 'a non-empty array of positive integers');
  const exampleShape = Object.freeze(shape.map((dim, i) => checkInteger(`${label}.exampleShape[${i}]`, dim, { min: 1 })));
  const numClasses = checkInteger(`${label}.numClasses`, entry.numClasses(resolved), { min: 1 });
  const evalSetNames = checkNames(`${label}.evalSetNames`, entry.evalSetNames(resolved));
  const sizes = entry.trainGroupSizes(resolved);
  if (typeof sizes !== 'object' || sizes === null || Array.isArray(sizes)) throw new ConfigError(`${label}.trainGroupSizes`, sizes, 'an object: group name → examples');
  const trainGroupNames = checkNames(`${label}.trainGroupSizes`, Object.keys(sizes));
  const trainGroupSizes = Object.freeze(
    Object.fromEntries(trainGroupNames.map((group) => [group, checkInteger(`${label}.trainGroupSizes.${group}`, sizes[group], { min: 0 })])),
  );
  const batchGroupNames = entry.batchGroupNames === undefined ? trainGroupNames : checkNames(`${label}.batchGroupNames`, entry.batchGroupNames(resolved));
  return { exampleShape, numClasses, evalSetNames, trainGroupNames, trainGroupSizes, batchGroupNames };
}

/**
 * Checks a dataset config without building its data: resolves it, checks its data files
 * (existence, headers and sizes, never the bulk of the data) and reads the kind's facts. Throws
 * what building it would throw for a bad config or a missing or corrupt file.
 *
 * @param config - a dataset config without batching fields (e.g. a study's `data`), typically parsed JSON
 * @param path - its path, for errors; default `data`
 * @param registry - the dataset kinds; default {@link DATASETS} (add a user's with core's `withKinds`)
 * @returns the resolved config, its entry and its facts; build it with {@link buildCheckedDataset}
 * @throws ConfigError naming the bad field by its full path (an unknown kind, an unknown field, a
 *   bad value); DataError naming a missing or corrupt data file and how to get it; IoError when a
 *   file cannot be read
 * @example
 * ```ts
 * const checked = checkDatasetConfig({ kind: 'synthetic', variant: 'small' });
 * checked.exampleShape; // [502]
 * checked.trainGroupSizes; // { 'a-only': 50, 'b-only': 50, both: 150 }
 * checked.evalSetNames; // ['train', 'test']
 * ```
 */
export function checkDatasetConfig(config: unknown, path = 'data', registry: DatasetRegistry = DATASETS): CheckedDatasetConfig {
  const { kind, entry, resolved } = resolveDatasetKind(config, path, registry);
  return checkResolvedDataset(kind, entry, resolved, path);
}

/**
 * The second half of {@link checkDatasetConfig}: checks a resolved config's files and reads its facts.
 *
 * @param kind - the kind's name
 * @param entry - its entry
 * @param resolved - the resolved config
 * @param path - its path, for errors
 * @returns the checked config
 * @throws DataError or ConfigError as {@link checkDatasetConfig}
 */
export function checkResolvedDataset(kind: string, entry: DatasetKindEntry, resolved: KindConfig, path: string): CheckedDatasetConfig {
  entry.checkFiles?.(resolved, path);
  return Object.freeze({ kind, entry, resolved, ...readFacts(kind, entry, resolved) });
}
