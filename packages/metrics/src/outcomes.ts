/**
 * The tensor stage of every metric: from a batch's logits, compute each example's margin, loss,
 * rank of the correct class and prediction on the backend, and download them in one transfer.
 * All bookkeeping after this point is plain numbers.
 */
import * as tf from '@tensorflow/tfjs';
import { ConfigError, type GroupTag } from '@lrlab/core';

/**
 * What a metric needs to know about a batch besides the logits: labels and per-example groups,
 * as `HostBatch` from `@lrlab/core` holds them (a `HostBatch` can be passed as is).
 */
export interface LabelledGroups {
  /** Class labels, one per example: 0/1 for a scalar logit, 0..k−1 for k logits. An int32 tensor works too. */
  readonly labels: Int32Array | tf.Tensor;
  /** Group of each example, as an index into `groupNames`. */
  readonly groups: Uint8Array;
  /** Names of the groups that `groups` indexes. */
  readonly groupNames: readonly GroupTag[];
}

/** The loss that matches the logits: logistic for a scalar logit, cross-entropy for k logits. */
export type LossKind = 'logistic' | 'cross-entropy';

/**
 * Per-example outcomes of one batch, on the host. Conventions:
 * - binary (logits [batch] or [batch, 1], f = the logit, y = 2·label − 1): margin = y·f,
 *   loss = log(1 + e^(−y·f)), prediction 1 if f > 0, 0 if f < 0;
 * - k classes (logits [batch, k]): margin = correct logit − the largest other logit,
 *   loss = logsumexp(logits) − correct logit, prediction = the arg-max.
 *
 * Ties count against the model: an example is correct only when its margin is > 0; when the
 * largest logit is shared (f = 0 for a binary logit, as every example is at a zero-output init)
 * the prediction is −1 ("undecided").
 */
export interface ExampleOutcomes {
  /** Number of examples. */
  readonly examples: number;
  /** Number of classes (2 for a scalar logit). */
  readonly classes: number;
  /** The loss `losses` holds. */
  readonly lossKind: LossKind;
  /** The labels, on the host. */
  readonly labels: Int32Array;
  /** Group index of each example. */
  readonly groups: Uint8Array;
  /** Names of the groups that `groups` indexes. */
  readonly groupNames: readonly GroupTag[];
  /** Margin of each example; > 0 exactly when it is classified correctly. */
  readonly margins: Float32Array;
  /** Loss of each example. */
  readonly losses: Float32Array;
  /** Predicted class, or −1 when the largest logit is tied. */
  readonly predictions: Int32Array;
  /**
   * How many other classes have a logit ≥ the correct one: 0 means correct (top-1), and the
   * example is in the top k exactly when rank < k. Ties count against the model.
   */
  readonly ranks: Int32Array;
}

/** Columns of the packed per-example tensor: one download per batch. */
const MARGIN = 0;
const LOSS = 1;
const RANK = 2;
const PREDICTION = 3;
const FINITE = 4;
const COLUMNS = 5;

interface LogitsLayout {
  readonly examples: number;
  readonly classes: number;
  readonly binary: boolean;
}

function layoutOf(logits: tf.Tensor): LogitsLayout {
  if (!(logits instanceof tf.Tensor)) throw new ConfigError('logits', logits, 'a tfjs tensor');
  const [examples, width] = logits.shape;
  if (logits.rank === 1) return { examples: examples!, classes: 2, binary: true };
  if (logits.rank === 2 && width === 1) return { examples: examples!, classes: 2, binary: true };
  if (logits.rank === 2 && width! >= 2) return { examples: examples!, classes: width!, binary: false };
  throw new ConfigError(
    'logits',
    logits.shape,
    'a tensor of shape [batch] or [batch, 1] (one binary logit) or [batch, k] with k ≥ 2 (k class logits)',
  );
}

function checkGroups(batch: LabelledGroups, examples: number): void {
  const { groups, groupNames } = batch;
  if (!(groups instanceof Uint8Array)) throw new ConfigError('groups', groups, 'a Uint8Array of group indices');
  if (groups.length !== examples) {
    throw new ConfigError('groups', `${groups.length} entries`, `one group index per example (${examples})`);
  }
  if (!Array.isArray(groupNames) || groupNames.some((g) => typeof g !== 'string' || g.length === 0)) {
    throw new ConfigError('groupNames', groupNames, 'an array of non-empty group tags');
  }
  for (let i = 0; i < examples; i++) {
    if (groups[i]! >= groupNames.length) {
      throw new ConfigError(`groups[${i}]`, groups[i], `an index into groupNames (< ${groupNames.length})`);
    }
  }
}

