/**
 * Evaluation of K runs in lockstep: one forward pass and one download per eval batch for every
 * run, each run's metrics folded from its own slice, so each gets the record it gets alone.
 */
import * as tf from '@tensorflow/tfjs';
import { ConfigError, type HostBatch } from '@lrlab/core';
import { exampleOutcomesAsync, initMetrics, metricResults, sliceOutcomes, updateMetrics, type GroupWeights } from '@lrlab/metrics';
import type { StackedModels } from '@lrlab/models';
import type { EvalSource } from './eval-source';
import { setMetrics, type SetMetrics } from './evaluate-run';

/** Options of {@link evaluateSetsLockstep}. */
export interface LockstepEvalOptions {
  /** Examples per batch (per run). */
  readonly batchSize: number;
  /** Completed epochs (selects re-drawn sets' draws). */
  readonly epoch: number;
  /** Completed steps (selects the draw of sets re-drawn per evaluation). */
  readonly step: number;
  /** Weights for "overall". */
  readonly groupWeights?: GroupWeights;
}

/** Stacks equal-shaped host batches of K runs: features [K, batch, ...], labels and groups end to end. */
function stackBatches(batches: readonly HostBatch[]): { features: Float32Array; shape: number[]; labels: Int32Array; groups: Uint8Array } {
  const [first] = batches;
  const shape = [...first!.shape];
  const size = first!.features.length;
  const examples = shape[0]!;
  const features = new Float32Array(batches.length * size);
  const labels = new Int32Array(batches.length * examples);
  const groups = new Uint8Array(batches.length * examples);
  batches.forEach((b, k) => {
    if (!tf.util.arraysEqual(b.shape as number[], shape) || b.groupNames.join('\n') !== first!.groupNames.join('\n')) {
      throw new ConfigError(`batches[${k}]`, b.shape, `a batch of shape [${shape.join(', ')}] with groups ${first!.groupNames.join(', ')}`, 'Runs evaluated in lockstep must have eval sets of one size and layout.');
    }
    features.set(b.features, k * size);
    labels.set(b.labels, k * examples);
    groups.set(b.groups, k * examples);
  });
  return { features, shape: [batches.length, ...shape], labels, groups };
}

/** One stacked eval batch of K runs: the inputs on the backend and the labels and groups end to end. */
interface StackedEvalBatch {
  readonly x: tf.Tensor;
  readonly examples: number;
  readonly labels: Int32Array;
  readonly groups: Uint8Array;
  readonly groupNames: HostBatch['groupNames'];
}

/**
 * The stacked batches of fixed eval sets, kept between evaluations (a run evaluates the same
 * sets dozens of times): the gathering and stacking is done once, within a memory budget.
 */
export class LockstepEvalCache {
  private readonly sets = new Map<number, readonly StackedEvalBatch[]>();
  private bytes = 0;

  /** @param limitBytes - the most bytes of stacked inputs kept; sets beyond it are stacked at every evaluation */
  constructor(private readonly limitBytes: number) {}

  /**
   * The kept batches of a set, if any.
   *
   * @param set - the set's index
   * @returns its stacked batches, or undefined
   */
  get(set: number): readonly StackedEvalBatch[] | undefined {
    return this.sets.get(set);
  }

  /**
   * Keeps a set's batches when they fit the budget, else frees them.
   *
   * @param set - the set's index
   * @param batches - its stacked batches (owned by the cache from here)
   * @returns whether they were kept
   */
  offer(set: number, batches: readonly StackedEvalBatch[]): boolean {
    const size = batches.reduce((n, b) => n + b.x.size * 4, 0);
    if (this.bytes + size > this.limitBytes) return false;
    this.bytes += size;
    this.sets.set(set, batches);
    return true;
  }

  /** Frees every kept batch. */
  dispose(): void {
    for (const batches of this.sets.values()) tf.dispose(batches.map((b) => b.x));
    this.sets.clear();
    this.bytes = 0;
  }
}

/** The stacked batches of K runs' eval sets, read from the sets. */
function* stackedBatches(sources: readonly EvalSource[], options: LockstepEvalOptions): Generator<StackedEvalBatch> {
  const iterators = sources.map((source) => source.batches(options.batchSize, options.epoch, options.step)[Symbol.iterator]());
  for (;;) {
    const next = iterators.map((it) => it.next());
    if (next.every((n) => n.done === true)) return;
    if (next.some((n) => n.done === true)) throw new ConfigError('evalSets', sources.map((s) => s.size), 'eval sets of one size', 'Runs evaluated in lockstep must have eval sets of one size.');
    const batches = next.map((n) => n.value as HostBatch);
    const { features, shape, labels, groups } = stackBatches(batches);
    yield { x: tf.tensor(features, shape, 'float32'), examples: shape[1]!, labels, groups, groupNames: batches[0]!.groupNames };
  }
}

/**
 * Evaluates K runs on one eval set each (their own sets of one size and layout), in evaluation
 * mode, through their stacked models: one forward pass and one download per batch for all runs.
 *
 * @param stack - the runs' stacked models
 * @param sources - each run's eval set, in stack order
 * @param options - batch size, epoch, step and group weights
 * @param cache - where fixed sets' stacked batches are kept between evaluations, with the set's index
 * @returns each run's metrics of the set, in stack order
 * @throws ConfigError when the sets differ in size or groups, or a logit is not finite
 */
export async function evaluateSetsLockstep(
  stack: StackedModels,
  sources: readonly EvalSource[],
  options: LockstepEvalOptions,
  cache?: { readonly store: LockstepEvalCache; readonly set: number },
): Promise<SetMetrics[]> {
  const metrics = setMetrics(options.groupWeights);
  let states = sources.map(() => initMetrics(metrics));
  const kept = cache?.store.get(cache.set);
  const fixed = sources.every((s) => s.fixed === true);
  const seen: StackedEvalBatch[] = [];
  try {
    for (const batch of kept ?? stackedBatches(sources, options)) {
      if (kept === undefined) seen.push(batch);
      const logits = tf.tidy(() => {
        const stacked = stack.apply(batch.x, { training: false, step: options.step });
        return tf.reshape(stacked, [stack.size * batch.examples, stacked.shape[2]!]);
      });
      try {
        // One pack and one download for every run: each column is per example, so each slice is its run's outcomes.
        const outcomes = await exampleOutcomesAsync(logits, { labels: batch.labels, groups: batch.groups, groupNames: batch.groupNames });
        states = states.map((state, k) => updateMetrics(metrics, state, sliceOutcomes(outcomes, k * batch.examples, batch.examples)));
      } finally {
        logits.dispose();
      }
    }
  } catch (error) {
    tf.dispose(seen.map((b) => b.x));
    throw error;
  }
  if (kept === undefined && !(fixed && cache !== undefined && cache.store.offer(cache.set, seen))) tf.dispose(seen.map((b) => b.x));
  return states.map((state) => metricResults(metrics, state));
}
