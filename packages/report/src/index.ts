/**
 * Reports: reads a study's run folders back (`study.json`, every run's `config.json` and
 * `metrics.jsonl`) and renders what they show — per-seed summaries, paired comparisons, learning
 * order, a markdown report, and figures as SVG and PNG drawn by a small chart library of its own
 * (line charts and grids, log axes, error bands, event markers).
 *
 * @packageDocumentation
 * @module @lrlab/report
 */
export { loadStudy } from './load';
export type { RecordedRun, RecordedStudy, RunCost } from './load';
export { summarizeStudy } from './summarize';
export type { StudySummary, FinalValue, GroupComparison, LearningTime, RunCostRow } from './summarize';
export { renderReport } from './markdown';
export type { CurveTable } from './markdown';
export { studyFigures } from './figures';
export type { FigureSpec, FigureChart, SingleChart, GridChart } from './figures';
export { writeStudyReport } from './write-report';
export type { WrittenReport } from './write-report';
export { patchClaims, renderPatchClaims } from './patch-claims';
export type { PatchClaims, PatchClaim, PatchClaimsOptions, ClaimVerdict } from './patch-claims';
export { valueOf, OVERALL } from './series';
export type { ValueSelector } from './series';
// The chart library: its own index lists what it exports.
export * from './plots';
