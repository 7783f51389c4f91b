/**
 * Batches on the host. A training batch is a pure function of (seed, epoch, batchIndex): each epoch
 * visits the examples in a seeded permutation, and per-example transforms (augmentation, the patch
 * mixture) are seeded by (epoch, index), so a run resumed mid-epoch draws exactly the batches an
 * uninterrupted one would. Evaluation batches visit a fixed dataset in order.
 */
import { ConfigError, Prng, checkInteger, checkSeed, deriveSeed, permutation, type GroupTag, type HostBatch, type Seed } from '@lrlab/core';
import { checkBoolean, isRecord, objectOf, optionsOf } from './checks';
import { checkDataset, type LabeledDataset } from './dataset';
import type { ExampleTransform } from './transforms/transform';

/** Options of {@link trainStream}. */
export interface TrainStreamOptions {
  /** Examples per batch. */
  readonly batchSize: number;
  /** The seed of the per-epoch shuffles (`deriveSeed(seed, 'shuffle', epoch)`). */
  readonly seed: Seed;
  /** Drop the last, partial batch of each epoch; default false. */
  readonly dropLast?: boolean;
  /** Visit examples in dataset order instead of a seeded permutation; default true. */
  readonly shuffle?: boolean;
  /** Per-example transforms, applied in order (augmentation before the patch mixture). */
  readonly transforms?: readonly ExampleTransform[];
}

/** A source of training batches, indexed by (epoch, batchIndex). */
export interface TrainStream {
  /** The dataset the batches are drawn from (untransformed). */
  readonly dataset: LabeledDataset;
  /** Examples per (full) batch. */
  readonly batchSize: number;
  /** Batches per epoch: ⌈size / batchSize⌉, or ⌊size / batchSize⌋ with `dropLast`. */
  readonly batchesPerEpoch: number;
  /** Examples visited per epoch. */
  readonly examplesPerEpoch: number;
  /** Whether the last partial batch is dropped. */
  readonly dropLast: boolean;
  /** The group names that batches' `groups` index (a group-assigning transform's, else the dataset's). */
  readonly groupNames: readonly GroupTag[];
  /** Shape of one example. */
  readonly exampleShape: readonly number[];
  /**
   * The order in which an epoch visits the dataset.
   *
   * @param epoch - a 0-based epoch
   * @returns dataset indices, a permutation of 0..size−1 (a copy)
   */
  epochOrder(epoch: number): Int32Array;
  /**
   * One training batch, with every transform applied.
   *
   * @param epoch - a 0-based epoch
   * @param batchIndex - in [0, batchesPerEpoch)
   * @returns a new host batch (the caller owns its arrays)
   */
  batch(epoch: number, batchIndex: number): HostBatch;
  /**
   * The same stream with another shuffle seed: the same examples, batch size, `dropLast` and
   * transforms, visited in another order. A transform's draw for an example in an epoch (a patch,
   * a crop) stays the one this stream makes for it: only the order and the batches change. For
   * passes that must not touch training's batches, e.g. re-estimating batch-norm statistics.
   *
   * @param seed - the shuffle seed of the new stream
   * @returns the new stream
   */
  reseeded(seed: Seed): TrainStream;
}

/**
 * Makes the training stream of a dataset.
 *
 * @param dataset - the training set
 * @param options - batch size, seed, dropLast, shuffle and transforms
 * @returns the stream
 * @throws ConfigError for a dataset that is not one, options that are not an object, a bad batch
 *   size, seed or flag, a transform that is not one, more than one group-assigning transform, or a
 *   transform made for another example shape; `batch` throws it for an epoch or batch index out of range
 * @example
 * ```ts
 * const stream = trainStream(train, { batchSize: 50, seed: deriveSeed(seed, 'batches') });
 * for (let b = 0; b < stream.batchesPerEpoch; b++) {
 *   const batch = stream.batch(epoch, b); // the same arrays for the same (seed, epoch, b)
 * }
 * ```
 */
export function trainStream(dataset: LabeledDataset, options: TrainStreamOptions): TrainStream {
  checkDataset('dataset', dataset);
  objectOf(options, 'options', '{ batchSize, seed, dropLast?, shuffle?, transforms? }');
  const batchSize = checkInteger('batchSize', options.batchSize, { min: 1 });
  const seed = checkSeed('seed', options.seed);
  const dropLast = checkBoolean('dropLast', options.dropLast ?? false);
  const shuffle = checkBoolean('shuffle', options.shuffle ?? true);
  const transforms = checkTransforms(options.transforms ?? []);
  const tagging = transforms.filter((t) => t.groupNames !== undefined);
  if (tagging.length > 1) {
    throw new ConfigError('transforms', transforms.map((t) => t.name), 'at most one transform that assigns groups');
  }
  transforms.forEach((t, i) => {
    if (t.exampleShape.join('x') !== dataset.exampleShape.join('x')) {
      throw new ConfigError(`transforms[${i}] (${t.name})`, t.exampleShape, `a transform for examples of shape [${dataset.exampleShape.join(', ')}]`);
    }
  });
  const groupNames = tagging[0]?.groupNames ?? dataset.groupNames;
  const batchesPerEpoch = dropLast ? Math.floor(dataset.size / batchSize) : Math.ceil(dataset.size / batchSize);
  if (batchesPerEpoch === 0) {
    throw new ConfigError('batchSize', batchSize, `at most the dataset size (${dataset.size}) when dropLast is set`);
  }
  const examplesPerEpoch = dropLast ? batchesPerEpoch * batchSize : dataset.size;

  // The last epoch's permutation is kept: batches of one epoch are usually asked for in a row.
  let cached: { epoch: number; order: Int32Array } | undefined;
  const order = (epoch: number): Int32Array => {
    checkInteger('epoch', epoch, { min: 0 });
    if (cached?.epoch !== epoch) {
      const next = shuffle
        ? permutation(Prng.fromSeed(deriveSeed(seed, 'shuffle', epoch)), dataset.size)
        : Int32Array.from({ length: dataset.size }, (_, i) => i);
      cached = { epoch, order: next };
    }
    return cached.order;
  };

  const batch = (epoch: number, batchIndex: number): HostBatch => {
    checkInteger('batchIndex', batchIndex, { min: 0, max: batchesPerEpoch - 1 });
    const start = batchIndex * batchSize;
    const indices = order(epoch).slice(start, Math.min(start + batchSize, dataset.size));
    return gather(dataset, indices, epoch, transforms, groupNames);
  };

  return Object.freeze({
    dataset,
    batchSize,
    batchesPerEpoch,
    examplesPerEpoch,
    dropLast,
    groupNames,
    exampleShape: dataset.exampleShape,
    epochOrder: (epoch: number) => order(epoch).slice(),
    batch,
    reseeded: (next: Seed) => trainStream(dataset, { batchSize, seed: next, dropLast, shuffle, transforms }),
  });
}

