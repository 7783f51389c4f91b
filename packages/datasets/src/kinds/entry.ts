/**
 * The shape of a dataset kind: core's registry entry (`description`, `fields`, `resolve`, `build`)
 * plus the facts a study needs before any data exist — the example shape, the class count, the
 * eval-set and group names, the training set's size — and a cheap check of the data files. A
 * run reads these from the config alone, so it builds its dataset once.
 */
import type { GroupTag, KindConfig, KindEntry, Registry, Seed } from '@lrlab/core';
import type { TrainStream } from '../batching';
import type { LabeledDataset } from '../dataset';
import type { ProgressCallback } from '../fetch/http-download';
import type { NormalizationStats } from '../transforms/normalize';
import type { PatchMixture } from '../transforms/patch-mixture';

/** What building a dataset needs besides its config: the seed and the batching of the run. */
export interface DatasetBuildContext {
  /** The run's data seed; every draw (data, subset, augmentation, patch, batch order) derives from it. */
  readonly seed: Seed;
  /** Examples per training batch. */
  readonly batchSize: number;
  /** Drop the last partial batch of each epoch. */
  readonly dropLast: boolean;
  /** Download progress (CIFAR-10 with `download: true`). */
  readonly onProgress?: ProgressCallback;
}

/** What a dataset kind builds: a training stream and named evaluation sets. */
export interface BuiltData {
  /** The training batches, a pure function of (seed, epoch, batchIndex). */
  readonly train: TrainStream;
  /**
   * Fixed evaluation sets by name. `synthetic`: `train` (the training set itself, for per-group
   * train accuracy) and `test` (the per-group test sets, tagged). Images without a patch: `test`.
   * Images with a patch: `clean`, `mixed` and `patch-only` (SPEC §2).
   */
  readonly evalSets: Readonly<Record<string, LabeledDataset>>;
  /** Number of classes. */
  readonly numClasses: number;
  /** Shape of one example. */
  readonly exampleShape: readonly number[];
  /** The normalization of image data (for previews); absent for synthetic data. */
  readonly normalization?: NormalizationStats;
  /** The patch mixture, when the config has one (its z, ζ and eval-set builders). */
  readonly patchMixture?: PatchMixture;
  /**
   * The eval sets that have other draws, by name: `draw(n)` is draw n of the set, a pure function
   * of the seed and n, and draw 0 is the set in {@link evalSets}. A run with `evaluation.redraw`
   * evaluates draw s at step s. Images with a patch: `mixed` and `patch-only` (the same images and
   * labels, each patch drawn again); absent or empty where every set is fixed.
   */
  readonly evalSetDraws?: Readonly<Record<string, (draw: number) => LabeledDataset>>;
}

/**
 * One dataset kind: a registry entry whose `build(resolved, context)` makes the data, with the
 * facts a study reads from the resolved config without building anything.
 *
 * Facts are pure functions of the resolved config, except that `trainGroupSizes` and
 * `checkFiles` may read the headers (never the bulk) of data files. `build` must agree with them;
 * `buildDataset` checks that it does.
 *
 * @typeParam Config - the kind's JSON config (with `kind`), declared once
 * @typeParam Resolved - the config with every default filled in (what a run saves)
 * @example
 * ```ts
 * // A user's kind (the package README and a test have the same): vectors of zeros and ones.
 * const constant: DatasetKindEntry<{ kind: 'constant'; size?: number }, { kind: 'constant'; size: number }> = {
 *   description: 'vectors of width 4, all zeros (class 0) or all ones (class 1), in turn',
 *   fields: { size: 'examples in the training set, at least 2; default 8' },
 *   resolve: (config, path) => ({ kind: 'constant', size: checkInteger(`${path}.size`, config.size ?? 8, { min: 2 }) }),
 *   exampleShape: () => [4],
 *   numClasses: () => 2,
 *   evalSetNames: () => ['test'],
 *   trainGroupSizes: (config) => ({ clean: config.size }),
 *   build: async (config, context) => {
 *     const labels = Int32Array.from({ length: config.size }, (_, i) => i % 2);
 *     const features = Float32Array.from({ length: config.size * 4 }, (_, k) => labels[Math.floor(k / 4)]!);
 *     const train = createDataset({ name: 'constant', features, exampleShape: [4], labels, numClasses: 2 });
 *     const stream = trainStream(train, { batchSize: context.batchSize, dropLast: context.dropLast, seed: context.seed });
 *     return { train: stream, evalSets: { test: train }, numClasses: 2, exampleShape: [4] };
 *   },
 * };
 * const registry = withKinds<DatasetKindEntry>(DATASETS, { constant }, 'dataset kind');
 * await buildDataset({ kind: 'constant', size: 6, batchSize: 4 }, 1, {}, registry);
 * ```
 */
export interface DatasetKindEntry<Config extends KindConfig = KindConfig, Resolved extends KindConfig = Config>
  extends KindEntry<Config, Resolved, Promise<BuiltData>, DatasetBuildContext> {
  /**
   * Examples per batch when a `buildDataset` config gives no `batchSize`; without it such a config
   * must set `batchSize`. (A study's batch size is its `training.batchSize`.)
   */
  readonly defaultBatchSize?: number;
  /**
   * The shape of one example.
   *
   * @param config - the resolved config
   * @returns e.g. `[2002]` or `[32, 32, 3]`
   */
  exampleShape(config: Resolved): readonly number[];
  /**
   * The number of classes.
   *
   * @param config - the resolved config
   * @returns labels lie in [0, numClasses)
   */
  numClasses(config: Resolved): number;
  /**
   * The names of the evaluation sets `build` returns, in order.
   *
   * @param config - the resolved config
   * @returns e.g. `['train', 'test']`, or `['clean', 'mixed', 'patch-only']` with a patch
   */
  evalSetNames(config: Resolved): readonly string[];
  /**
   * The training set's examples per group, before any transform, every group of its
   * `groupNames` in order (also those with none): what a study's `training.groups` selects from
   * and how many training examples there are. May read data files' headers, never their data.
   *
   * @param config - the resolved config
   * @returns group name → count
   * @throws DataError when a file it reads is missing or malformed (as `build` would)
   */
  trainGroupSizes(config: Resolved): Readonly<Record<string, number>>;
  /**
   * The groups training batches are tagged with, when a transform retags them (the patch mixture
   * tags `clean`, `image+patch`, `patch-only`); default the training set's groups.
   *
   * @param config - the resolved config
   * @returns group names, in order
   */
  batchGroupNames?(config: Resolved): readonly GroupTag[];
  /**
   * Checks that the data files exist and have the right format and size, reading headers and
   * sizes only: it throws what `build` would throw for a missing or corrupt file, without building
   * the data. Absent for kinds without files.
   *
   * @param config - the resolved config
   * @param path - the config's path, for errors (`data`)
   * @throws DataError naming the file, what was expected and how to get it; ConfigError naming
   *   the field for a config the files cannot satisfy (a subset larger than a class)
   */
  checkFiles?(config: Resolved, path: string): void;
}

/** A registry of dataset kinds: kind name → entry (see `DATASETS`, and core's `withKinds`). */
export type DatasetRegistry = Registry<DatasetKindEntry>;
