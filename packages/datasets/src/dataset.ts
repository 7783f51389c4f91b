/**
 * The in-memory labelled dataset every other part of this package produces and consumes: features
 * as one row-major Float32Array (NHWC for images), integer labels, and a group tag per example.
 */
import { ConfigError, checkInteger, type GroupTag } from '@lrlab/core';
import { objectOf } from './checks';

/**
 * An immutable labelled dataset held in memory.
 *
 * Example `i` occupies `features[i * exampleSize .. (i + 1) * exampleSize)`, laid out by
 * `exampleShape` (`[d]` for vectors, `[height, width, channels]` for images). Its group is
 * `groupNames[groups[i]]`: which patterns it carries (`a-only`, `b-only`, `both` for the synthetic
 * data; `clean` for plain images, see {@link PATCH_GROUPS}).
 */
export interface LabeledDataset {
  /** A short name for messages and run records, e.g. `cifar10/train`. */
  readonly name: string;
  /** Features of all examples, row-major, `size * exampleSize` values. */
  readonly features: Float32Array;
  /** Shape of one example, e.g. `[2002]` or `[32, 32, 3]`. */
  readonly exampleShape: readonly number[];
  /** Number of values per example (the product of `exampleShape`). */
  readonly exampleSize: number;
  /** Class label of each example, in [0, numClasses). */
  readonly labels: Int32Array;
  /** Group of each example, as an index into `groupNames`. */
  readonly groups: Uint8Array;
  /** Names of the groups that `groups` indexes. */
  readonly groupNames: readonly GroupTag[];
  /** Number of classes (labels lie in [0, numClasses)). */
  readonly numClasses: number;
  /** Number of examples. */
  readonly size: number;
  /** Readable class names, when known (`numClasses` of them). */
  readonly classNames?: readonly string[];
}

/** What {@link createDataset} needs; `size` and `exampleSize` are derived and checked. */
export interface DatasetParts {
  /** See {@link LabeledDataset.name}. */
  readonly name: string;
  /** See {@link LabeledDataset.features}. */
  readonly features: Float32Array;
  /** See {@link LabeledDataset.exampleShape}. */
  readonly exampleShape: readonly number[];
  /** See {@link LabeledDataset.labels}. */
  readonly labels: Int32Array;
  /** See {@link LabeledDataset.groups}; default: every example in group 0. */
  readonly groups?: Uint8Array;
  /** See {@link LabeledDataset.groupNames}; default `['clean']`. */
  readonly groupNames?: readonly GroupTag[];
  /** See {@link LabeledDataset.numClasses}. */
  readonly numClasses: number;
  /** See {@link LabeledDataset.classNames}. */
  readonly classNames?: readonly string[];
}

/** The group name of examples that carry no added pattern: the first of core's `PATCH_GROUPS`. */
export const CLEAN_GROUP = 'clean';

/**
 * Number of values in one example of the given shape.
 *
 * @param shape - the per-example shape
 * @returns the product of its dimensions
 */
export function sizeOfShape(shape: readonly number[]): number {
  if (!Array.isArray(shape)) throw new ConfigError('exampleShape', shape, 'an array of positive integer dimensions');
  return shape.reduce((size, dim, i) => size * checkInteger(`exampleShape[${i}]`, dim, { min: 1 }), 1);
}

/**
 * Checks that an argument is a {@link LabeledDataset} (as {@link createDataset} makes): the
 * arrays of the right types and lengths. It reads no example, so it costs nothing per example.
 *
 * @param field - the argument's name, for errors
 * @param value - the value
 * @returns the dataset
 * @throws ConfigError naming the argument and the first thing wrong with it
 * @example
 * ```ts
 * checkDataset('dataset', { name: 'x' }); // ConfigError: Invalid dataset.features: expected a Float32Array ...
 * ```
 */
export function checkDataset(field: string, value: unknown): LabeledDataset {
  const ds = objectOf(value, field, 'a LabeledDataset (from createDataset, a reader or a view)');
  const hint = 'Pass a LabeledDataset: make one with createDataset, a reader (readCifar10, readFashionMnist) or a view.';
  const wrong = (name: string, expected: string): ConfigError => new ConfigError(`${field}.${name}`, ds[name], expected, hint);
  const { features, labels, groups, exampleShape } = ds;
  if (typeof ds['name'] !== 'string') throw wrong('name', 'a string');
  if (!(features instanceof Float32Array)) throw wrong('features', 'a Float32Array');
  if (!(labels instanceof Int32Array)) throw wrong('labels', 'an Int32Array');
  if (!(groups instanceof Uint8Array)) throw wrong('groups', 'a Uint8Array');
  if (!Array.isArray(ds['groupNames'])) throw wrong('groupNames', 'an array of group names');
  if (!Array.isArray(exampleShape)) throw wrong('exampleShape', 'an array of dimensions');
  const size = labels.length;
  if (ds['size'] !== size || groups.length !== size) throw wrong('size', `the number of labels and groups (${size})`);
  const exampleSize = sizeOfShape(exampleShape);
  if (ds['exampleSize'] !== exampleSize) throw wrong('exampleSize', `the product of exampleShape (${exampleSize})`);
  if (features.length !== size * exampleSize) throw wrong('features', `${size} × ${exampleSize} values`);
  const numClasses = ds['numClasses'];
  if (typeof numClasses !== 'number' || !Number.isInteger(numClasses) || numClasses < 1) throw wrong('numClasses', 'a positive integer');
  // Every field a LabeledDataset has is checked above.
  return value as LabeledDataset;
}

