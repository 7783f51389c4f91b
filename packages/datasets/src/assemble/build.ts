/**
 * Building a dataset: from a checked config ({@link buildCheckedDataset}, what a study's run
 * does, once) or straight from a JSON config ({@link buildDataset}). Either way the kind's
 * `build(resolved, context)` makes the data, and what it returns is checked against the facts
 * the config promised.
 */
import { ConfigError, checkInteger, checkSeed, formatValue, type Seed } from '@lrlab/core';
import { checkDataset, groupCounts } from '../dataset';
import type { ProgressCallback } from '../fetch/http-download';
import type { BuiltData, DatasetBuildContext, DatasetRegistry } from '../kinds/entry';
import { checkBoolean, objectOf } from '../checks';
import { DATASETS } from '../kinds/registry';
import { checkResolvedDataset, resolveDatasetKind, type CheckedDatasetConfig } from './check';
import { resolveBatching, splitBatching, type DatasetConfig, type ResolvedDatasetConfig, type ResolvedUserDatasetConfig, type UserDatasetConfig } from './config';

/** What {@link buildDataset} and {@link buildCheckedDataset} return: the data and the resolved config. */
export interface BuiltDataset extends BuiltData {
  /** The resolved config with its batching (save it with the run). */
  readonly resolved: ResolvedDatasetConfig | ResolvedUserDatasetConfig;
}

/** Options of {@link buildDataset} that are not part of the saved config. */
export interface BuildDatasetOptions {
  /** Download progress (CIFAR-10 with `download: true`). */
  readonly onProgress?: ProgressCallback;
}

function checkContext(context: DatasetBuildContext): DatasetBuildContext {
  if (typeof context !== 'object' || context === null) throw new ConfigError('context', context, '{ seed, batchSize, dropLast, onProgress? }');
  if (context.onProgress !== undefined && typeof context.onProgress !== 'function') {
    throw new ConfigError('onProgress', context.onProgress, 'a function (bytes, totalBytes) => void, or undefined');
  }
  return {
    seed: checkSeed('seed', context.seed),
    batchSize: checkInteger('batchSize', context.batchSize, { min: 1 }),
    dropLast: checkBoolean('dropLast', context.dropLast),
    ...(context.onProgress === undefined ? {} : { onProgress: context.onProgress }),
  };
}

