/**
 * The JSON configs of {@link buildDataset}, one per dataset kind, and their resolved forms (every
 * default filled in, what a run saves beside its results).
 */
import type { AugmentConfig } from '../transforms/augment';
import type { NormalizationStats } from '../transforms/normalize';
import type { PatchMixtureConfig, ResolvedPatchMixtureConfig } from '../transforms/patch-mixture';
import type { SubsetConfig } from '../images/raw-images';
import type { ResolvedTwoPatternConfig, TwoPatternConfig } from '../synthetic/config';

/** Batching options shared by every kind. */
export interface BatchingConfig {
  /** Examples per training batch; default 50 for `synthetic` (SPEC §1), 128 for images (SPEC §2). */
  readonly batchSize?: number;
  /** Drop the last partial batch of each epoch; default false. */
  readonly dropLast?: boolean;
}

/** The synthetic two-pattern data (SPEC §1); every {@link TwoPatternConfig} field may be set. */
export interface SyntheticDatasetConfig extends TwoPatternConfig, BatchingConfig {
  /** Discriminator. */
  readonly kind: 'synthetic';
}

/** Options shared by the image kinds. */
export interface ImageDatasetConfig extends BatchingConfig {
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

/** Fashion-MNIST from IDX files (SPEC §4). */
export interface FashionMnistDatasetConfig extends ImageDatasetConfig {
  /** Discriminator. */
  readonly kind: 'fashion-mnist';
  /** The folder with the IDX files; default `/usr/share/datasets/fashion-mnist` (Debian `dataset-fashion-mnist`). */
  readonly dir?: string;
  /** Pad to this size (e.g. 32) with black, centred; default no padding (28×28). */
  readonly padTo?: number | null;
  /** 1 (default) or 3 to replicate the grey channel. */
  readonly channels?: number;
}

/** MNIST from IDX files. */
export interface MnistDatasetConfig extends ImageDatasetConfig {
  /** Discriminator. */
  readonly kind: 'mnist';
  /** The folder with the IDX files (required). */
  readonly dir: string;
  /** Pad to this size (e.g. 32) with black, centred; default no padding (28×28). */
  readonly padTo?: number | null;
  /** 1 (default) or 3 to replicate the grey channel. */
  readonly channels?: number;
}

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

/** Any dataset config. */
export type DatasetConfig = SyntheticDatasetConfig | FashionMnistDatasetConfig | MnistDatasetConfig | Cifar10DatasetConfig;

/** A dataset kind. */
export type DatasetKind = DatasetConfig['kind'];

/** Resolved batching options. */
export interface ResolvedBatchingConfig {
  /** Examples per training batch. */
  readonly batchSize: number;
  /** Whether the last partial batch is dropped. */
  readonly dropLast: boolean;
}

/** A resolved synthetic config. */
export interface ResolvedSyntheticDatasetConfig extends ResolvedTwoPatternConfig, ResolvedBatchingConfig {
  /** Discriminator. */
  readonly kind: 'synthetic';
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
export interface ResolvedImageDatasetConfig extends ResolvedBatchingConfig {
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

/** A resolved Fashion-MNIST config. */
export interface ResolvedFashionMnistDatasetConfig extends ResolvedImageDatasetConfig {
  /** Discriminator. */
  readonly kind: 'fashion-mnist';
  /** The folder read. */
  readonly dir: string;
  /** Padded size, or null. */
  readonly padTo: number | null;
  /** Output channels. */
  readonly channels: number;
}

/** A resolved MNIST config. */
export interface ResolvedMnistDatasetConfig extends ResolvedImageDatasetConfig {
  /** Discriminator. */
  readonly kind: 'mnist';
  /** The folder read. */
  readonly dir: string;
  /** Padded size, or null. */
  readonly padTo: number | null;
  /** Output channels. */
  readonly channels: number;
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

/** Any resolved dataset config. */
export type ResolvedDatasetConfig =
  | ResolvedSyntheticDatasetConfig
  | ResolvedFashionMnistDatasetConfig
  | ResolvedMnistDatasetConfig
  | ResolvedCifar10DatasetConfig;
