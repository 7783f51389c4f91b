/**
 * `buildDataset(config, seed)`: from a JSON config to a training stream and named evaluation sets,
 * through a plain registry of builders (one per kind, no import-time registration).
 */
import { checkSeed, deriveSeed, type Seed } from '@lrlab/core';
import { trainStream, type TrainStream } from '../batching';
import { loadCifar10 } from '../cifar10/download';
import type { LabeledDataset } from '../dataset';
import type { ProgressCallback } from '../fetch/http-download';
import type { ImageConversionOptions } from '../images/raw-images';
import { readFashionMnist, readMnist } from '../idx/mnist-like';
import { generateTwoPattern } from '../synthetic/two-pattern';
import { augmentation } from '../transforms/augment';
import type { NormalizationStats } from '../transforms/normalize';
import { createPatchMixture, type PatchMixture } from '../transforms/patch-mixture';
import type { ExampleTransform } from '../transforms/transform';
import { concatDatasets } from '../views';
import type {
  DatasetConfig,
  DatasetKind,
  ResolvedDatasetConfig,
  ResolvedImageDatasetConfig,
  ResolvedSubsetConfig,
} from './config';
import { resolveDatasetConfig } from './resolve';

/** What {@link buildDataset} returns. */
export interface BuiltDataset {
  /** The resolved config (save it with the run). */
  readonly resolved: ResolvedDatasetConfig;
  /** The training batches, a pure function of (seed, epoch, batchIndex). */
  readonly train: TrainStream;
  /**
   * Fixed evaluation sets by name. `synthetic`: `train` (the training set itself, for per-group
   * train accuracy) and `test` (the per-group test sets, tagged). Images without a patch: `test`.
   * Images with a patch: `clean`, `mixed` and `patch-only` (SPEC §2).
   */
  readonly evalSets: Readonly<Record<string, LabeledDataset>>;
  /** Number of classes. */
  readonly numClasses: number;
  /** Shape of one example. */
  readonly exampleShape: readonly number[];
  /** The normalization of image data (for previews); absent for synthetic data. */
  readonly normalization?: NormalizationStats;
  /** The patch mixture, when the config has one (its z, ζ and eval-set builders). */
  readonly patchMixture?: PatchMixture;
}

/** Options of {@link buildDataset} that are not part of the saved config. */
export interface BuildDatasetOptions {
  /** Download progress (CIFAR-10 with `download: true`). */
  readonly onProgress?: ProgressCallback;
}

type Builders = {
  readonly [K in DatasetKind]: (resolved: Extract<ResolvedDatasetConfig, { kind: K }>, seed: Seed, options: BuildDatasetOptions) => Promise<BuiltDataset>;
};
type AnyBuilder = (resolved: ResolvedDatasetConfig, seed: Seed, options: BuildDatasetOptions) => Promise<BuiltDataset>;

function subsetOption(subset: ResolvedSubsetConfig | null, seed: Seed, split: string): Pick<ImageConversionOptions, 'subset' | 'seed'> {
  return subset === null ? {} : { subset, seed: deriveSeed(seed, 'subset', split) };
}

/** The shared tail of every image builder: transforms, stream and eval sets. */
function assembleImages(resolved: ResolvedDatasetConfig & ResolvedImageDatasetConfig, seed: Seed, train: LabeledDataset, test: LabeledDataset): BuiltDataset {
  const transforms: ExampleTransform[] = [];
  if (resolved.augment !== null) {
    transforms.push(augmentation({ exampleShape: train.exampleShape, seed: deriveSeed(seed, 'augment'), ...resolved.augment }));
  }
  let patchMixture: PatchMixture | undefined;
  let evalSets: Record<string, LabeledDataset> = { test };
  if (resolved.patch !== null) {
    patchMixture = createPatchMixture({
      exampleShape: train.exampleShape,
      numClasses: train.numClasses,
      seed: deriveSeed(seed, 'patch'),
      config: resolved.patch,
    });
    // The patch is written last, after augmentation, as the reference writes it after its transforms.
    transforms.push(patchMixture.transform('train', train.size));
    evalSets = { clean: test, mixed: patchMixture.mixedSet(test), 'patch-only': patchMixture.patchOnlySet() };
  }
  const stream = trainStream(train, {
    batchSize: resolved.batchSize,
    dropLast: resolved.dropLast,
    seed: deriveSeed(seed, 'batches'),
    transforms,
  });
  return Object.freeze({
    resolved,
    train: stream,
    evalSets: Object.freeze(evalSets),
    numClasses: train.numClasses,
    exampleShape: train.exampleShape,
    normalization: resolved.normalization,
    ...(patchMixture === undefined ? {} : { patchMixture }),
  });
}