function checkLabels(values: ArrayLike<number>, layout: LogitsLayout): Int32Array {
  if (values.length !== layout.examples) {
    throw new ConfigError('labels', `${values.length} labels`, `one label per example (${layout.examples})`);
  }
  const labels = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const label = values[i]!;
    if (!Number.isInteger(label) || label < 0 || label >= layout.classes) {
      const expected = layout.binary ? 'a label 0 or 1 (binary logit)' : `a class index in [0, ${layout.classes - 1}]`;
      throw new ConfigError(`labels[${i}]`, label, expected);
    }
    labels[i] = label;
  }
  return labels;
}

function labelValues(labels: Int32Array | tf.Tensor): Int32Array | Float32Array | Uint8Array {
  if (labels instanceof tf.Tensor) return labels.dataSync() as Int32Array | Float32Array | Uint8Array;
  if (labels instanceof Int32Array) return labels;
  throw new ConfigError('labels', labels, 'an Int32Array or an int32 tensor of class labels');
}

async function labelValuesAsync(labels: Int32Array | tf.Tensor): Promise<Int32Array | Float32Array | Uint8Array> {
  if (labels instanceof tf.Tensor) return (await labels.data()) as Int32Array | Float32Array | Uint8Array;
  return labelValues(labels);
}

/** The per-example columns for a scalar logit: margin y·f, logistic loss, rank, prediction, finiteness. */
function packBinary(logits: tf.Tensor, labels: Int32Array, examples: number): tf.Tensor2D {
  return tf.tidy(() => {
    const f = tf.cast(tf.reshape(logits, [examples]), 'float32');
    const y = tf.sub(tf.mul(tf.tensor1d(labels, 'float32'), 2), 1);
    const margin = tf.mul(y, f);
    // log(1 + e^(−m)) = max(−m, 0) + log(1 + e^(−|m|)): no overflow for large |m|.
    const loss = tf.add(tf.relu(tf.neg(margin)), tf.log1p(tf.exp(tf.neg(tf.abs(margin)))));
    const rank = tf.cast(tf.lessEqual(margin, 0), 'float32');
    const prediction = tf.sub(tf.cast(tf.greater(f, 0), 'float32'), tf.cast(tf.equal(f, 0), 'float32'));
    const finite = tf.cast(tf.isFinite(f), 'float32');
    return tf.stack([margin, loss, rank, prediction, finite], 1) as tf.Tensor2D;
  });
}

/** The per-example columns for k logits: margin, cross-entropy, rank, prediction, finiteness. */
function packMulticlass(logits: tf.Tensor, labels: Int32Array, examples: number, classes: number): tf.Tensor2D {
  return tf.tidy(() => {
    const z = tf.cast(logits, 'float32') as tf.Tensor2D;
    const isLabel = tf.cast(tf.oneHot(tf.tensor1d(labels, 'int32'), classes), 'bool');
    // where (not multiply) so an infinite logit elsewhere cannot turn the sum into NaN.
    const correct = tf.sum(tf.where(isLabel, z, tf.zerosLike(z)), 1);
    const largestOther = tf.max(tf.where(isLabel, tf.fill([examples, classes], -Infinity), z), 1);
    const margin = tf.sub(correct, largestOther);
    const loss = tf.sub(tf.logSumExp(z, 1), correct);
    const rank = tf.sub(tf.sum(tf.cast(tf.greaterEqual(z, tf.expandDims(correct, 1)), 'float32'), 1), 1);
    const { values: top } = tf.topk(z, 2);
    const [first, second] = tf.unstack(top, 1);
    const tied = tf.equal(first!, second!);
    const prediction = tf.where(tied, tf.fill([examples], -1), tf.cast(tf.argMax(z, 1), 'float32'));
    const finite = tf.cast(tf.all(tf.isFinite(z), 1), 'float32');
    return tf.stack([margin, loss, rank, prediction, finite], 1) as tf.Tensor2D;
  });
}

function pack(logits: tf.Tensor, labels: Int32Array, layout: LogitsLayout): tf.Tensor2D {
  return layout.binary ? packBinary(logits, labels, layout.examples) : packMulticlass(logits, labels, layout.examples, layout.classes);
}

function unpack(packed: ArrayLike<number>, labels: Int32Array, batch: LabelledGroups, layout: LogitsLayout): ExampleOutcomes {
  const n = layout.examples;
  const margins = new Float32Array(n);
  const losses = new Float32Array(n);
  const ranks = new Int32Array(n);
  const predictions = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const row = i * COLUMNS;
    if (packed[row + FINITE] !== 1) {
      throw new ConfigError(
        'logits',
        `a NaN or infinite logit for example ${i}`,
        'finite logits',
        'The model produced non-finite outputs, so the run has diverged: lower the learning rate or the noise, or check the inputs.',
      );
    }
    // + 0 turns the −0 of (−1)·0 into 0.
    margins[i] = packed[row + MARGIN]! + 0;
    losses[i] = packed[row + LOSS]!;
    ranks[i] = packed[row + RANK]!;
    predictions[i] = packed[row + PREDICTION]!;
  }
  return {
    examples: n,
    classes: layout.classes,
    lossKind: layout.binary ? 'logistic' : 'cross-entropy',
    labels,
    groups: batch.groups,
    groupNames: batch.groupNames,
    margins,
    losses,
    predictions,
    ranks,
  };
}

