/** Slices a study's run list so n machines (or Slurm array tasks) can share it. */
import { ConfigError } from '@lrlab/core';
import type { StudyRun } from './types';

/** The k-th of n slices, 1-based: `{ index: 2, count: 4 }` is `--shard 2/4`. */
export interface Shard {
  /** Which slice, 1 ≤ index ≤ count. */
  readonly index: number;
  /** How many slices. */
  readonly count: number;
}

/**
 * Parses `k/n`.
 *
 * @param text - e.g. `2/4`
 * @returns the shard
 * @throws ConfigError unless 1 ≤ k ≤ n
 */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || count < 1 || index < 1 || index > count) {
    throw new ConfigError('--shard', text, 'k/n with 1 ≤ k ≤ n, e.g. 2/4', 'Pass --shard k/n to run the k-th of n slices of the study.');
  }
  return { index, count };
}

/**
 * The runs of one slice: run i (in the study's stable order) belongs to slice (i mod n) + 1, so
 * slices stay balanced across methods and seeds and a run's slice never depends on others.
 *
 * @typeParam Run - the runs' type (checked or not)
 * @param runs - the expanded study
 * @param shard - which slice
 * @returns the runs of that slice, in order
 */
export function shardRuns<Run extends StudyRun>(runs: readonly Run[], shard: Shard): Run[] {
  return runs.filter((_, i) => i % shard.count === shard.index - 1);
}
