/**
 * The `cifar10` dataset kind (SPEC §2, §3): the official binary release in a folder the config
 * names, downloaded there on request.
 */
import { checkInteger } from '@lrlab/core';
import { loadCifar10 } from '../cifar10/download';
import {
  CIFAR10_CLASSES,
  CIFAR10_FILES,
  CIFAR10_MD5,
  CIFAR10_RECORDS_PER_FILE,
  CIFAR10_URL,
  checkCifar10Folder,
  cifar10BatchesFolder,
  cifar10Hint,
  hasCifar10Batches,
} from '../cifar10/read';
import { CIFAR10_NORMALIZATION } from '../transforms/normalize';
import type { DatasetKindEntry } from './entry';
import { checkBoolean, checkString, objectOf } from '../checks';
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
} from './image-options';

/** CIFAR-10 from the official binary release (SPEC §2, §3). */
export interface Cifar10DatasetConfig extends ImageDatasetConfig {
  /** Discriminator. */
  readonly kind: 'cifar10';
  /** The dataset folder (holding `cifar-10-batches-bin/`). */
  readonly dir: string;
  /** Download the official archive when absent; default false. */
  readonly download?: boolean;
  /** The archive's URL; default the official one. */
  readonly url?: string;
  /** The archive's MD5; default the official one. */
  readonly md5?: string;
  /** Records per batch file; default 10,000 (set it only for smaller files in the same format). */
  readonly recordsPerFile?: number;
}

/** A resolved CIFAR-10 config. */
export interface ResolvedCifar10DatasetConfig extends ResolvedImageDatasetConfig {
  /** Discriminator. */
  readonly kind: 'cifar10';
  /** The dataset folder. */
  readonly dir: string;
  /** Whether a missing release is downloaded. */
  readonly download: boolean;
  /** The archive's URL. */
  readonly url: string;
  /** The archive's MD5. */
  readonly md5: string;
  /** Records per batch file. */
  readonly recordsPerFile: number;
}

/** The `cifar10` kind: 32×32×3, 10 classes, batches of 128 unless set. */
export const CIFAR10_DATASET: DatasetKindEntry<Cifar10DatasetConfig, ResolvedCifar10DatasetConfig> = Object.freeze<DatasetKindEntry<Cifar10DatasetConfig, ResolvedCifar10DatasetConfig>>({
  description: "CIFAR-10's 50,000 training and 10,000 test images (32×32 RGB, 10 classes) from the official binary release",
  fields: Object.freeze({
    dir: 'the dataset folder, holding cifar-10-batches-bin/ (required)',
    download: 'download the official archive when the batches are absent; default false',
    url: "the archive's URL; default the official one",
    md5: "the archive's MD5; default the official one",
    recordsPerFile: 'records per batch file; default 10,000 (only for smaller files in the same format)',
    ...IMAGE_FIELDS,
  }),
  defaultBatchSize: IMAGE_BATCH_SIZE,
  resolve: (config, path) => {
    objectOf(config, path, 'a cifar10 dataset config');
    return {
      kind: 'cifar10',
      dir: checkString(`${path}.dir`, config.dir),
      download: checkBoolean(`${path}.download`, config.download ?? false),
      url: checkString(`${path}.url`, config.url ?? CIFAR10_URL),
      md5: checkString(`${path}.md5`, config.md5 ?? CIFAR10_MD5),
      recordsPerFile: checkInteger(`${path}.recordsPerFile`, config.recordsPerFile ?? CIFAR10_RECORDS_PER_FILE, { min: 1 }),
      ...resolveImageOptions(config, CIFAR10_NORMALIZATION, 3, path),
    };
  },
  exampleShape: () => [32, 32, 3],
  numClasses: () => CIFAR10_CLASSES.length,
  evalSetNames: imageEvalSetNames,
  batchGroupNames: imageBatchGroupNames,
  trainGroupSizes: (config) => imageTrainGroupSizes(config, CIFAR10_CLASSES.length, () => CIFAR10_FILES.train.length * config.recordsPerFile),
  // File sizes only: a subset larger than a class is found when the labels are read (build).
  checkFiles: (config) => {
    if (config.download && !hasCifar10Batches(config.dir)) return;
    checkCifar10Folder(cifar10BatchesFolder(config.dir), config.recordsPerFile, cifar10Hint(config.dir));
  },
  build: async (config, context) => {
    const { train, test } = await loadCifar10({
      dir: config.dir,
      download: config.download,
      url: config.url,
      md5: config.md5,
      recordsPerFile: config.recordsPerFile,
      normalization: config.normalization,
      ...(context.onProgress === undefined ? {} : { onProgress: context.onProgress }),
      ...subsetOption(config.subset, context.seed, 'train'),
      test: { normalization: config.normalization, ...subsetOption(config.testSubset, context.seed, 'test') },
    });
    return assembleImages(config, context, train, test);
  },
});
