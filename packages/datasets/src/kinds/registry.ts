/**
 * The built-in dataset kinds: one file each, one line each here. A user's kinds join them with
 * core's `withKinds(DATASETS, { mine: entry }, 'dataset kind')`, and build the same way.
 */
import { CIFAR10_DATASET } from './cifar10';
import { FASHION_MNIST_DATASET } from './fashion-mnist';
import { MNIST_DATASET } from './mnist';
import { SYNTHETIC_DATASET } from './synthetic';

/** Every built-in dataset kind, by name: a plain frozen object (nothing registers at import time). */
export const DATASETS = Object.freeze({
  /** SPEC §1's two-pattern data. */ synthetic: SYNTHETIC_DATASET,
  /** Fashion-MNIST's IDX files (SPEC §4). */ 'fashion-mnist': FASHION_MNIST_DATASET,
  /** MNIST's IDX files. */ mnist: MNIST_DATASET,
  /** CIFAR-10's binary release (SPEC §2, §3). */ cifar10: CIFAR10_DATASET,
});

/** A built-in dataset kind's name. */
export type DatasetKind = keyof typeof DATASETS;

/** Every built-in dataset kind's name. */
export const DATASET_KINDS: readonly DatasetKind[] = Object.freeze(Object.keys(DATASETS) as DatasetKind[]);

/** The config of a built-in dataset kind, as its entry's `resolve` takes it (without batching). */
export type DatasetKindConfig = { [Kind in DatasetKind]: Parameters<(typeof DATASETS)[Kind]['resolve']>[0] }[DatasetKind];

/** A resolved config of a built-in dataset kind, as its entry's `resolve` returns it (without batching). */
export type ResolvedDatasetKindConfig = { [Kind in DatasetKind]: ReturnType<(typeof DATASETS)[Kind]['resolve']> }[DatasetKind];
