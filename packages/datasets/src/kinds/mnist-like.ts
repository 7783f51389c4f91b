/**
 * The generic MNIST-like image kind (four IDX files, 28×28 grey images, 10 classes) that
 * `fashion-mnist` and `mnist` are presets of: its options (`dir`, `padTo`, `channels` and the
 * shared image options), resolution, facts, file check and build.
 */
import { ConfigError, checkInteger, checkOneOf, type Seed } from '@lrlab/core';
import type { LabeledDataset } from '../dataset';
import { MNIST_SIDE, checkMnistLikeSplit, readMnistLikeImages, type MnistLikeName, type Split } from '../idx/mnist-like';
import { imagesToDataset } from '../images/raw-images';
import { checkNormalization, type NormalizationStats } from '../transforms/normalize';
import type { DatasetKindEntry } from './entry';
import { checkString, objectOf } from '../checks';
import {
  IMAGE_BATCH_SIZE,
  IMAGE_FIELDS,
  assembleImages,
  imageBatchGroupNames,
  imageEvalSetNames,
  imageTrainGroupSizes,
  resolveImageOptions,
  subsetOption,
  type ImageDatasetConfig,
  type ResolvedImageDatasetConfig,
  type ResolvedSubsetConfig,
} from './image-options';

/** The config of an MNIST-like kind. */
export interface MnistLikeDatasetConfig<Kind extends MnistLikeName> extends ImageDatasetConfig {
  /** Discriminator. */
  readonly kind: Kind;
  /** The folder with the IDX files. */
  readonly dir?: string;
  /** Pad to this size (e.g. 32) with black, centred; default no padding (28×28). */
  readonly padTo?: number | null;
  /** 1 (default) or 3 to replicate the grey channel. */
  readonly channels?: number;
}

/** A resolved MNIST-like config. */
export interface ResolvedMnistLikeDatasetConfig<Kind extends MnistLikeName> extends ResolvedImageDatasetConfig {
  /** Discriminator. */
  readonly kind: Kind;
  /** The folder read. */
  readonly dir: string;
  /** Padded size, or null. */
  readonly padTo: number | null;
  /** Output channels. */
  readonly channels: number;
}

/** What distinguishes one MNIST-like preset from another. */
export interface MnistLikePreset<Kind extends MnistLikeName> {
  /** The kind's name, also the reader's dataset name. */
  readonly kind: Kind;
  /** One line for the registry. */
  readonly description: string;
  /** The dataset's normalization constants. */
  readonly normalization: NormalizationStats;
  /** The folder read when a config gives no `dir`; without it `dir` is required. */
  readonly defaultDir?: string;
}

const NUM_CLASSES = 10;

function resolveChannels(value: unknown, path: string): number {
  const channels = checkInteger(path, value ?? 1, { min: 1, max: 3 });
  if (channels === 2) throw new ConfigError(path, channels, '1, or 3 to replicate the grey channel');
  return channels;
}

/** Throws the ConfigError a subset pick would when a class has fewer than `perClass` examples. */
function checkSubsetFits(labels: Uint8Array, subset: ResolvedSubsetConfig | null, path: string): void {
  if (subset === null) return;
  const counts = new Array<number>(NUM_CLASSES).fill(0);
  for (const label of labels) counts[label]! += 1;
  counts.forEach((count, label) => {
    if (count < subset.perClass) {
      throw new ConfigError(`${path}.perClass`, subset.perClass, `at most ${count}, the number of examples of class ${label}`);
    }
  });
}

/**
 * Makes an MNIST-like kind: IDX files in `dir`, 28×28 grey images (padded with `padTo`,
 * replicated to 3 channels with `channels: 3`), 10 classes.
 *
 * @param preset - the kind's name, description, normalization and default folder
 * @returns the registry entry
 */
export function mnistLikeKind<Kind extends MnistLikeName>(
  preset: MnistLikePreset<Kind>,
): DatasetKindEntry<MnistLikeDatasetConfig<Kind>, ResolvedMnistLikeDatasetConfig<Kind>> {
  objectOf(preset, 'preset', '{ kind, description, normalization, defaultDir? }');
  checkOneOf('preset.kind', preset.kind, ['fashion-mnist', 'mnist']);
  checkString('preset.description', preset.description);
  checkNormalization('preset.normalization', preset.normalization, 1);
  type Config = MnistLikeDatasetConfig<Kind>;
  type Resolved = ResolvedMnistLikeDatasetConfig<Kind>;
  const side = (config: Resolved): number => config.padTo ?? MNIST_SIDE;
  const read = (config: Resolved, split: Split, subset: ResolvedSubsetConfig | null, seed: Seed): LabeledDataset =>
    imagesToDataset(readMnistLikeImages(preset.kind, config.dir, split), {
      normalization: config.normalization,
      channels: config.channels,
      ...(config.padTo === null ? {} : { padTo: config.padTo }),
      ...subsetOption(subset, seed, split),
    });
  return Object.freeze<DatasetKindEntry<Config, Resolved>>({
    description: preset.description,
    fields: Object.freeze({
      dir: preset.defaultDir === undefined ? 'the folder with the four IDX files (required)' : `the folder with the four IDX files; default ${preset.defaultDir}`,
      padTo: 'pad to this size (e.g. 32) with black, centred; default no padding (28×28)',
      channels: '1 (default), or 3 to replicate the grey channel',
      ...IMAGE_FIELDS,
    }),
    defaultBatchSize: IMAGE_BATCH_SIZE,
    resolve: (config: Config, path: string): Resolved => {
      objectOf(config, path, `a ${preset.kind} dataset config`);
      const channels = resolveChannels(config.channels, `${path}.channels`);
      return {
        kind: preset.kind,
        dir: checkString(`${path}.dir`, config.dir ?? preset.defaultDir),
        padTo: config.padTo === undefined || config.padTo === null ? null : checkInteger(`${path}.padTo`, config.padTo, { min: MNIST_SIDE }),
        channels,
        ...resolveImageOptions(config, preset.normalization, channels, path),
      };
    },
    exampleShape: (config: Resolved) => [side(config), side(config), config.channels],
    numClasses: () => NUM_CLASSES,
    evalSetNames: imageEvalSetNames,
    batchGroupNames: imageBatchGroupNames,
    trainGroupSizes: (config: Resolved): Readonly<Record<string, number>> =>
      imageTrainGroupSizes(config, NUM_CLASSES, () => checkMnistLikeSplit(preset.kind, config.dir, 'train').images.shape[0]!),
    checkFiles: (config: Resolved, path: string) => {
      checkSubsetFits(checkMnistLikeSplit(preset.kind, config.dir, 'train').labels, config.subset, `${path}.subset`);
      checkSubsetFits(checkMnistLikeSplit(preset.kind, config.dir, 'test').labels, config.testSubset, `${path}.testSubset`);
    },
    build: async (config: Resolved, context) => {
      const train = read(config, 'train', config.subset, context.seed);
      const test = read(config, 'test', config.testSubset, context.seed);
      return assembleImages(config, context, train, test);
    },
  });
}