/**
 * Checks the parts of a dataset against each other and freezes them into a {@link LabeledDataset}.
 * The arrays are taken over, not copied: do not modify them afterwards.
 *
 * @param parts - features, shape, labels, groups and class count
 * @returns the dataset
 * @throws ConfigError when lengths disagree, a label lies outside [0, numClasses) or a group
 *   index outside `groupNames`
 * @example
 * ```ts
 * const ds = createDataset({
 *   name: 'toy', features: new Float32Array([0, 1, 2, 3]), exampleShape: [2],
 *   labels: new Int32Array([0, 1]), numClasses: 2,
 * });
 * ds.size; // 2
 * ```
 */
export function createDataset(parts: DatasetParts): LabeledDataset {
  objectOf(parts, 'parts', '{ name, features, exampleShape, labels, numClasses, groups?, groupNames? }');
  if (typeof parts.name !== 'string') throw new ConfigError('parts.name', parts.name, 'a string');
  if (!(parts.features instanceof Float32Array)) throw new ConfigError(`${parts.name}.features`, parts.features, 'a Float32Array');
  if (!(parts.labels instanceof Int32Array)) throw new ConfigError(`${parts.name}.labels`, parts.labels, 'an Int32Array');
  if (parts.groups !== undefined && !(parts.groups instanceof Uint8Array)) throw new ConfigError(`${parts.name}.groups`, parts.groups, 'a Uint8Array');
  if (parts.groupNames !== undefined && !Array.isArray(parts.groupNames)) throw new ConfigError(`${parts.name}.groupNames`, parts.groupNames, 'an array of group names');
  if (!Array.isArray(parts.exampleShape)) throw new ConfigError(`${parts.name}.exampleShape`, parts.exampleShape, 'an array of dimensions');
  const exampleShape = Object.freeze([...parts.exampleShape]);
  const exampleSize = sizeOfShape(exampleShape);
  const numClasses = checkInteger(`${parts.name}.numClasses`, parts.numClasses, { min: 1 });
  const size = parts.labels.length;
  if (parts.features.length !== size * exampleSize) {
    throw new ConfigError(
      `${parts.name}.features.length`,
      parts.features.length,
      `labels.length × exampleSize = ${size} × ${exampleSize} = ${size * exampleSize}`,
      'Give exactly one label per example and one exampleShape-sized row of features per example.',
    );
  }
  const groupNames = Object.freeze([...(parts.groupNames ?? [CLEAN_GROUP])]);
  const groups = parts.groups ?? new Uint8Array(size);
  if (groups.length !== size) {
    throw new ConfigError(`${parts.name}.groups.length`, groups.length, `one group per example (${size})`);
  }
  for (let i = 0; i < size; i++) {
    const label = parts.labels[i]!;
    if (label < 0 || label >= numClasses) {
      throw new ConfigError(`${parts.name}.labels[${i}]`, label, `an integer in [0, ${numClasses})`);
    }
    if (groups[i]! >= groupNames.length) {
      throw new ConfigError(`${parts.name}.groups[${i}]`, groups[i], `an index into groupNames (< ${groupNames.length})`);
    }
  }
  if (parts.classNames !== undefined && parts.classNames.length !== numClasses) {
    throw new ConfigError(`${parts.name}.classNames`, parts.classNames, `${numClasses} names, one per class`);
  }
  return Object.freeze({
    name: parts.name,
    features: parts.features,
    exampleShape,
    exampleSize,
    labels: parts.labels,
    groups,
    groupNames,
    numClasses,
    size,
    ...(parts.classNames === undefined ? {} : { classNames: Object.freeze([...parts.classNames]) }),
  });
}

/**
 * Counts the examples of each group.
 *
 * @param dataset - any dataset (or batch-like object with `groups` and `groupNames`)
 * @returns the count per group name, every name present (0 when empty)
 */
export function groupCounts(dataset: Pick<LabeledDataset, 'groups' | 'groupNames'>): Record<GroupTag, number> {
  const d = objectOf(dataset, 'dataset', 'a dataset or batch with groups and groupNames');
  if (!(d['groups'] instanceof Uint8Array)) throw new ConfigError('dataset.groups', d['groups'], 'a Uint8Array');
  if (!Array.isArray(d['groupNames'])) throw new ConfigError('dataset.groupNames', d['groupNames'], 'an array of group names');
  const counts: Record<string, number> = {};
  for (const name of dataset.groupNames) counts[name] = 0;
  for (const g of dataset.groups) {
    const name = dataset.groupNames[g]!;
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}

/**
 * Counts the examples of each class.
 *
 * @param labels - the labels
 * @param numClasses - how many classes there are
 * @returns an array of `numClasses` counts
 */
export function classCounts(labels: Int32Array, numClasses: number): number[] {
  if (!(labels instanceof Int32Array)) throw new ConfigError('labels', labels, 'an Int32Array');
  checkInteger('numClasses', numClasses, { min: 1 });
  const counts = new Array<number>(numClasses).fill(0);
  for (const label of labels) counts[label] = (counts[label] ?? 0) + 1;
  return counts;
}
