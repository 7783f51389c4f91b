/**
 * The `fashion-mnist` dataset kind (SPEC §4): Fashion-MNIST's IDX files, by default where the
 * Debian package `dataset-fashion-mnist` installs them.
 */
import { FASHION_MNIST_DEFAULT_DIR } from '../idx/mnist-like';
import { FASHION_MNIST_NORMALIZATION } from '../transforms/normalize';
import type { DatasetKindEntry } from './entry';
import { mnistLikeKind, type MnistLikeDatasetConfig, type ResolvedMnistLikeDatasetConfig } from './mnist-like';

/** Fashion-MNIST from IDX files (SPEC §4); `dir` defaults to {@link FASHION_MNIST_DEFAULT_DIR}. */
export type FashionMnistDatasetConfig = MnistLikeDatasetConfig<'fashion-mnist'>;

/** A resolved Fashion-MNIST config. */
export type ResolvedFashionMnistDatasetConfig = ResolvedMnistLikeDatasetConfig<'fashion-mnist'>;

/** The `fashion-mnist` kind: 28×28×1 (or padded, or 3 channels), 10 classes, batches of 128 unless set. */
export const FASHION_MNIST_DATASET: DatasetKindEntry<FashionMnistDatasetConfig, ResolvedFashionMnistDatasetConfig> = mnistLikeKind({
  kind: 'fashion-mnist',
  description: "Fashion-MNIST's 60,000 training and 10,000 test images (28×28 grey, 10 classes) from its IDX files",
  normalization: FASHION_MNIST_NORMALIZATION,
  defaultDir: FASHION_MNIST_DEFAULT_DIR,
});
