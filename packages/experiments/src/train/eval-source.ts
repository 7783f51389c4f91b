/** What the train loop evaluates on: a named set that yields batches for a given epoch. */
import type { HostBatch } from '@lrlab/core';

/**
 * An evaluation set. Fixed sets ignore `epoch`; sets drawn through a per-epoch transform (the
 * patched "mixed" test set) are re-drawn for each epoch, deterministically.
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
   * @returns the batches
   */
  batches(batchSize: number, epoch: number): Iterable<HostBatch>;
}
