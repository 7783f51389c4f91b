/**
 * What every image kind shares: the options (a class-balanced subset of each split, the
 * normalization, the patch mixture of SPEC §2, augmentation), how they resolve, the facts they
 * decide (eval sets, batch groups, training-set size), and the tail of every image build (train
 * transforms, stream, eval sets). A new image kind reads its two splits and calls
 * {@link assembleImages}.
 */
import { PATCH_GROUPS, checkInteger, checkOneOf, checkProbability, deriveSeed, type GroupTag, type Seed } from '@lrlab/core';
import { trainStream } from '../batching';
import { CLEAN_GROUP, checkDataset, type LabeledDataset } from '../dataset';
import type { ImageConversionOptions, SubsetConfig } from '../images/raw-images';
import { augmentation, type AugmentConfig } from '../transforms/augment';
import { checkNormalization, type NormalizationStats } from '../transforms/normalize';
import { createPatchMixture, resolvePatchMixtureConfig, type PatchMixture, type PatchMixtureConfig, type ResolvedPatchMixtureConfig } from '../transforms/patch-mixture';
import type { ExampleTransform } from '../transforms/transform';
import type { BuiltData, DatasetBuildContext } from './entry';
import { checkFunction, checkKnownFields, objectOf } from '../checks';

/** Options shared by the image kinds. */
export interface ImageDatasetConfig {
  /** A class-balanced subset of the training split; default all of it. */
  readonly subset?: SubsetConfig | null;
  /** A class-balanced subset of the test split; default all of it. */
  readonly testSubset?: SubsetConfig | null;
  /** Per-channel stats; default the dataset's constants. */
  readonly normalization?: NormalizationStats;
  /** The patched mixture (SPEC §2) over the training set, with its three eval sets; default off. `{}` gives the reference. */
  readonly patch?: PatchMixtureConfig | null;
  /** Reflect-pad + crop + flip augmentation of training draws; `true` gives the defaults; default off. */
  readonly augment?: AugmentConfig | boolean | null;
}

/** A resolved subset. */
export interface ResolvedSubsetConfig {
  /** Examples per class. */
  readonly perClass: number;
  /** How they are picked. */
  readonly pick: 'first' | 'seeded';
}

/** A resolved augmentation. */
export interface ResolvedAugmentConfig {
  /** Reflect padding on each side. */
  readonly padding: number;
  /** Probability of a horizontal flip. */
  readonly flipProbability: number;
}

/** Resolved options shared by the image kinds. */
export interface ResolvedImageDatasetConfig {
  /** The training subset, or null for all. */
  readonly subset: ResolvedSubsetConfig | null;
  /** The test subset, or null for all. */
  readonly testSubset: ResolvedSubsetConfig | null;
  /** Per-channel stats, one entry per output channel. */
  readonly normalization: NormalizationStats;
  /** The patch mixture, or null when off. */
  readonly patch: ResolvedPatchMixtureConfig | null;
  /** The augmentation, or null when off. */
  readonly augment: ResolvedAugmentConfig | null;
}

/** The `fields` of the shared image options, for the kinds' `fields`. */
export const IMAGE_FIELDS: Readonly<Record<keyof ImageDatasetConfig, string>> = Object.freeze({
  subset: 'a class-balanced subset of the training split, { perClass, pick: "first" | "seeded" }; default all of it',
  testSubset: 'a class-balanced subset of the test split, { perClass, pick }; default all of it',
  normalization: "per-channel { mean, std } in [0, 1] units; default the dataset's constants",
  patch: 'the patched mixture of SPEC §2 (its options, {} for the reference), adding the eval sets clean, mixed and patch-only; default off',
  augment: 'reflect-pad, crop and flip training draws: true, or { padding, flipProbability }; default off',
});

/** The examples per training batch of image kinds when a config gives none (SPEC §2). */
export const IMAGE_BATCH_SIZE = 128;

function resolveSubset(value: unknown, path: string): ResolvedSubsetConfig | null {
  if (value === undefined || value === null) return null;
  const subset = objectOf(value, path, 'null or { perClass, pick? }');
  checkKnownFields(subset, ['perClass', 'pick'], path);
  return {
    perClass: checkInteger(`${path}.perClass`, subset['perClass'], { min: 1 }),
    pick: checkOneOf(`${path}.pick`, subset['pick'] ?? 'first', ['first', 'seeded'] as const),
  };
}

function resolveAugment(value: unknown, path: string): ResolvedAugmentConfig | null {
  if (value === undefined || value === null || value === false) return null;
  const options = objectOf(value === true ? {} : value, path, 'a boolean, null or { padding?, flipProbability? }');
  checkKnownFields(options, ['padding', 'flipProbability'], path);
  return {
    padding: checkInteger(`${path}.padding`, options['padding'] ?? 4, { min: 0 }),
    flipProbability: checkProbability(`${path}.flipProbability`, options['flipProbability'] ?? 0.5),
  };
}

/**
 * Resolves the shared image options.
 *
 * @param config - the kind's config
 * @param defaults - the dataset's normalization constants
 * @param channels - the output channels (normalization stats are widened to them)
 * @param path - the config's path, for errors
 * @returns the resolved options
 * @throws ConfigError naming the bad field by its full path
 */