/**
 * Computes every example's margin, loss, rank and prediction on the backend (inside `tf.tidy`)
 * and downloads them in one synchronous transfer. Neither `logits` nor a label tensor is
 * disposed: they belong to the caller.
 *
 * @param logits - [batch] or [batch, 1] for a binary scalar logit (labels 0/1), [batch, k] for k classes
 * @param batch - labels and per-example groups (a `HostBatch` works)
 * @returns the per-example outcomes, on the host
 * @example
 * ```ts
 * const logits = tf.tensor2d([[2, 1, 0], [0, 3, 3]]);
 * const o = exampleOutcomes(logits, { labels: new Int32Array([0, 1]), groups: new Uint8Array([0, 1]), groupNames: ['clean', 'patch-only'] });
 * o.margins;     // [1, 0]
 * o.predictions; // [0, -1]: the second example's top logit is tied
 * ```
 */
export function exampleOutcomes(logits: tf.Tensor, batch: LabelledGroups): ExampleOutcomes {
  const layout = layoutOf(logits);
  checkGroups(batch, layout.examples);
  const labels = checkLabels(labelValues(batch.labels), layout);
  if (layout.examples === 0) return unpack([], labels, batch, layout);
  const packed = pack(logits, labels, layout);
  try {
    return unpack(packed.dataSync(), labels, batch, layout);
  } finally {
    packed.dispose();
  }
}

/**
 * {@link exampleOutcomes} with an asynchronous download (`data()` rather than `dataSync()`),
 * which does not block a GPU backend's thread.
 *
 * @param logits - [batch] or [batch, 1] for a binary scalar logit (labels 0/1), [batch, k] for k classes
 * @param batch - labels and per-example groups
 * @returns the per-example outcomes, on the host
 */
export async function exampleOutcomesAsync(logits: tf.Tensor, batch: LabelledGroups): Promise<ExampleOutcomes> {
  const layout = layoutOf(logits);
  checkGroups(batch, layout.examples);
  const labels = checkLabels(await labelValuesAsync(batch.labels), layout);
  if (layout.examples === 0) return unpack([], labels, batch, layout);
  const packed = pack(logits, labels, layout);
  try {
    return unpack(await packed.data(), labels, batch, layout);
  } finally {
    packed.dispose();
  }
}

/**
 * Calls `fn` once per group present in the outcomes with the indices of its examples, in the
 * order of `groupNames` (two names that are equal are one group).
 */
export function forEachGroup(outcomes: ExampleOutcomes, fn: (tag: GroupTag, indices: readonly number[]) => void): void {
  const byTag = new Map<GroupTag, number[]>();
  for (const tag of outcomes.groupNames) if (!byTag.has(tag)) byTag.set(tag, []);
  for (let i = 0; i < outcomes.examples; i++) byTag.get(outcomes.groupNames[outcomes.groups[i]!]!)!.push(i);
  for (const [tag, indices] of byTag) if (indices.length > 0) fn(tag, indices);
}

/**
 * The outcomes of a run of consecutive examples: what {@link exampleOutcomes} returns for those
 * examples alone (every column is per example). A lockstep evaluation computes the outcomes of
 * many runs' batches in one pass and hands each run its slice.
 *
 * @param outcomes - the outcomes of a batch
 * @param start - index of the first example
 * @param count - number of examples
 * @returns views of the slice (sharing the arrays' memory)
 * @throws ConfigError when the slice is outside the batch
 */
export function sliceOutcomes(outcomes: ExampleOutcomes, start: number, count: number): ExampleOutcomes {
  if (!Number.isInteger(start) || !Number.isInteger(count) || start < 0 || count < 0 || start + count > outcomes.examples) {
    throw new ConfigError('slice', `[${start}, ${start + count})`, `a range of examples within [0, ${outcomes.examples})`);
  }
  const end = start + count;
  return {
    examples: count,
    classes: outcomes.classes,
    lossKind: outcomes.lossKind,
    labels: outcomes.labels.subarray(start, end),
    groups: outcomes.groups.subarray(start, end),
    groupNames: outcomes.groupNames,
    margins: outcomes.margins.subarray(start, end),
    losses: outcomes.losses.subarray(start, end),
    predictions: outcomes.predictions.subarray(start, end),
    ranks: outcomes.ranks.subarray(start, end),
  };
}
