import * as tf from '@tensorflow/tfjs';
import type { GroupTag } from '@lrlab/core';
import type { LabelledGroups } from '../src';

/** log Σ exp(z), in float64. */
function logSumExp(z: readonly number[]): number {
  const m = Math.max(...z);
  return m + Math.log(z.reduce((s, v) => s + Math.exp(v - m), 0));
}

/** A batch description from plain arrays. */
export function batchOf(labels: readonly number[], groups: readonly number[], groupNames: readonly GroupTag[]): LabelledGroups {
  return { labels: Int32Array.from(labels), groups: Uint8Array.from(groups), groupNames };
}

/** Runs fn and returns how many tensors it left behind. */
export function leakedBy(fn: () => void): number {
  const before = tf.memory().numTensors;
  fn();
  return tf.memory().numTensors - before;
}

/**
 * Five 3-class examples covering every case: correct, top tie on the correct class, all tied,
 * correct by a wide margin, wrong.
 *
 *   logits            label  margin  rank  prediction
 *   [2, 1, 0]           0      1      0      0
 *   [0, 3, 3]           1      0      1     -1
 *   [1, 1, 1]           2      0      2     -1
 *   [-1, 0.5, 4]        2     3.5     0      2
 *   [5, 0, 1]           2     -4      1      0
 */
export const FIVE = {
  logits: [
    [2, 1, 0],
    [0, 3, 3],
    [1, 1, 1],
    [-1, 0.5, 4],
    [5, 0, 1],
  ],
  labels: [0, 1, 2, 2, 2],
  margins: [1, 0, 0, 3.5, -4],
  ranks: [0, 1, 2, 0, 1],
  predictions: [0, -1, -1, 2, 0],
} as const;

/** FIVE's cross-entropy per example, in float64. */
export const FIVE_LOSSES = FIVE.logits.map((z, i) => logSumExp(z) - z[FIVE.labels[i]!]!);

/** FIVE's groups: a-only = {0, 1}, b-only = {2, 3}, both = {4}; 'clean' is named but empty. */
const FIVE_GROUPS = { groups: [0, 0, 1, 1, 2], groupNames: ['a-only', 'b-only', 'both', 'clean'] as GroupTag[] };

/** The FIVE batch description. */
export function fiveBatch(): LabelledGroups {
  return batchOf(FIVE.labels, FIVE_GROUPS.groups, FIVE_GROUPS.groupNames);
}
