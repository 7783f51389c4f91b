/**
 * The report's figures, as the paper draws them: per-group accuracy against epoch for each method
 * (mean over seeds, min–max band, the anneal marked, baselines as reference lines; the y axis fitted
 * to the curves within 0–100%), and the learning rate and noise σ against epoch on log axes, step
 * schedules drawn as steps.
 */
import type { LineChartSpec, LineSeries, ChartGridSpec } from './plots';
import type { RecordedStudy, RecordedRun } from './load';
import { effectiveRuns, runNameAt, type EffectiveRun, type SweepSpec } from '@lrlab/experiments';
import { MARKER_SHAPES, defaultSeriesStyle } from './plots/palette';
import { OVERALL, seriesOf, valueOf } from './series';
import { summarizeStudy, type StudySummary } from './summarize';

/** A figure to write: its file name (without extension), caption and SVG source spec. */
export interface FigureSpec {
  /** File name without extension, e.g. `accuracy-test-a-only`. */
  readonly name: string;
  /** One line saying what it shows. */
  readonly caption: string;
  /** A single chart or a grid of charts. */
  readonly chart: FigureChart;
}

/** A figure's content: one chart, or a grid of charts. */
export type FigureChart = SingleChart | GridChart;

/** A figure with one chart. */
export interface SingleChart {
  /** Discriminator. */
  readonly kind: 'chart';
  /** The chart. */
  readonly spec: LineChartSpec;
}

/** A figure with a grid of charts. */
export interface GridChart {
  /** Discriminator. */
  readonly kind: 'grid';
  /** The grid. */
  readonly spec: ChartGridSpec;
}

function finishedRuns(recorded: RecordedStudy, run: string): RecordedRun[] {
  return recorded.runs.filter((r) => r.run === run && r.records.length > 0);
}

/** Mean over seeds at each evaluation step of the first seed, with min/max as a band. */
function meanSeries(runs: readonly RecordedRun[], name: string, value: (run: RecordedRun, step: number) => number | undefined): LineSeries | undefined {
  const first = runs[0];
  if (!first) return undefined;
  const points: [number, number][] = [];
  const lower: number[] = [];
  const upper: number[] = [];
  for (const record of first.records) {
    const values = runs.map((r) => value(r, record.step)).filter((v): v is number => v !== undefined && Number.isFinite(v));
    if (values.length === 0) continue;
    points.push([record.epoch, values.reduce((a, b) => a + b, 0) / values.length]);
    lower.push(Math.min(...values));
    upper.push(Math.max(...values));
  }
  if (points.length === 0) return undefined;
  return { name: runs.length > 1 ? `${name} (n=${runs.length})` : name, points, ...(runs.length > 1 ? { band: { lower, upper } } : {}) };
}

function recordAt(run: RecordedRun, step: number): RecordedRun['records'][number] | undefined {
  return run.records.find((r) => r.step === step);
}

/** A method's series in its own colour and dash (the i-th defaults), the same in every figure and panel even where another method has none. */
function styled(series: LineSeries | undefined, index: number): LineSeries | undefined {
  return series && { ...series, ...defaultSeriesStyle(index) };
}

/** Accuracy in % can only lie here: a fitted axis's padding stops at 0 and 100. */
const PERCENT: readonly [number, number] = [0, 100];

/**
 * A recorded schedule drawn as steps when it holds its value from one evaluation to the next
 * except across the run's events (an epoch-unit step schedule's changes): a constant, multi-step or
 * piecewise-constant learning rate and the σ that follows it. A record holds the value of the last
 * step before it, so each value is drawn back to the previous evaluation (`pre`) and the jump sits
 * at the event's evaluation. Anything that changes elsewhere (a cosine decay) stays a line.
 */
function asSchedule(series: LineSeries, events: readonly { readonly epoch: number }[]): LineSeries {
  const { points } = series;
  const stepwise = points.every(([x, y], i) => {
    const previous = points[i - 1];
    return !previous || previous[1] === y || events.some((e) => e.epoch >= previous[0] && e.epoch < x);
  });
  return stepwise ? { ...series, step: 'pre' } : series;
}

/** What an accuracy figure shows, in words: only what it has (a band with several seeds, baselines when there are some). */
function accuracyCaption(title: string, series: readonly LineSeries[], baselines: number): string {
  const seeds = series.some((s) => s.band) ? ': mean over seeds, band min–max' : '';
  const lines = baselines === 0 ? '' : baselines === 1 ? "; the grey dotted line is the baseline's final accuracy" : "; grey dotted lines are the baselines' final accuracy";
  return `${title} (%) against epoch${seeds}${lines}.`;
}

