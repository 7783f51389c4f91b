/** The `mnist` dataset kind: MNIST's IDX files in a folder the config names. */
import { MNIST_NORMALIZATION } from '../transforms/normalize';
import type { DatasetKindEntry } from './entry';
import { mnistLikeKind, type MnistLikeDatasetConfig, type ResolvedMnistLikeDatasetConfig } from './mnist-like';

/** MNIST from IDX files; `dir` is required. */
export interface MnistDatasetConfig extends MnistLikeDatasetConfig<'mnist'> {
  /** The folder with the four IDX files. */
  readonly dir: string;
}

/** A resolved MNIST config. */
export type ResolvedMnistDatasetConfig = ResolvedMnistLikeDatasetConfig<'mnist'>;

/** The `mnist` kind: 28×28×1 (or padded, or 3 channels), 10 classes, batches of 128 unless set. */
export const MNIST_DATASET: DatasetKindEntry<MnistDatasetConfig, ResolvedMnistDatasetConfig> = mnistLikeKind({
  kind: 'mnist',
  description: "MNIST's 60,000 training and 10,000 test digits (28×28 grey, 10 classes) from its IDX files",
  normalization: MNIST_NORMALIZATION,
});
