/**
 * The `lrlab` command line: `run`, `resume`, `status`, `report`, `slurm`, `show-data`, `list`,
 * `doctor` and `config`, as {@link runCli} (a function that returns the exit code, so scripts and tests run it
 * in-process) and as the `lrlab` bin this package installs.
 *
 * @packageDocumentation
 * @module @lrlab/cli
 */
export { renderSbatch } from './slurm/sbatch';
export type { SlurmOptions, SbatchPlan } from './slurm/sbatch';
export { trainConvSmoke } from './doctor/conv-smoke';
export type { ConvSmokeOptions, ConvSmokeResult } from './doctor/conv-smoke';
export { runCli } from './run-cli';
export type { CliIo } from './cli-io';
