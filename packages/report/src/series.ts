/** Reads values out of evaluation records: one group's accuracy or median margin on one set. */
import { firstCrossing } from '@lrlab/metrics';
import type { EvaluationRecord } from '@lrlab/experiments';

/** The group name that selects a set's overall value. */
export const OVERALL = 'overall';

/** Which value of a record to read. */
export interface ValueSelector {
  /** The eval set. */
  readonly set: string;
  /** The group, or {@link OVERALL}. */
  readonly group: string;
  /** Accuracy (fraction), median margin, or mean loss. */
  readonly metric: 'accuracy' | 'margin' | 'loss';
}

/**
 * One value of a record, or `undefined` when the set, group or metric is absent.
 *
 * @param record - an evaluation record
 * @param selector - set, group and metric
 * @returns the value
 */
export function valueOf(record: EvaluationRecord, selector: ValueSelector): number | undefined {
  const set = record.sets[selector.set];
  if (!set) return undefined;
  const pick = <R>(result: { readonly overall?: R; readonly groups: Readonly<Record<string, R>> }): R | undefined =>
    selector.group === OVERALL ? result.overall : result.groups[selector.group];
  switch (selector.metric) {
    case 'accuracy':
      return pick(set.accuracy)?.accuracy;
    case 'loss':
      return pick(set.loss)?.meanLoss;
    case 'margin':
      // Margins are pooled, never weighted: "overall" is the whole set's median.
      return selector.group === OVERALL ? undefined : set.margin.groups[selector.group]?.quantiles['0.5'];
  }
}

/** A time series of one value: (epoch, value) pairs in step order, absent values skipped. */
export function seriesOf(records: readonly EvaluationRecord[], selector: ValueSelector): { epoch: number; step: number; value: number }[] {
  const points: { epoch: number; step: number; value: number }[] = [];
  for (const record of records) {
    const value = valueOf(record, selector);
    if (value !== undefined) points.push({ epoch: record.epoch, step: record.step, value });
  }
  return points;
}

/**
 * The epoch of the first record whose value reaches `threshold` (rising): null when none does,
 * undefined when no record has the value at all.
 *
 * @param records - evaluation records, in step order
 * @param selector - set, group and metric
 * @param threshold - the value to reach
 * @returns the epoch, null or undefined
 */
export function firstEpochReaching(records: readonly EvaluationRecord[], selector: ValueSelector, threshold: number): number | null | undefined {
  const series = seriesOf(records, selector);
  if (series.length === 0) return undefined;
  const crossing = firstCrossing(
    series.map((p) => ({ time: p.epoch, step: p.step, value: p.value })),
    threshold,
    'rising',
  );
  return crossing.crossed ? crossing.at.time : null;
}
