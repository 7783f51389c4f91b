/** What the train loop evaluates on: a named set that yields batches for a given epoch. */
import type { HostBatch } from '@lrlab/core';

/**
 * An evaluation set. Fixed sets ignore `epoch` and `step`. Every built-in set is fixed by default,
 * the patched "mixed" and "patch-only" sets included, which are drawn once per run from its data
 * seed; with `evaluation.redraw` those two are re-drawn at every evaluation (draw s at step s), as
 * the reference's loaders re-draw them every time they iterate (see the datasets README). A source
 * of one's own may yield a deterministic re-draw per epoch or per step (`fixed` absent or false).
 */
export interface EvalSource {
  /** The set's name in `metrics.jsonl`, e.g. `test`, `train`, `patch-only`. */
  readonly name: string;
  /** Number of examples. */
  readonly size: number;
  /**
   * True when `batches` gives the same batches for every epoch (a fixed set), so an evaluation
   * may keep them between evaluations; absent or false for sets re-drawn per epoch.
   */
  readonly fixed?: boolean;
  /**
   * The set's batches, in a fixed order.
   *
   * @param batchSize - examples per batch
   * @param epoch - the count of completed epochs (selects the draw of per-epoch transforms)
   * @param step - the count of completed steps (selects the draw of a set re-drawn per evaluation)
   * @returns the batches
   */
  batches(batchSize: number, epoch: number, step: number): Iterable<HostBatch>;
}
