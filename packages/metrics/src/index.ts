/**
 * Per-group streaming metrics, margins, learning-order summaries and across-seed statistics.
 * Work in progress: the metrics issue fills this package in; group tags live in `@lrlab/core`.
 *
 * @packageDocumentation
 * @module @lrlab/metrics
 */
export type { GroupTag } from '@lrlab/core';
