/**
 * Confusion matrices per group: counts[true][predicted], with the examples whose largest logit
 * is tied kept apart as "undecided", so the diagonal sums to exactly the correct count.
 */
import { ConfigError } from '@lrlab/core';
import { mapGroups, type GroupedResult } from './grouped';
import type { Metric } from './metric';
import { forEachGroup } from './outcomes';

/** Confusion counts of one group (or overall). */
export interface ConfusionResult {
  /** Examples counted. */
  readonly examples: number;
  /** counts[t][p]: examples of true class t predicted as p (a k × k matrix of integers). */
  readonly counts: readonly (readonly number[])[];
  /** undecided[t]: examples of true class t whose largest logit was tied (no prediction). */
  readonly undecided: readonly number[];
}

/** The state of {@link confusionMetric}. */
export interface ConfusionState {
  /** Number of classes, fixed by the first batch. */
  readonly classes?: number;
  /** Counts per group tag, in first-seen order. */
  readonly groups: Readonly<Record<string, ConfusionResult>>;
}

function emptyCounts(classes: number): ConfusionResult {
  return {
    examples: 0,
    counts: Array.from({ length: classes }, () => new Array<number>(classes).fill(0)),
    undecided: new Array<number>(classes).fill(0),
  };
}

function add(a: ConfusionResult, b: ConfusionResult): ConfusionResult {
  return {
    examples: a.examples + b.examples,
    counts: a.counts.map((row, t) => row.map((c, p) => c + b.counts[t]![p]!)),
    undecided: a.undecided.map((u, t) => u + b.undecided[t]!),
  };
}

/**
 * Confusion matrix per group and overall (pooled counts; group weights do not apply to counts).
 * For a scalar logit the classes are 0 and 1, predicted by the logit's sign.
 *
 * @returns the metric
 * @example
 * ```ts
 * const cm = confusionMetric();
 * // result: { overall: { examples, counts: [[..], [..]], undecided: [..] }, groups: { ... } }
 * ```
 */
export function confusionMetric(): Metric<ConfusionState, ConfusionResult> {
  return {
    name: 'confusion',
    init: () => ({ groups: {} }),
    update(state, outcomes) {
      if (outcomes.examples === 0) return state;
      const classes = outcomes.classes;
      if (state.classes !== undefined && state.classes !== classes) {
        throw new ConfigError('logits', `${classes} classes`, `${state.classes} classes like the earlier batches`, 'Evaluate one model (one output shape) per confusion state.');
      }
      const groups: Record<string, ConfusionResult> = { ...state.groups };
      forEachGroup(outcomes, (tag, indices) => {
        const batch = emptyCounts(classes);
        const counts = batch.counts as number[][];
        const undecided = batch.undecided as number[];
        for (const i of indices) {
          const label = outcomes.labels[i]!;
          const predicted = outcomes.predictions[i]!;
          if (predicted < 0) undecided[label]!++;
          else counts[label]![predicted]!++;
        }
        groups[tag] = add(groups[tag] ?? emptyCounts(classes), { ...batch, examples: indices.length });
      });
      return { classes, groups };
    },
    result(state): GroupedResult<ConfusionResult> {
      const groups = mapGroups(state.groups, (g) => add(emptyCounts(g.undecided.length), g));
      const all = Object.values(state.groups);
      if (all.length === 0 || state.classes === undefined) return { groups };
      return { overall: all.reduce(add, emptyCounts(state.classes)), groups };
    },
  };
}