/** Checks a list of transforms: objects with a name, an example shape and `apply`. */
function checkTransforms(value: unknown): ExampleTransform[] {
  if (!Array.isArray(value)) throw new ConfigError('transforms', value, 'an array of example transforms');
  return value.map((t: unknown, i) => {
    if (!isTransform(t)) throw new ConfigError(`transforms[${i}]`, t, 'an example transform { name, exampleShape, apply(example, context) }');
    return t;
  });
}

function isTransform(value: unknown): value is ExampleTransform {
  return isRecord(value) && typeof value['name'] === 'string' && Array.isArray(value['exampleShape']) && typeof value['apply'] === 'function';
}

/** Options of {@link gatherBatch}. */
export interface GatherOptions {
  /** The epoch passed to transforms; default 0. */
  readonly epoch?: number;
  /** Transforms to apply to each gathered example, in order. */
  readonly transforms?: readonly ExampleTransform[];
  /** The group names the batch reports; default the dataset's (pass a tagging transform's). */
  readonly groupNames?: readonly GroupTag[];
}

/**
 * Copies the examples at `indices` into a {@link HostBatch}, applying transforms.
 *
 * @param dataset - the source
 * @param indices - dataset indices, in batch order
 * @param options - epoch, transforms and group names
 * @returns the batch
 * @throws ConfigError for a dataset that is not one, indices that are not an Int32Array of indices
 *   into it, or bad options
 */
export function gatherBatch(dataset: LabeledDataset, indices: Int32Array, options: GatherOptions = {}): HostBatch {
  checkDataset('dataset', dataset);
  if (!(indices instanceof Int32Array)) throw new ConfigError('indices', indices, 'an Int32Array of dataset indices');
  const o = optionsOf('options', options, '{ epoch?, transforms?, groupNames? }');
  const epoch = checkInteger('epoch', o['epoch'] ?? 0, { min: 0 });
  indices.forEach((i, k) => {
    if (i < 0 || i >= dataset.size) throw new ConfigError(`indices[${k}]`, i, `an index in [0, ${dataset.size}) into ${dataset.name}`);
  });
  const groupNames = options.groupNames ?? dataset.groupNames;
  if (!Array.isArray(groupNames)) throw new ConfigError('groupNames', groupNames, 'an array of group names');
  return gather(dataset, indices, epoch, checkTransforms(options.transforms ?? []), groupNames);
}

/** gatherBatch without the argument checks (the stream's indices come from its own permutation). */
function gather(dataset: LabeledDataset, indices: Int32Array, epoch: number, transforms: readonly ExampleTransform[], groupNames: readonly GroupTag[]): HostBatch {
  const width = dataset.exampleSize;
  const n = indices.length;
  const features = new Float32Array(n * width);
  const labels = new Int32Array(n);
  const groups = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    const i = indices[k]!;
    const example = features.subarray(k * width, (k + 1) * width);
    example.set(dataset.features.subarray(i * width, (i + 1) * width));
    const label = dataset.labels[i]!;
    labels[k] = label;
    let group = dataset.groups[i]!;
    for (const t of transforms) {
      const assigned = t.apply(example, { epoch, index: i, label });
      if (assigned !== undefined) group = assigned;
    }
    groups[k] = group;
  }
  return {
    features,
    shape: [n, ...dataset.exampleShape],
    labels,
    groups,
    groupNames,
    indices: indices.slice(),
  };
}

/**
 * Batches of a fixed dataset in order, for evaluation: the last batch may be smaller.
 *
 * @param dataset - an evaluation set
 * @param batchSize - examples per batch
 * @returns an iterator of host batches
 * @throws ConfigError, when called (not when iterated), for a dataset that is not one or a bad batch size
 * @example
 * ```ts
 * for (const batch of evalBatches(test, 500)) correct += countCorrect(batch);
 * ```
 */
export function evalBatches(dataset: LabeledDataset, batchSize: number): Generator<HostBatch, void, undefined> {
  // Checked here, not in the generator, so a wrong call throws where it is made.
  checkDataset('dataset', dataset);
  checkInteger('batchSize', batchSize, { min: 1 });
  return inOrder(dataset, batchSize);
}

function* inOrder(dataset: LabeledDataset, batchSize: number): Generator<HostBatch, void, undefined> {
  for (let start = 0; start < dataset.size; start += batchSize) {
    const end = Math.min(start + batchSize, dataset.size);
    yield gather(dataset, Int32Array.from({ length: end - start }, (_, k) => start + k), 0, [], dataset.groupNames);
  }
}
