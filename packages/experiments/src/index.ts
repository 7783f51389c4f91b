/**
 * Experiments: configs, the training loop, run records, reports and the `lrlab` command-line
 * tool. Work in progress: the experiments issue fills this package in. Today it holds the
 * runtime check behind `lrlab doctor`.
 *
 * @packageDocumentation
 * @module @lrlab/experiments
 */
export { trainConvSmoke } from './doctor/conv-smoke';
export type { ConvSmokeOptions, ConvSmokeResult } from './doctor/conv-smoke';
export { runCli } from './cli/run-cli';
export type { CliIo } from './cli/run-cli';