const BUILDERS: Builders = {
  synthetic: async (resolved, seed) => {
    const { kind: _kind, batchSize: _batchSize, dropLast: _dropLast, ...pattern } = resolved;
    const data = generateTwoPattern(pattern, deriveSeed(seed, 'data'));
    const test = concatDatasets('synthetic/test', [data.test['a-only'], data.test['b-only'], data.test.both]);
    const stream = trainStream(data.train, { batchSize: resolved.batchSize, dropLast: resolved.dropLast, seed: deriveSeed(seed, 'batches') });
    return Object.freeze({
      resolved,
      train: stream,
      evalSets: Object.freeze({ train: data.train, test }),
      numClasses: 2,
      exampleShape: data.train.exampleShape,
    });
  },
  'fashion-mnist': async (resolved, seed) => {
    const common = { dir: resolved.dir, normalization: resolved.normalization, channels: resolved.channels, ...(resolved.padTo === null ? {} : { padTo: resolved.padTo }) };
    const train = readFashionMnist({ ...common, split: 'train', ...subsetOption(resolved.subset, seed, 'train') });
    const test = readFashionMnist({ ...common, split: 'test', ...subsetOption(resolved.testSubset, seed, 'test') });
    return assembleImages(resolved, seed, train, test);
  },
  mnist: async (resolved, seed) => {
    const common = { dir: resolved.dir, normalization: resolved.normalization, channels: resolved.channels, ...(resolved.padTo === null ? {} : { padTo: resolved.padTo }) };
    const train = readMnist({ ...common, split: 'train', ...subsetOption(resolved.subset, seed, 'train') });
    const test = readMnist({ ...common, split: 'test', ...subsetOption(resolved.testSubset, seed, 'test') });
    return assembleImages(resolved, seed, train, test);
  },
  cifar10: async (resolved, seed, options) => {
    const { train, test } = await loadCifar10({
      dir: resolved.dir,
      download: resolved.download,
      url: resolved.url,
      md5: resolved.md5,
      recordsPerFile: resolved.recordsPerFile,
      normalization: resolved.normalization,
      ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
      ...subsetOption(resolved.subset, seed, 'train'),
      test: { normalization: resolved.normalization, ...subsetOption(resolved.testSubset, seed, 'test') },
    });
    return assembleImages(resolved, seed, train, test);
  },
};

/**
 * Builds a dataset from its JSON config: resolves the config once, reads or generates the data,
 * and returns the training stream, the named evaluation sets and the resolved config.
 *
 * Seeds, all derived from `seed`: `data` (synthetic draws), `subset`, `augment`, `patch` (z, ζ,
 * marks and draws) and `batches` (per-epoch shuffles). The same config and seed give the same
 * batches and eval sets.
 *
 * @param config - a dataset config (see {@link DatasetConfig})
 * @param seed - the run's data seed
 * @param options - a download progress callback
 * @returns the built dataset
 * @throws ConfigError for a bad config; DataError or IoError when data are missing or bad
 * @example
 * ```ts
 * const data = await buildDataset({ kind: 'synthetic', variant: 'small' }, 7);
 * data.train.batchesPerEpoch; // 5 (250 examples, batches of 50)
 * Object.keys(data.evalSets); // ['train', 'test']
 * ```
 */
export async function buildDataset(config: DatasetConfig, seed: Seed, options: BuildDatasetOptions = {}): Promise<BuiltDataset> {
  const resolved = resolveDatasetConfig(config);
  checkSeed('seed', seed);
  return (BUILDERS[resolved.kind] as AnyBuilder)(resolved, seed, options);
}
