/**
 * The JSON config of {@link buildDataset}: a dataset kind's config plus the batching of its
 * training stream (`batchSize`, `dropLast`), and its resolution. (A study keeps batching in its
 * `training` section and checks its `data` with `checkDatasetConfig`.)
 */
import { ConfigError, checkInteger, formatValue, type KindConfig } from '@lrlab/core';
import type { DatasetKindEntry, DatasetRegistry } from '../kinds/entry';
import { checkBoolean, isRecord } from '../checks';
import { DATASETS, type DatasetKindConfig, type ResolvedDatasetKindConfig } from '../kinds/registry';
import { resolveDatasetKind } from './check';

/** Batching options of {@link buildDataset}'s config, shared by every kind. */
export interface BatchingConfig {
  /** Examples per training batch; default the kind's (50 for `synthetic` (SPEC §1), 128 for images (SPEC §2)). */
  readonly batchSize?: number;
  /** Drop the last partial batch of each epoch; default false. */
  readonly dropLast?: boolean;
}

/** Resolved batching options. */
export interface ResolvedBatchingConfig {
  /** Examples per training batch. */
  readonly batchSize: number;
  /** Whether the last partial batch is dropped. */
  readonly dropLast: boolean;
}

/** A built-in dataset config with its batching: `{ kind: 'synthetic', variant: 'small', batchSize: 25 }`. */
export type DatasetConfig = DatasetKindConfig & BatchingConfig;

/** A resolved built-in dataset config with its batching (what {@link resolveDatasetConfig} returns). */
export type ResolvedDatasetConfig = ResolvedDatasetKindConfig & ResolvedBatchingConfig;

/** A user kind's config with its batching: an object with a `kind`; the kind's entry checks the rest. */
export type UserDatasetConfig = KindConfig & BatchingConfig & Readonly<Record<string, unknown>>;

/** A user kind's resolved config with its batching. */
export type ResolvedUserDatasetConfig = KindConfig & ResolvedBatchingConfig & Readonly<Record<string, unknown>>;

/** A config split into its kind's part and its batching fields (not yet checked). */
export interface SplitDatasetConfig {
  /** The kind's own fields (with `kind`). */
  readonly kindConfig: unknown;
  /** `batchSize` as given. */
  readonly batchSize: unknown;
  /** `dropLast` as given. */
  readonly dropLast: unknown;
}

/**
 * Splits the batching fields off a config (anything that is not an object is left for the kind's
 * lookup to reject).
 *
 * @param config - a config with optional batching fields
 * @returns the kind's part and the batching fields
 */
export function splitBatching(config: unknown): SplitDatasetConfig {
  if (!isRecord(config)) return { kindConfig: config, batchSize: undefined, dropLast: undefined };
  const { batchSize, dropLast, ...kindConfig } = config;
  return { kindConfig, batchSize, dropLast };
}

/**
 * Resolves batching options against a kind's default batch size.
 *
 * @param batching - the fields as given
 * @param entry - the kind (its `defaultBatchSize`)
 * @param kind - its name, for errors
 * @param path - the config's path, for errors
 * @returns the resolved options
 * @throws ConfigError naming `path.batchSize` or `path.dropLast`
 */
export function resolveBatching(batching: SplitDatasetConfig, entry: DatasetKindEntry, kind: string, path: string): ResolvedBatchingConfig {
  const batchSize = batching.batchSize ?? entry.defaultBatchSize;
  if (batchSize === undefined) {
    throw new ConfigError(`${path}.batchSize`, batchSize, 'a positive integer', `Set ${path}.batchSize: dataset kind ${formatValue(kind)} has no default batch size.`);
  }
  return {
    batchSize: checkInteger(`${path}.batchSize`, batchSize, { min: 1 }),
    dropLast: checkBoolean(`${path}.dropLast`, batching.dropLast ?? false),
  };
}

/**
 * Validates a dataset config and fills in every default. The result is plain JSON: save it with
 * the run, and resolving it again gives the same object.
 *
 * @param config - a dataset config (e.g. parsed from JSON), with optional `batchSize` and `dropLast`
 * @param field - the config's path, for error messages; default `data`
 * @param registry - the dataset kinds; default {@link DATASETS} (add a user's with core's `withKinds`)
 * @returns the resolved config, batching included
 * @throws ConfigError naming the bad field: an unknown kind, an unknown option (a typo), a bad value
 * @example
 * ```ts
 * resolveDatasetConfig({ kind: 'synthetic', variant: 'small' }); // { kind: 'synthetic', d1: 500, ..., batchSize: 50, dropLast: false }
 * resolveDatasetConfig({ kind: 'fashion-mnist', patch: {} }); // { ..., patch: { patchSize: 7, ... }, batchSize: 128 }
 * ```
 */
export function resolveDatasetConfig(
  config: DatasetConfig | UserDatasetConfig,
  field = 'data',
  registry: DatasetRegistry = DATASETS,
): ResolvedDatasetConfig | ResolvedUserDatasetConfig {
  const split = splitBatching(config);
  const { kind, entry, resolved } = resolveDatasetKind(split.kindConfig, field, registry);
  return { ...resolved, ...resolveBatching(split, entry, kind, field) };
}