/**
 * The figures of a recorded study.
 *
 * @param recorded - the study read back from disk
 * @param summary - its numbers, when the caller has them (computed here otherwise)
 * @returns one accuracy figure per curve of the report spec, one schedules figure, and in a
 *   numeric sweep the final accuracy and the paired gaps against the swept value
 */
export function studyFigures(recorded: RecordedStudy, summary: StudySummary = summarizeStudy(recorded)): FigureSpec[] {
  const { study } = recorded;
  const figures: FigureSpec[] = [];
  // Events as the runs resolved them (an epoch-unit step schedule's changes by default).
  const runs = effectiveRuns(study);
  const methodRuns = runs.filter((r) => r.role === 'method').map((r) => r.config);
  const baselineRuns = runs.filter((r) => r.role === 'baseline').map((r) => r.config);
  const methods = new Set(methodRuns.map((r) => r.name));
  const events = recorded.runs
    .filter((r) => methods.has(r.run))
    .flatMap((r) => r.config.events)
    .filter((e, i, all) => all.findIndex((x) => x.epoch === e.epoch) === i);
  const markers = events.map((e) => ({ x: e.epoch, label: e.label }));
  for (const curve of study.report.curves) {
    const selector = { set: curve.set, group: curve.group, metric: 'accuracy' as const };
    const series = methodRuns
      .map((config, i) => {
        const mean = meanSeries(finishedRuns(recorded, config.name), config.name, (run, step) => {
          const record = recordAt(run, step);
          const v = record && valueOf(record, selector);
          return v === undefined ? undefined : 100 * v;
        });
        return styled(mean, i);
      })
      .filter((s): s is LineSeries => s !== undefined);
    const referenceLines = baselineRuns.flatMap((config) => {
      const finals = finishedRuns(recorded, config.name)
        .map((run) => seriesOf(run.records, selector).at(-1)?.value)
        .filter((v): v is number => v !== undefined);
      if (finals.length === 0) return [];
      return [{ y: (100 * finals.reduce((a, b) => a + b, 0)) / finals.length, label: config.name }];
    });
    const groupLabel = curve.group === OVERALL ? 'overall' : curve.group;
    figures.push({
      name: `accuracy-${curve.set}-${groupLabel}`.replace(/[^A-Za-z0-9._-]/g, '_'),
      caption: accuracyCaption(`${groupLabel} ${curve.set} accuracy`, series, referenceLines.length),
      chart: {
        kind: 'chart',
        spec: {
          title: `${groupLabel} — ${curve.set} accuracy`,
          x: { label: 'epoch' },
          y: { label: 'accuracy (%)', bounds: PERCENT },
          series,
          markers,
          referenceLines,
        },
      },
    });
  }
  const lrSeries: LineSeries[] = [];
  const sigmaSeries: LineSeries[] = [];
  for (const [i, config] of methodRuns.entries()) {
    const first = finishedRuns(recorded, config.name).slice(0, 1);
    // The events as the run resolved them: its schedule's changes by default.
    const events = first[0]?.config.events ?? [];
    // Methods often share a schedule (two runs at the small LR): each drawn a pixel wider than the
    // next keeps the one below in sight as an edge around the one on top.
    const schedule = (series: LineSeries | undefined): LineSeries | undefined =>
      series && asSchedule({ ...series, ...defaultSeriesStyle(i), lineWidth: 2 + (methodRuns.length - 1 - i) }, events);
    const lr = schedule(meanSeries(first, config.name, (run, step) => recordAt(run, step)?.learningRate));
    if (lr) lrSeries.push(lr);
    const sigma = schedule(
      meanSeries(first, config.name, (run, step) => {
        const values = recordAt(run, step)?.sigma;
        return values && values.length > 0 ? Math.sqrt(values.reduce((a, s) => a + s * s, 0)) : undefined;
      }),
    );
    if (sigma) sigmaSeries.push(sigma);
  }
  if (lrSeries.length > 0) {
    const charts: LineChartSpec[] = [
      { title: 'learning rate', x: { label: 'epoch' }, y: { label: 'lr', scale: 'log', nonPositive: 'floor' }, series: lrSeries, markers },
    ];
    if (sigmaSeries.length > 0) {
      charts.push({ title: 'noise σ (all injectors, √Σσ²)', x: { label: 'epoch' }, y: { label: 'σ', scale: 'log', nonPositive: 'floor' }, series: sigmaSeries, markers });
    }
    figures.push({
      name: 'schedules',
      caption:
        sigmaSeries.length > 0
          ? 'Learning rate and total noise σ against epoch (log scale; σ = 0 is drawn at the axis floor).'
          : 'Learning rate against epoch (log scale).',
      chart: { kind: 'grid', spec: { columns: charts.length, charts } },
    });
  }
  const sweep = sweepFigure(recorded, runs);
  if (sweep) figures.push(sweep);
  const gap = sweepGapFigure(recorded, summary);
  if (gap) figures.push(gap);
  return figures;
}