export function resolveImageOptions(config: ImageDatasetConfig, defaults: NormalizationStats, channels: number, path: string): ResolvedImageDatasetConfig {
  objectOf(config, path, 'an image dataset config');
  const stats = checkNormalization(`${path}.normalization`, config.normalization ?? defaults, channels);
  return {
    subset: resolveSubset(config.subset, `${path}.subset`),
    testSubset: resolveSubset(config.testSubset, `${path}.testSubset`),
    normalization: { mean: [...stats.mean], std: [...stats.std] },
    patch: config.patch === undefined || config.patch === null ? null : { ...resolvePatchMixtureConfig(config.patch, `${path}.patch`) },
    augment: resolveAugment(config.augment, `${path}.augment`),
  };
}

function hasPatch(config: ResolvedImageDatasetConfig): boolean {
  return objectOf(config, 'config', 'resolved image options')['patch'] !== null;
}

/**
 * The eval sets of an image kind: `test`, or `clean`, `mixed` and `patch-only` with a patch.
 *
 * @param config - the resolved options
 * @returns the names, in the order `build` returns them
 */
export function imageEvalSetNames(config: ResolvedImageDatasetConfig): readonly string[] {
  return hasPatch(config) ? ['clean', 'mixed', 'patch-only'] : ['test'];
}

/**
 * The groups of an image kind's training batches: {@link PATCH_GROUPS} with a patch, else `clean`.
 *
 * @param config - the resolved options
 * @returns the group names
 */
export function imageBatchGroupNames(config: ResolvedImageDatasetConfig): readonly GroupTag[] {
  return hasPatch(config) ? PATCH_GROUPS : [CLEAN_GROUP];
}

/**
 * The training set of an image kind by group: every image is `clean` until a transform draws.
 *
 * @param config - the resolved options
 * @param numClasses - the dataset's classes
 * @param splitSize - the size of the whole training split (read only without a subset)
 * @returns `{ clean: size }`
 */
export function imageTrainGroupSizes(config: ResolvedImageDatasetConfig, numClasses: number, splitSize: () => number): Readonly<Record<string, number>> {
  objectOf(config, 'config', 'resolved image options');
  checkInteger('numClasses', numClasses, { min: 1 });
  if (config.subset !== null) return { [CLEAN_GROUP]: checkInteger('config.subset.perClass', config.subset?.perClass, { min: 1 }) * numClasses };
  checkFunction('splitSize', splitSize, "a function () => the training split's size");
  return { [CLEAN_GROUP]: checkInteger('splitSize()', splitSize(), { min: 0 }) };
}

/**
 * The subset options of one split for a reader: the seeded pick draws from `deriveSeed(seed, 'subset', split)`.
 *
 * @param subset - the resolved subset, or null for the whole split
 * @param seed - the run's data seed
 * @param split - `train` or `test`
 * @returns the reader's `subset` and `seed` options
 */
export function subsetOption(subset: ResolvedSubsetConfig | null, seed: Seed, split: string): Pick<ImageConversionOptions, 'subset' | 'seed'> {
  return subset === null ? {} : { subset, seed: deriveSeed(seed, 'subset', split) };
}

/**
 * The shared tail of every image build: augmentation and the patch mixture as train transforms,
 * the training stream and the eval sets. Seeds: `augment`, `patch` and `batches`, derived from the
 * context's seed.
 *
 * @param config - the resolved options
 * @param context - seed and batching
 * @param train - the (normalized, subset) training split
 * @param test - the test split
 * @returns the built data
 */
export function assembleImages(config: ResolvedImageDatasetConfig, context: DatasetBuildContext, train: LabeledDataset, test: LabeledDataset): BuiltData {
  objectOf(config, 'config', 'resolved image options { subset, testSubset, normalization, patch, augment }');
  objectOf(context, 'context', '{ seed, batchSize, dropLast }');
  checkDataset('train', train);
  checkDataset('test', test);
  const { seed } = context;
  const transforms: ExampleTransform[] = [];
  if (config.augment !== null) {
    transforms.push(augmentation({ exampleShape: train.exampleShape, seed: deriveSeed(seed, 'augment'), ...config.augment }));
  }
  let patchMixture: PatchMixture | undefined;
  let evalSets: Record<string, LabeledDataset> = { test };
  if (config.patch !== null) {
    patchMixture = createPatchMixture({
      exampleShape: train.exampleShape,
      numClasses: train.numClasses,
      seed: deriveSeed(seed, 'patch'),
      config: config.patch,
    });
    // The patch is written last, after augmentation, as the reference writes it after its transforms.
    transforms.push(patchMixture.transform('train', train.size));
    evalSets = { clean: test, mixed: patchMixture.mixedSet(test), 'patch-only': patchMixture.patchOnlySet() };
  }
  const stream = trainStream(train, {
    batchSize: context.batchSize,
    dropLast: context.dropLast,
    seed: deriveSeed(seed, 'batches'),
    transforms,
  });
  return Object.freeze({
    train: stream,
    evalSets: Object.freeze(evalSets),
    numClasses: train.numClasses,
    exampleShape: train.exampleShape,
    normalization: config.normalization,
    ...(patchMixture === undefined ? {} : { patchMixture, evalSetDraws: patchDraws(patchMixture, test) }),
  });
}

/** The patched eval sets' other draws: the same test images and patch-only labels, each patch drawn again. */
function patchDraws(mixture: PatchMixture, test: LabeledDataset): Readonly<Record<string, (draw: number) => LabeledDataset>> {
  return Object.freeze({ mixed: (draw: number) => mixture.mixedSet(test, 'mixed', draw), 'patch-only': (draw: number) => mixture.patchOnlySet(draw) });
}
