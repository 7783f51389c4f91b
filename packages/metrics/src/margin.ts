/**
 * Margins per group: the distribution of y·f(x) (binary) or correct logit − largest other logit
 * (k classes). The paper's lemmas are about margins: a large LR leaves a poor margin on pattern B
 * until the anneal; a small LR a poor margin on pattern A.
 */
import { ConfigError, checkProbability } from '@lrlab/core';
import { mapGroups, type GroupedResult } from './grouped';
import type { Metric } from './metric';
import { forEachGroup } from './outcomes';
import { quantileSorted } from './stats/quantile';

/** The quantile levels reported by default. */
export const DEFAULT_MARGIN_QUANTILES: readonly number[] = [0.05, 0.25, 0.5, 0.75, 0.95];

/** The summary of a margin distribution. */
export interface MarginSummary {
  /** Number of margins. */
  readonly examples: number;
  /** Mean margin. */
  readonly mean: number;
  /** Smallest margin. */
  readonly min: number;
  /** Largest margin. */
  readonly max: number;
  /** Type-7 quantiles keyed by level as a string, e.g. `{ "0.5": 1.2 }`. */
  readonly quantiles: Readonly<Record<string, number>>;
  /** Fraction of margins < 0 (misclassified with a strict wrong preference). */
  readonly fractionBelowZero: number;
  /** Fraction of margins ≤ 0 (misclassified or tied): 1 − accuracy. */
  readonly fractionNonPositive: number;
}

function checkLevels(levels: readonly number[]): readonly number[] {
  if (!Array.isArray(levels)) throw new ConfigError('quantiles', levels, 'an array of levels in [0, 1]');
  return levels.map((p, i) => checkProbability(`quantiles[${i}]`, p));
}

function summarizeChecked(values: ArrayLike<number>, levels: readonly number[]): MarginSummary {
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  let below = 0;
  let nonPositive = 0;
  for (const m of sorted) {
    sum += m;
    if (m < 0) below++;
    if (m <= 0) nonPositive++;
  }
  const n = sorted.length;
  const quantiles: Record<string, number> = {};
  for (const p of levels) quantiles[String(p)] = quantileSorted(sorted, p);
  return { examples: n, mean: sum / n, min: sorted[0]!, max: sorted[n - 1]!, quantiles, fractionBelowZero: below / n, fractionNonPositive: nonPositive / n };
}

/**
 * Summarises a set of margins: mean, min, max, type-7 quantiles and the fractions below and at
 * or below 0.
 *
 * @param margins - the margins (non-empty, finite)
 * @param levels - quantile levels in [0, 1]; default {@link DEFAULT_MARGIN_QUANTILES}
 * @returns the summary
 * @example
 * ```ts
 * marginSummary([-1, 0, 2, 3], [0.5]); // { examples: 4, mean: 1, min: -1, max: 3, quantiles: { '0.5': 1 }, fractionBelowZero: 0.25, fractionNonPositive: 0.5 }
 * ```
 */
export function marginSummary(margins: ArrayLike<number>, levels: readonly number[] = DEFAULT_MARGIN_QUANTILES): MarginSummary {
  if (margins.length === 0) throw new ConfigError('margins', margins, 'at least one margin', 'An empty group has no margin summary: leave it out.');
  for (let i = 0; i < margins.length; i++) {
    if (!Number.isFinite(margins[i])) throw new ConfigError(`margins[${i}]`, margins[i], 'a finite number');
  }
  return summarizeChecked(margins, checkLevels(levels));
}

/** Options of {@link marginMetric}. */
export interface MarginOptions {
  /** Quantile levels to report; default {@link DEFAULT_MARGIN_QUANTILES}. */
  readonly quantiles?: readonly number[];
}

/** The state of {@link marginMetric}: every margin seen, per group (a quantile needs them all). */
export interface MarginState {
  /** Margins per group tag, in first-seen order. */
  readonly groups: Readonly<Record<string, readonly number[]>>;
}

/**
 * Margin distribution per group and overall (pooled: a weighted quantile would mean a different
 * thing for each statistic, so margins are never group-weighted).
 *
 * The state keeps every margin (4 bytes of float32 precision in a JSON number each), which for an
 * evaluation set of 10⁴–10⁵ examples is small; quantiles are exact, not sketched.
 *
 * @param options - quantile levels
 * @returns the metric
 */
export function marginMetric(options: MarginOptions = {}): Metric<MarginState, MarginSummary> {
  const levels = checkLevels(options.quantiles ?? DEFAULT_MARGIN_QUANTILES);
  return {
    name: 'margin',
    init: () => ({ groups: {} }),
    update(state, outcomes) {
      const groups: Record<string, readonly number[]> = { ...state.groups };
      forEachGroup(outcomes, (tag, indices) => {
        groups[tag] = [...(groups[tag] ?? []), ...indices.map((i) => outcomes.margins[i]!)];
      });
      return { groups };
    },
    result(state): GroupedResult<MarginSummary> {
      const groups = mapGroups(state.groups, (margins) => summarizeChecked(margins, levels));
      const all = Object.values(state.groups).flat();
      return all.length === 0 ? { groups } : { overall: summarizeChecked(all, levels), groups };
    },
  };
}
