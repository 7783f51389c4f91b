/**
 * The per-example transform contract: a transform rewrites one example in place, drawing whatever
 * randomness it needs from its own seed and the example's (epoch, index), so that every draw is a
 * pure function of (seed, epoch, index) and a run resumed mid-epoch sees the same examples.
 */
import type { GroupTag } from '@lrlab/core';

/** Where an example comes from, for a transform to seed its draw and read the label. */
export interface ExampleContext {
  /** The 0-based epoch being drawn (evaluation sets are drawn once, at epoch 0). */
  readonly epoch: number;
  /** The example's index in its dataset (not its position in the batch). */
  readonly index: number;
  /** The example's class label. */
  readonly label: number;
}

/**
 * Rewrites one example in place.
 *
 * A transform that changes which patterns an example carries (the patch mixture) declares
 * `groupNames` and returns the group index of each example it writes; the others return
 * `undefined` and leave the dataset's group.
 */
export interface ExampleTransform {
  /** A short name for messages, e.g. `augment` or `patch-mixture`. */
  readonly name: string;
  /** The groups this transform assigns, when it assigns any. */
  readonly groupNames?: readonly GroupTag[];
  /** The per-example shape the transform expects, e.g. `[32, 32, 3]`. */
  readonly exampleShape: readonly number[];
  /**
   * Transforms one example.
   *
   * @param example - the example's values (`exampleShape`, row-major), rewritten in place
   * @param context - epoch, dataset index and label
   * @returns the example's group index into `groupNames`, or `undefined` to keep its group
   */
  apply(example: Float32Array, context: ExampleContext): number | undefined;
}
