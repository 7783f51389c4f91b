/**
 * A study: named runs (the methods compared, e.g. large LR + anneal / small LR / small LR + noise)
 * and baselines, each repeated over the same seeds, with what its report should show.
 */
import type { ExperimentConfig } from '../config/types';

/** A learning-order question: when does `group`'s `metric` on `set` first reach `threshold`? */
export interface LearningOrderSpec {
  /** The eval set, e.g. `train` or `test`. */
  readonly set: string;
  /** The group, e.g. `b-only`. */
  readonly group: string;
  /** `accuracy`, or `margin` (the median margin). */
  readonly metric: 'accuracy' | 'margin';
  /** The level that counts as learned, e.g. 0.99. */
  readonly threshold: number;
  /** What the reader should see, e.g. "B-only train accuracy ≥ 99%". */
  readonly label: string;
}

/** A number the paper reports, shown beside ours when the preset matches the paper. */
export interface PaperNumber {
  /** The run (method) it belongs to. */
  readonly run: string;
  /** What it measures, e.g. "mixed val accuracy". */
  readonly label: string;
  /** Our eval set and group it corresponds to (group `overall` for the whole set). */
  readonly set: string;
  /** The group, or `overall`. */
  readonly group: string;
  /** The reported value, as a fraction (0.9535). */
  readonly value: number;
}

/** A paired comparison of two runs: `a − b`. */
export interface ComparisonSpec {
  /** The first run's name. */
  readonly a: string;
  /** The second run's name. */
  readonly b: string;
}

/** One accuracy curve to plot. */
export interface CurveSpec {
  /** The eval set. */
  readonly set: string;
  /** The group, or `overall`. */
  readonly group: string;
}

/** The paper's reported numbers for a preset. */
export interface PaperSpec {
  /** Where they come from (paper section, table or slide). */
  readonly source: string;
  /** The numbers. */
  readonly numbers: readonly PaperNumber[];
}

/** What a study's report shows. */
export interface StudyReportSpec {
  /** The eval set whose final accuracies head the report (e.g. `test`). */
  readonly primarySet: string;
  /** Weights for "overall" accuracy when the eval set holds equal counts per group (e.g. 20/20/60). */
  readonly groupWeights?: Readonly<Record<string, number>>;
  /** Paired comparisons `a − b` over the shared seeds, by run name. */
  readonly comparisons: readonly ComparisonSpec[];
  /** Learning-order questions. */
  readonly learningOrder: readonly LearningOrderSpec[];
  /** Per-group accuracy curves to plot: one figure per (set, group). */
  readonly curves: readonly CurveSpec[];
  /** The paper's numbers, when the preset reproduces a reported experiment. */
  readonly paper?: PaperSpec;
  /** Notes printed under the results (what to read into them, known deviations). */
  readonly notes?: readonly string[];
  /** Also print each accuracy curve as a table of its values per evaluation (default false). */
  readonly curveTables?: boolean;
}

/** One config field varied over values: every method (and baseline) runs once per value. */
export interface SweepSpec {
  /** The field, as a dotted path into a run config, e.g. `learningRate.schedule.initialValue`. */
  readonly path: string;
  /** The values, in plot order (numbers give a metric-against-value figure). */
  readonly values: readonly unknown[];
  /** The axis label (default: the path). */
  readonly label?: string;
  /** Whether baselines are swept too (default true). */
  readonly baselines?: boolean;
  /**
   * The methods swept (default every method). The others run once, under their own name, and are
   * compared at every value — e.g. sweep the large LR of `large-lr` against one `small-lr`.
   */
  readonly methods?: readonly string[];
}

/** A study: runs × seeds, plus baselines, and its report. JSON-serialisable. */
export interface StudyConfig {
  /** The study's name: its folder under the output directory. */
  readonly name: string;
  /** One paragraph on what it tests. */
  readonly description: string;
  /** Seeds; every run and baseline runs once per seed (paired comparisons use them). */
  readonly seeds: readonly number[];
  /** The methods compared (their `seed` is replaced by each study seed). */
  readonly runs: readonly ExperimentConfig[];
  /** Reference runs (e.g. linear models on part of the data), reported beside the methods. */
  readonly baselines?: readonly ExperimentConfig[];
  /** What the report shows. */
  readonly report: StudyReportSpec;
  /** A field to sweep (runs become `<run>--<value>`). */
  readonly sweep?: SweepSpec;
  /**
   * Modules of the researcher's own kinds (schedules, noise injectors, optimizers, datasets,
   * models), as `.mjs`/`.cjs` paths relative to the study file; see `LrlabPlugin`.
   */
  readonly plugins?: readonly string[];
}

/** One (run, seed) of a study, with its folder. */
export interface StudyRun {
  /** The run's name (its config's `name`; `<method>--<value>` in a sweep). */
  readonly run: string;
  /** The method (the run's name before the sweep). */
  readonly method: string;
  /** The swept value, in a sweep. */
  readonly sweepValue?: unknown;
  /** Whether it is a compared method or a baseline. */
  readonly role: 'method' | 'baseline';
  /** The seed. */
  readonly seed: number;
  /** Its folder, `<out>/<study>/<run>-seed<k>`. */
  readonly dir: string;
  /** The run's config, with `seed` set. */
  readonly config: ExperimentConfig;
}