const sameList = (a: readonly unknown[], b: readonly unknown[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** Throws unless the build is what the checked facts said (a user's kind may disagree with itself). */
function checkAgainstFacts(checked: CheckedDatasetConfig, built: BuiltData): void {
  const label = `dataset kind ${formatValue(checked.kind)}`;
  const b = objectOf(built, `${label} build`, '{ train, evalSets, numClasses, exampleShape }');
  const train = objectOf(b['train'], `${label} build.train`, 'a TrainStream (from trainStream)');
  checkDataset(`${label} build.train.dataset`, train['dataset']);
  if (!Array.isArray(train['groupNames'])) throw new ConfigError(`${label} build.train.groupNames`, train['groupNames'], 'an array of group names');
  objectOf(b['evalSets'], `${label} build.evalSets`, 'an object: name → LabeledDataset');
  if (!Array.isArray(b['exampleShape'])) throw new ConfigError(`${label} build.exampleShape`, b['exampleShape'], 'an array of dimensions');
  if (b['evalSetDraws'] !== undefined) {
    const draws = objectOf(b['evalSetDraws'], `${label} build.evalSetDraws`, 'an object: eval set name → (draw) => LabeledDataset');
    for (const [name, draw] of Object.entries(draws)) {
      if (typeof draw !== 'function' || !Object.hasOwn(built.evalSets, name)) {
        throw new ConfigError(`${label} build.evalSetDraws.${name}`, draw, `a function (draw) => LabeledDataset for one of the eval sets (${Object.keys(built.evalSets).join(', ')})`);
      }
    }
  }
  const sizes = groupCounts(built.train.dataset);
  const disagreements = [
    sameList(built.exampleShape, checked.exampleShape) ? '' : `exampleShape [${checked.exampleShape.join(', ')}] but built [${built.exampleShape.join(', ')}]`,
    built.numClasses === checked.numClasses ? '' : `numClasses ${checked.numClasses} but built ${built.numClasses}`,
    sameList(Object.keys(built.evalSets), checked.evalSetNames) ? '' : `evalSetNames ${formatValue(checked.evalSetNames)} but built ${formatValue(Object.keys(built.evalSets))}`,
    sameList(Object.entries(sizes).flat(), Object.entries(checked.trainGroupSizes).flat())
      ? ''
      : `trainGroupSizes ${formatValue(checked.trainGroupSizes)} but built ${formatValue(sizes)}`,
    sameList(built.train.groupNames, checked.batchGroupNames) ? '' : `batchGroupNames ${formatValue(checked.batchGroupNames)} but built ${formatValue(built.train.groupNames)}`,
  ].filter((text) => text !== '');
  if (disagreements.length > 0) {
    throw new ConfigError(
      label,
      disagreements.join('; '),
      'a build that agrees with its facts',
      `Make the kind's facts describe what its build returns: a study plans its runs from them before it builds the data.`,
    );
  }
}

/**
 * Builds a checked dataset config: the kind's `build` with the run's seed and batching. What a
 * study's run calls once, after {@link checkDatasetConfig} has validated the config and its files.
 *
 * Seeds, all derived from `context.seed`: `data` (synthetic draws), `subset`, `augment`, `patch`
 * (z, ζ, marks and draws) and `batches` (per-epoch shuffles). The same config and seed give the
 * same batches and eval sets.
 *
 * @param checked - from {@link checkDatasetConfig}
 * @param context - the data seed, `batchSize`, `dropLast` and an optional download progress callback
 * @returns the built dataset
 * @throws ConfigError for a bad seed or batching, or a user's kind whose build disagrees with its
 *   facts; DataError or IoError when data are missing or bad
 * @example
 * ```ts
 * const checked = checkDatasetConfig({ kind: 'synthetic', variant: 'small' });
 * const data = await buildCheckedDataset(checked, { seed: 7, batchSize: 50, dropLast: false });
 * data.train.batchesPerEpoch; // 5
 * ```
 */
export async function buildCheckedDataset(checked: CheckedDatasetConfig, context: DatasetBuildContext): Promise<BuiltDataset> {
  if (typeof checked !== 'object' || checked === null || typeof checked.entry?.build !== 'function') {
    throw new ConfigError('checked', checked, 'a checked dataset config (the result of checkDatasetConfig)');
  }
  const resolvedContext = checkContext(context);
  const built = await checked.entry.build(checked.resolved, resolvedContext);
  checkAgainstFacts(checked, built);
  return Object.freeze({ ...built, resolved: { ...checked.resolved, batchSize: resolvedContext.batchSize, dropLast: resolvedContext.dropLast } });
}

/**
 * Builds a dataset from its JSON config: resolves the config once, checks its files, reads or
 * generates the data, and returns the training stream, the named evaluation sets and the
 * resolved config. The same as {@link checkDatasetConfig} then {@link buildCheckedDataset}.
 *
 * @param config - a dataset config (see {@link DatasetConfig}) with optional `batchSize` and `dropLast`
 * @param seed - the run's data seed
 * @param options - a download progress callback
 * @param registry - the dataset kinds; default {@link DATASETS} (add a user's with core's `withKinds`)
 * @returns the built dataset
 * @throws ConfigError for a bad config or seed; DataError or IoError when data are missing or bad
 * @example
 * ```ts
 * const data = await buildDataset({ kind: 'synthetic', variant: 'small' }, 7);
 * data.train.batchesPerEpoch; // 5 (250 examples, batches of 50)
 * Object.keys(data.evalSets); // ['train', 'test']
 * ```
 */
export async function buildDataset(
  config: DatasetConfig | UserDatasetConfig,
  seed: Seed,
  options: BuildDatasetOptions = {},
  registry: DatasetRegistry = DATASETS,
): Promise<BuiltDataset> {
  const path = 'data';
  const split = splitBatching(config);
  const { kind, entry, resolved } = resolveDatasetKind(split.kindConfig, path, registry);
  const batching = resolveBatching(split, entry, kind, path);
  checkSeed('seed', seed);
  if (typeof options !== 'object' || options === null) throw new ConfigError('options', options, '{ onProgress? }');
  const checked = checkResolvedDataset(kind, entry, resolved, path);
  return buildCheckedDataset(checked, { seed, ...batching, ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }) });
}
