/**
 * Views of a dataset: the examples of some groups, an index subset, the first n per class, a seeded
 * random subset, and the concatenation of datasets. Each returns a new immutable
 * {@link LabeledDataset} holding copies of the selected rows (a model trained on the A-only examples
 * alone sees only those rows).
 */
import { ConfigError, Prng, checkInteger, checkSeed, deriveSeed, shuffleInPlace, type GroupTag, type Seed } from '@lrlab/core';
import { checkDataset, createDataset, type LabeledDataset } from './dataset';

/**
 * Copies the examples at `indices`, in that order, into a new dataset.
 *
 * @param dataset - the source
 * @param indices - indices into `dataset`, each in [0, size); repeats are allowed
 * @param name - the new dataset's name; default `<name>/subset`
 * @returns the subset
 * @throws ConfigError for a dataset that is not one, indices that are not an array, or an index outside [0, size)
 * @example
 * ```ts
 * const firstTen = subsetIndices(train, Int32Array.from({ length: 10 }, (_, i) => i));
 * ```
 */
export function subsetIndices(dataset: LabeledDataset, indices: ArrayLike<number>, name?: string): LabeledDataset {
  checkDataset('dataset', dataset);
  checkIndices(indices);
  if (name !== undefined && typeof name !== 'string') throw new ConfigError('name', name, 'a string');
  return copyRows(dataset, indices, name ?? `${dataset.name}/subset`);
}

function checkIndices(indices: unknown): void {
  if (!ArrayBuffer.isView(indices) && !Array.isArray(indices)) throw new ConfigError('indices', indices, 'an array or typed array of indices');
}

/** subsetIndices without the argument checks, for callers that made the indices themselves. */
function copyRows(dataset: LabeledDataset, indices: ArrayLike<number>, name: string): LabeledDataset {
  const n = indices.length;
  const width = dataset.exampleSize;
  const features = new Float32Array(n * width);
  const labels = new Int32Array(n);
  const groups = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    const i = indices[k]!;
    if (!Number.isInteger(i) || i < 0 || i >= dataset.size) {
      throw new ConfigError(`indices[${k}]`, i, `an integer index in [0, ${dataset.size}) into ${dataset.name}`);
    }
    features.set(dataset.features.subarray(i * width, (i + 1) * width), k * width);
    labels[k] = dataset.labels[i]!;
    groups[k] = dataset.groups[i]!;
  }
  return createDataset({ ...dataset, name, features, labels, groups });
}

/**
 * Keeps the examples whose group is one of `groups`, in their original order; group names and
 * indices are unchanged, so per-group metrics still read the same names.
 *
 * @param dataset - the source
 * @param groups - the group names to keep, each one of `dataset.groupNames`
 * @returns the examples of those groups
 * @throws ConfigError for a dataset that is not one, groups that are not an array, or a group name
 *   the dataset does not have
 * @example
 * ```ts
 * const aOnly = selectGroups(train, ['a-only']);
 * ```
 */
export function selectGroups(dataset: LabeledDataset, groups: readonly GroupTag[]): LabeledDataset {
  checkDataset('dataset', dataset);
  const given: unknown = groups;
  if (!Array.isArray(given)) throw new ConfigError('groups', groups, `an array of group names (of ${dataset.groupNames.map((g) => JSON.stringify(g)).join(', ')})`);
  const wanted = new Set<number>();
  groups.forEach((group, k) => {
    const index = dataset.groupNames.indexOf(group);
    if (index < 0) {
      throw new ConfigError(`groups[${k}]`, group, `one of ${dataset.groupNames.map((g) => JSON.stringify(g)).join(', ')}`);
    }
    wanted.add(index);
  });
  const indices: number[] = [];
  for (let i = 0; i < dataset.size; i++) if (wanted.has(dataset.groups[i]!)) indices.push(i);
  return copyRows(dataset, indices, `${dataset.name}[${groups.join('+')}]`);
}

/**
 * Indices of the first `perClass` examples of each class, in dataset order.
 *
 * @param labels - the labels
 * @param numClasses - the number of classes
 * @param perClass - how many of each class to keep
 * @param field - the option's name for error messages
 * @returns sorted indices, `perClass × numClasses` of them
 * @throws ConfigError when a class has fewer than `perClass` examples
 */
export function firstPerClassIndices(labels: Int32Array, numClasses: number, perClass: number, field = 'perClass'): Int32Array {
  checkLabels(labels, numClasses);
  checkInteger(field, perClass, { min: 1 });
  const taken = new Array<number>(numClasses).fill(0);
  const out: number[] = [];
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    if (taken[label]! < perClass) {
      taken[label]! += 1;
      out.push(i);
    }
  }
  checkEnough(taken, perClass, field);
  return Int32Array.from(out);
}

/**
 * Indices of `perClass` examples of each class drawn at random without replacement, sorted.
 *
 * @param labels - the labels
 * @param numClasses - the number of classes
 * @param perClass - how many of each class to keep
 * @param seed - the seed of the draw
 * @param field - the option's name for error messages
 * @returns sorted indices, `perClass × numClasses` of them
 * @throws ConfigError when a class has fewer than `perClass` examples
 */
