/**
 * Per-group metrics for the paper's argument, which is about *which* examples a model has learned
 * and *when*:
 *
 * - streaming metrics with explicit plain-data state (init → update → result): accuracy and
 *   top-k, mean loss, confusion matrices and margin distributions, each split by group tag with
 *   an overall value (pooled or group-weighted), absent groups omitted;
 * - the tensor stage ({@link exampleOutcomes}) runs on the backend inside `tf.tidy` and downloads
 *   one small per-example array per batch; {@link evaluate} runs many batches in one pass;
 * - learning-order summaries over a metric history: threshold crossings, times relative to the
 *   anneal, areas under the curve, and the order in which groups were learned;
 * - across-seed statistics: mean, sample std, Student-t confidence intervals, paired comparisons.
 *
 * Conventions: a binary model has one logit f (labels 0/1, y = 2·label − 1, margin y·f); a k-class
 * model has k logits (margin = correct − largest other). An example is correct only when its
 * margin is > 0, so ties (f = 0 at a zero-output init) count as wrong.
 *
 * @packageDocumentation
 * @module @lrlab/metrics
 */
export type { GroupTag, HostBatch } from '@lrlab/core';

export type { GroupedResult, GroupWeights } from './grouped';
export { exampleOutcomes, exampleOutcomesAsync, sliceOutcomes } from './outcomes';
export type { LabelledGroups, ExampleOutcomes, LossKind } from './outcomes';
export { initMetrics, updateMetrics, metricResults } from './metric';
export type { Metric, AnyMetric, MetricSet, MetricStates, MetricResults } from './metric';

export { accuracyMetric } from './accuracy';
export type { AccuracyOptions, AccuracyCounts, AccuracyState, AccuracyResult } from './accuracy';
export { lossMetric } from './loss';
export type { LossOptions, LossSums, LossState, LossResult } from './loss';
export { confusionMetric } from './confusion';
export type { ConfusionResult, ConfusionState } from './confusion';
export { marginMetric, marginSummary, DEFAULT_MARGIN_QUANTILES } from './margin';
export type { MarginOptions, MarginState, MarginSummary } from './margin';
export { evaluate } from './evaluate';
export type { EvaluateOptions } from './evaluate';

export { checkHistory, historyOf, seriesOf, seriesNames, TIME_AXES } from './learning-order/history';
export type { HistoryPoint, MetricHistory, TimeAxis, SeriesPoint, ResultPoint, HistoryOfOptions } from './learning-order/history';
export { firstCrossing, CROSSING_DIRECTIONS } from './learning-order/crossing';
export type { CrossingDirection, Crossing, Crossed, NotCrossed } from './learning-order/crossing';
export { areaUnderCurve } from './learning-order/area';
export type { AreaSummary, TimeWindow, TimedValue } from './learning-order/area';
export { learningOrder, compareLearningOrder } from './learning-order/order';
export type { TimeEvent, LearningOrderOptions, SeriesLearning, LearningOrderSummary, LearningOrderComparison } from './learning-order/order';

export { mean, sampleStd, standardError, summarizeSeeds } from './stats/summary';
export type { SeedSummary, ConfidenceInterval, ConfidenceOptions } from './stats/summary';
export { pairedComparison } from './stats/paired';
export type { PairedComparison, SeedPair, SeedValues } from './stats/paired';
export { tQuantile, studentTCdf, normalQuantile, normalCdf } from './stats/distributions';
export { quantileSorted } from './stats/quantile';
