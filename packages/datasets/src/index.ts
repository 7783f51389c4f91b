/**
 * Datasets for learning-rate studies: the synthetic two-pattern data (SPEC §1), the patched-image
 * mixture (SPEC §2), CIFAR-10 and Fashion-MNIST/MNIST readers, seeded batching and augmentation,
 * PNG previews, and the registry of dataset kinds ({@link DATASETS}) with `checkDatasetConfig` (a
 * config and its files checked without building the data) and `buildDataset(config, seed)`.
 *
 * Data flow: a reader or generator makes an immutable {@link LabeledDataset} (features as
 * Float32Array, NHWC for images; integer labels; a group tag per example) → views select groups or
 * subsets → {@link trainStream} draws batches as a pure function of (seed, epoch, batchIndex),
 * applying per-example transforms seeded by (epoch, index) → {@link toTensors} makes tfjs tensors
 * only at the edge.
 *
 * @packageDocumentation
 * @module @lrlab/datasets
 */
export type { GroupTag, HostBatch } from '@lrlab/core';
export { SYNTHETIC_GROUPS, PATCH_GROUPS } from '@lrlab/core';

export { createDataset, checkDataset, sizeOfShape, groupCounts, classCounts, CLEAN_GROUP } from './dataset';
export type { LabeledDataset, DatasetParts } from './dataset';
export {
  subsetIndices,
  selectGroups,
  firstPerClass,
  seededPerClass,
  seededSubset,
  concatDatasets,
  firstPerClassIndices,
  seededPerClassIndices,
} from './views';
export { trainStream, gatherBatch, evalBatches } from './batching';
export type { TrainStream, TrainStreamOptions, GatherOptions } from './batching';
export { toTensors, withTensors } from './tensors';
export type { BatchTensors } from './tensors';

export type { ExampleTransform, ExampleContext } from './transforms/transform';
export {
  CIFAR10_NORMALIZATION,
  FASHION_MNIST_NORMALIZATION,
  MNIST_NORMALIZATION,
  UNIT_SCALE,
  checkNormalization,
  normalizeBytes,
  denormalizeToBytes,
  measureNormalization,
} from './transforms/normalize';
export type { NormalizationStats } from './transforms/normalize';
export { augmentation } from './transforms/augment';
export type { AugmentOptions, AugmentConfig } from './transforms/augment';
export { createPatchMixture, resolvePatchMixtureConfig, PATCH_MIXTURE_DEFAULTS } from './transforms/patch-mixture';
export type {
  PatchMixture,
  PatchMixtureOptions,
  PatchMixtureConfig,
  ResolvedPatchMixtureConfig,
} from './transforms/patch-mixture';

export { generateTwoPattern, syntheticGroupSizes } from './synthetic/two-pattern';
export type { TwoPatternData, SyntheticGroup } from './synthetic/two-pattern';
export { resolveTwoPatternConfig, SYNTHETIC_VARIANTS, SYNTHETIC_VARIANT_SIZES, MAX_SYNTHETIC_FLOATS } from './synthetic/config';
export type {
  TwoPatternConfig,
  ResolvedTwoPatternConfig,
  SyntheticVariant,
  SyntheticVariantSizes,
  GroupFractions,
  AlphaSign,
} from './synthetic/config';

export { imagesToDataset, subsetSelection } from './images/raw-images';
export type { RawImages, SubsetConfig, ImageConversionOptions } from './images/raw-images';
export { parseIdx, readIdxFile, checkIdxFile } from './idx/idx';
export type { IdxArray, IdxFile, IdxHeader } from './idx/idx';
export {
  readFashionMnist,
  readMnist,
  readMnistLikeImages,
  checkMnistLikeSplit,
  MNIST_SIDE,
  FASHION_MNIST_DEFAULT_DIR,
  FASHION_MNIST_CLASSES,
} from './idx/mnist-like';
export type { MnistLikeOptions, MnistLikeName, Split, MnistLikeSplitCheck } from './idx/mnist-like';
export {
  readCifar10,
  readCifar10Images,
  checkCifar10Folder,
  hasCifar10Batches,
  cifar10BatchesFolder,
  cifar10Hint,
  CIFAR10_CLASSES,
  CIFAR10_FOLDER,
  CIFAR10_FILES,
  CIFAR10_RECORD_BYTES,
  CIFAR10_RECORDS_PER_FILE,
  CIFAR10_URL,
  CIFAR10_MD5,
} from './cifar10/read';
export type { Cifar10Options, Cifar10ReadOptions } from './cifar10/read';
export { downloadCifar10, loadCifar10 } from './cifar10/download';
export type { Cifar10DownloadOptions, LoadCifar10Options, Cifar10Splits } from './cifar10/download';
export { cifar10FixtureBatch, writeCifar10Fixture } from './cifar10/fixture';
export { downloadFile } from './fetch/http-download';
export type { DownloadFileOptions, DownloadResult, ProgressCallback } from './fetch/http-download';
export { extractTar } from './fetch/ustar';

export { encodePng, crc32 } from './preview/png';
export { renderPreviewGrid, writePreviewGrid } from './preview/grid';
export type { PreviewOptions, PreviewGrid, PreviewRow, PreviewSource } from './preview/grid';

export { DATASETS, DATASET_KINDS } from './kinds/registry';
export type { DatasetKind, DatasetKindConfig, ResolvedDatasetKindConfig } from './kinds/registry';
export type { DatasetKindEntry, DatasetRegistry, DatasetBuildContext, BuiltData } from './kinds/entry';
export { SYNTHETIC_DATASET } from './kinds/synthetic';
export type { SyntheticDatasetConfig, ResolvedSyntheticDatasetConfig } from './kinds/synthetic';
export { FASHION_MNIST_DATASET } from './kinds/fashion-mnist';
export type { FashionMnistDatasetConfig, ResolvedFashionMnistDatasetConfig } from './kinds/fashion-mnist';
export { MNIST_DATASET } from './kinds/mnist';
export type { MnistDatasetConfig, ResolvedMnistDatasetConfig } from './kinds/mnist';
export { CIFAR10_DATASET } from './kinds/cifar10';
export type { Cifar10DatasetConfig, ResolvedCifar10DatasetConfig } from './kinds/cifar10';
export type { MnistLikeDatasetConfig, ResolvedMnistLikeDatasetConfig } from './kinds/mnist-like';
export {
  IMAGE_FIELDS,
  IMAGE_BATCH_SIZE,
  resolveImageOptions,
  imageEvalSetNames,
  imageBatchGroupNames,
  imageTrainGroupSizes,
  subsetOption,
  assembleImages,
} from './kinds/image-options';
export type { ImageDatasetConfig, ResolvedImageDatasetConfig, ResolvedSubsetConfig, ResolvedAugmentConfig } from './kinds/image-options';

export { checkDatasetConfig } from './assemble/check';
export type { CheckedDatasetConfig } from './assemble/check';
export { resolveDatasetConfig } from './assemble/config';
export type {
  DatasetConfig,
  ResolvedDatasetConfig,
  UserDatasetConfig,
  ResolvedUserDatasetConfig,
  BatchingConfig,
  ResolvedBatchingConfig,
} from './assemble/config';
export { buildDataset, buildCheckedDataset } from './assemble/build';
export type { BuiltDataset, BuildDatasetOptions } from './assemble/build';
