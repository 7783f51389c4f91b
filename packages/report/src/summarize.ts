/**
 * What a study showed, in numbers: final per-group values per method with CIs over seeds, paired
 * differences between methods, and when each method learned each group (the learning order).
 */
import { pairedComparison, summarizeSeeds, type PairedComparison, type SeedSummary } from '@lrlab/metrics';
import { effectiveRuns, runNameAt, type LearningOrderSpec, type StudyConfig } from '@lrlab/experiments';
import type { RecordedRun, RecordedStudy, RunCost } from './load';
import { OVERALL, firstEpochReaching, valueOf, type ValueSelector } from './series';

/** The final value of one (run, set, group) over seeds. */
export interface FinalValue {
  /** The run. */
  readonly run: string;
  /** The group (or `overall`). */
  readonly group: string;
  /** The summary over seeds (absent when no seed has the value). */
  readonly summary?: SeedSummary;
  /** The value per seed. */
  readonly bySeed: Readonly<Record<string, number>>;
}

/** A paired comparison `a − b` of one group's final accuracy. */
export interface GroupComparison {
  /** The first run. */
  readonly a: string;
  /** The second run. */
  readonly b: string;
  /** The group (or `overall`). */
  readonly group: string;
  /** The comparison over the seeds both have (absent when none). */
  readonly comparison?: PairedComparison;
}

/** When one run crossed a learning-order threshold, per seed (epochs; `null` = never). */
export interface LearningTime {
  /** The run. */
  readonly run: string;
  /** The question. */
  readonly spec: LearningOrderSpec;
  /** Epoch of the first evaluation at or above the threshold, per seed; null when never. */
  readonly epochBySeed: Readonly<Record<string, number | null>>;
  /** Epoch of the first event (the anneal), when the run has one. */
  readonly eventEpoch?: number;
}

/** Everything the report prints. */
export interface StudySummary {
  /** The study. */
  readonly study: StudyConfig;
  /** Groups of the primary set, in first-seen order, then `overall`. */
  readonly groups: readonly string[];
  /** Final accuracy on the primary set, per (run, group); methods then baselines. */
  readonly finalAccuracy: readonly FinalValue[];
  /** Paired differences of final accuracy. */
  readonly comparisons: readonly GroupComparison[];
  /** Learning times per (question, method). */
  readonly learning: readonly LearningTime[];
  /** Runs whose last evaluation is missing (still running or failed), by folder name (`<run>-seed<seed>`). */
  readonly incomplete: readonly string[];
  /** What each finished run cost, in the study's order. */
  readonly costs: readonly RunCostRow[];
}

/** One finished run's cost. */
export interface RunCostRow {
  /** The run's folder name, `<run>-seed<seed>`. */
  readonly folder: string;
  /** What its manifest records. */
  readonly cost: RunCost;
}

function lastRecord(run: RecordedRun): RecordedRun['records'][number] | undefined {
  return run.records[run.records.length - 1];
}

function groupsOf(runs: readonly RecordedRun[], set: string): string[] {
  const groups: string[] = [];
  for (const run of runs) {
    const result = lastRecord(run)?.sets[set]?.accuracy;
    for (const group of Object.keys(result?.groups ?? {})) if (!groups.includes(group)) groups.push(group);
  }
  return [...groups, OVERALL];
}

/**
 * Summarises a recorded study.
 *
 * @param recorded - the study read back from disk
 * @returns the numbers the report shows
 */
export function summarizeStudy(recorded: RecordedStudy): StudySummary {
  const { study } = recorded;
  const finished = recorded.runs.filter((r) => r.finished && lastRecord(r) !== undefined);
  const set = study.report.primarySet;
  const groups = groupsOf(finished, set);
  const runs = effectiveRuns(study);
  const names = runs.map((r) => r.config.name);

  const bySeed = (run: string, selector: ValueSelector): Record<string, number> => {
    const values: Record<string, number> = {};
    for (const r of finished.filter((x) => x.run === run)) {
      const record = lastRecord(r);
      const value = record && valueOf(record, selector);
      if (value !== undefined) values[String(r.seed)] = value;
    }
    return values;
  };

  const finalAccuracy: FinalValue[] = [];
  for (const run of names) {
    for (const group of groups) {
      const values = bySeed(run, { set, group, metric: 'accuracy' });
      const list = Object.values(values);
      finalAccuracy.push({ run, group, bySeed: values, ...(list.length > 0 ? { summary: summarizeSeeds(list) } : {}) });
    }
  }

  const comparisons: GroupComparison[] = [];
  // In a sweep, methods are compared at each swept value.
  const pairs = study.report.comparisons.flatMap(({ a, b }) =>
    study.sweep ? study.sweep.values.map((v) => ({ a: runNameAt(study, a, v), b: runNameAt(study, b, v) })) : [{ a, b }],
  );
  for (const { a, b } of pairs) {
    for (const group of groups) {
      const va = bySeed(a, { set, group, metric: 'accuracy' });
      const vb = bySeed(b, { set, group, metric: 'accuracy' });
      const shared = Object.keys(va).filter((seed) => seed in vb);
      const pick = (v: Record<string, number>): Record<string, number> => Object.fromEntries(shared.map((s) => [s, v[s]!]));
      comparisons.push({ a, b, group, ...(shared.length > 0 ? { comparison: pairedComparison(pick(va), pick(vb)) } : {}) });
    }
  }

  const learning: LearningTime[] = [];
  for (const spec of study.report.learningOrder) {
    for (const { config } of runs.filter((r) => r.role === 'method')) {
      const epochBySeed: Record<string, number | null> = {};
      let eventEpoch: number | undefined;
      for (const r of finished.filter((x) => x.run === config.name)) {
        eventEpoch = r.config.events[0]?.epoch;
        const epoch = firstEpochReaching(r.records, spec, spec.threshold);
        if (epoch !== undefined) epochBySeed[String(r.seed)] = epoch;
      }
      learning.push({ run: config.name, spec, epochBySeed, ...(eventEpoch === undefined ? {} : { eventEpoch }) });
    }
  }

  // Folder names, not paths: a report must read the same wherever its study folder lies.
  const incomplete = recorded.runs.filter((r) => !finished.includes(r)).map((r) => `${r.run}-seed${r.seed}`);
  const costs = finished.map((r) => ({ folder: `${r.run}-seed${r.seed}`, cost: r.cost }));
  return { study, groups, finalAccuracy, comparisons, learning, incomplete, costs };
}