/** The final primary-set accuracy of each finished seed of a run, by seed. */
function finalsBySeed(recorded: RecordedStudy, name: string, group: string): Record<string, number> {
  const set = recorded.study.report.primarySet;
  const out: Record<string, number> = {};
  for (const run of finishedRuns(recorded, name)) {
    const record = run.records.at(-1);
    const value = record ? valueOf(record, { set, group, metric: 'accuracy' }) : undefined;
    if (value !== undefined) out[String(run.seed)] = value;
  }
  return out;
}

/** Whether the study sweeps numbers (so a value axis can be drawn). */
function numericSweep(recorded: RecordedStudy): SweepSpec | undefined {
  const sweep = recorded.study.sweep;
  return sweep && sweep.values.every((v) => typeof v === 'number' && Number.isFinite(v)) ? sweep : undefined;
}

function groupsOf(recorded: RecordedStudy): string[] {
  const set = recorded.study.report.primarySet;
  return [...new Set(recorded.runs.flatMap((r) => Object.keys(r.records.at(-1)?.sets[set]?.accuracy.groups ?? {}))), OVERALL];
}

/** Final accuracy on the primary set against the swept value, one panel per group, one line per method. */
function sweepFigure(recorded: RecordedStudy, runs: readonly EffectiveRun[]): FigureSpec | undefined {
  const { study } = recorded;
  const sweep = numericSweep(recorded);
  if (!sweep) return undefined;
  const set = study.report.primarySet;
  const methods = [...new Set(runs.filter((r) => r.role === 'method').map((r) => r.method))];
  const charts: LineChartSpec[] = groupsOf(recorded).map((group) => ({
    title: `${group} — final ${set} accuracy`,
    x: { label: sweep.label ?? sweep.path },
    y: { label: 'accuracy (%)', bounds: PERCENT },
    series: methods.flatMap((method, i) => {
      const points: [number, number][] = [];
      const lower: number[] = [];
      const upper: number[] = [];
      for (const value of sweep.values as readonly number[]) {
        // A method the sweep leaves fixed is drawn flat across the values.
        const values = Object.values(finalsBySeed(recorded, runNameAt(study, method, value), group));
        if (values.length === 0) continue;
        points.push([value, (100 * values.reduce((a, b) => a + b, 0)) / values.length]);
        lower.push(100 * Math.min(...values));
        upper.push(100 * Math.max(...values));
      }
      const style = { ...defaultSeriesStyle(i), marker: MARKER_SHAPES[i % MARKER_SHAPES.length] };
      return points.length > 0 ? [{ name: method, points, ...style, band: { lower, upper } }] : [];
    }),
  }));
  return {
    name: 'sweep',
    caption: `Final ${set} accuracy (%) against ${sweep.label ?? sweep.path}: mean over seeds, band min–max.`,
    chart: { kind: 'grid', spec: { columns: Math.min(2, charts.length), charts } },
  };
}

/** The report's paired gaps `a − b` (as the summary computed them) against the swept value, one panel per group, band = 95% CI. */
function sweepGapFigure(recorded: RecordedStudy, summary: StudySummary): FigureSpec | undefined {
  const { study } = recorded;
  const sweep = numericSweep(recorded);
  if (!sweep || study.report.comparisons.length === 0) return undefined;
  const set = study.report.primarySet;
  const charts: LineChartSpec[] = groupsOf(recorded).map((group) => ({
    title: `${group} — paired gap in final ${set} accuracy`,
    x: { label: sweep.label ?? sweep.path },
    y: { label: 'gap (percentage points)' },
    series: study.report.comparisons.flatMap(({ a, b }) => {
      const points: [number, number][] = [];
      const lower: number[] = [];
      const upper: number[] = [];
      for (const value of sweep.values as readonly number[]) {
        const [runA, runB] = [runNameAt(study, a, value), runNameAt(study, b, value)];
        const gap = summary.comparisons.find((c) => c.a === runA && c.b === runB && c.group === group)?.comparison;
        if (!gap) continue;
        points.push([value, 100 * gap.meanDifference]);
        lower.push(100 * (gap.ci?.low ?? gap.meanDifference));
        upper.push(100 * (gap.ci?.high ?? gap.meanDifference));
      }
      return points.length > 0 ? [{ name: `${a} − ${b}`, points, marker: 'auto' as const, band: { lower, upper } }] : [];
    }),
  }));
  return {
    name: 'sweep-gap',
    caption: `Paired gap a − b in final ${set} accuracy (percentage points) against ${sweep.label ?? sweep.path}: mean over seeds, band 95% t interval.`,
    chart: { kind: 'grid', spec: { columns: Math.min(2, charts.length), charts } },
  };
}
