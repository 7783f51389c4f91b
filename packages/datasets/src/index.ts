/**
 * Datasets for learning-rate studies: the synthetic two-pattern data, the patched-image mixture,
 * CIFAR-10 and Fashion-MNIST readers. Work in progress: the datasets issue fills this package in;
 * the shared group tags and batch shape already live in `@lrlab/core`.
 *
 * @packageDocumentation
 * @module @lrlab/datasets
 */
export type { GroupTag, HostBatch } from '@lrlab/core';
export { SYNTHETIC_GROUPS, PATCH_GROUPS } from '@lrlab/core';