export function seededPerClassIndices(
  labels: Int32Array,
  numClasses: number,
  perClass: number,
  seed: Seed,
  field = 'perClass',
): Int32Array {
  checkLabels(labels, numClasses);
  checkInteger(field, perClass, { min: 1 });
  checkSeed('seed', seed);
  const byClass: number[][] = Array.from({ length: numClasses }, () => []);
  for (let i = 0; i < labels.length; i++) byClass[labels[i]!]!.push(i);
  checkEnough(
    byClass.map((members) => members.length),
    perClass,
    field,
  );
  const out: number[] = [];
  byClass.forEach((members, label) => {
    const rng = Prng.fromSeed(deriveSeed(seed, 'subset/per-class', label));
    out.push(...shuffleInPlace(rng, members).slice(0, perClass));
  });
  return Int32Array.from(out.sort((a, b) => a - b));
}

function checkLabels(labels: Int32Array, numClasses: number): void {
  if (!(labels instanceof Int32Array)) throw new ConfigError('labels', labels, 'an Int32Array of class labels');
  checkInteger('numClasses', numClasses, { min: 1 });
}

function checkEnough(available: readonly number[], perClass: number, field: string): void {
  available.forEach((count, label) => {
    if (count < perClass) {
      throw new ConfigError(field, perClass, `at most ${count}, the number of examples of class ${label}`);
    }
  });
}

/**
 * The first `perClass` examples of each class, in dataset order (the usual deterministic subset,
 * e.g. 1000 per class for a 10k-image run).
 *
 * @param dataset - the source
 * @param perClass - how many of each class to keep
 * @returns the subset
 * @throws ConfigError when a class has fewer than `perClass` examples
 */
export function firstPerClass(dataset: LabeledDataset, perClass: number): LabeledDataset {
  checkDataset('dataset', dataset);
  const indices = firstPerClassIndices(dataset.labels, dataset.numClasses, perClass);
  return copyRows(dataset, indices, `${dataset.name}/first-${perClass}-per-class`);
}

/**
 * `perClass` random examples of each class (class-balanced), drawn from `seed`, kept in dataset order.
 *
 * @param dataset - the source
 * @param perClass - how many of each class to keep
 * @param seed - the seed of the draw
 * @returns the subset
 */
export function seededPerClass(dataset: LabeledDataset, perClass: number, seed: Seed): LabeledDataset {
  checkDataset('dataset', dataset);
  const indices = seededPerClassIndices(dataset.labels, dataset.numClasses, perClass, seed);
  return copyRows(dataset, indices, `${dataset.name}/seeded-${perClass}-per-class`);
}

/**
 * `size` examples drawn uniformly without replacement from `seed`, kept in dataset order.
 *
 * @param dataset - the source
 * @param size - how many examples to keep, at most `dataset.size`
 * @param seed - the seed of the draw
 * @returns the subset
 */
export function seededSubset(dataset: LabeledDataset, size: number, seed: Seed): LabeledDataset {
  checkDataset('dataset', dataset);
  checkInteger('size', size, { min: 1, max: dataset.size });
  checkSeed('seed', seed);
  const order = shuffleInPlace(Prng.fromSeed(deriveSeed(seed, 'subset/uniform')), Int32Array.from({ length: dataset.size }, (_, i) => i));
  const indices = order.slice(0, size).sort();
  return copyRows(dataset, indices, `${dataset.name}/seeded-${size}`);
}

/**
 * Concatenates datasets of the same example shape and class count. Group names are merged in order
 * of first appearance, so `concatDatasets(name, [aOnlyTest, bOnlyTest, bothTest])` is one test set
 * whose examples keep their groups.
 *
 * @param name - the new dataset's name
 * @param datasets - at least one dataset
 * @returns the concatenation
 * @throws ConfigError for a name that is not a string (the name comes first), datasets that are not
 *   an array of datasets, none, or datasets whose shapes or class counts differ
 * @example
 * ```ts
 * const test = concatDatasets('synthetic/test', [tests['a-only'], tests['b-only'], tests.both]);
 * ```
 */
export function concatDatasets(name: string, datasets: readonly LabeledDataset[]): LabeledDataset {
  if (typeof name !== 'string') {
    throw new ConfigError('name', name, "a string, the new dataset's name", 'Call concatDatasets(name, [dataset, ...]): the name comes first.');
  }
  const given: unknown = datasets;
  if (!Array.isArray(given)) throw new ConfigError('datasets', given, 'an array of datasets', 'Call concatDatasets(name, [dataset, ...]).');
  datasets.forEach((ds, i) => checkDataset(`datasets[${i}]`, ds));
  const first = datasets[0];
  if (first === undefined) throw new ConfigError('datasets', datasets, 'at least one dataset');
  const groupNames: GroupTag[] = [];
  let size = 0;
  for (const ds of datasets) {
    if (ds.exampleShape.join('x') !== first.exampleShape.join('x') || ds.numClasses !== first.numClasses) {
      throw new ConfigError(
        `datasets (${ds.name})`,
        { exampleShape: ds.exampleShape, numClasses: ds.numClasses },
        `exampleShape [${first.exampleShape.join(', ')}] and ${first.numClasses} classes, as ${first.name}`,
      );
    }
    for (const g of ds.groupNames) if (!groupNames.includes(g)) groupNames.push(g);
    size += ds.size;
  }
  const features = new Float32Array(size * first.exampleSize);
  const labels = new Int32Array(size);
  const groups = new Uint8Array(size);
  let offset = 0;
  for (const ds of datasets) {
    features.set(ds.features, offset * first.exampleSize);
    labels.set(ds.labels, offset);
    const remap = ds.groupNames.map((g) => groupNames.indexOf(g));
    for (let i = 0; i < ds.size; i++) groups[offset + i] = remap[ds.groups[i]!]!;
    offset += ds.size;
  }
  return createDataset({ ...first, name, features, labels, groups, groupNames });
}
