/**
 * Experiments: where the tensor packages compose into reproducible runs, along the data flow
 * config → assemble → train → record → study. A JSON {@link ExperimentConfig} is validated and
 * resolved once, assembled (dataset → model → schedule → optimizer → noise), trained by one
 * readable loop, and recorded in a run folder (`config.json`, `manifest.json`, `metrics.jsonl`,
 * checkpoints) that can be resumed; studies run methods × seeds. Reports are `@lrlab/report`; the
 * `lrlab` command line is `@lrlab/cli`.
 *
 * @packageDocumentation
 * @module @lrlab/experiments
 */
export type {
  ExperimentConfig,
  ResolvedExperimentConfig,
  DataSpec,
  ModelSpec,
  UserModelSpec,
  ScheduleUnit,
  ValueSpec,
  ScheduleSpec,
  LearningRatePower,
  TiedSigma,
  ResolvedValueSpec,
  EarlyEvaluationSpec,
  ReestimateBatchNormSpec,
  CheckpointSpec,
  DivergenceSpec,
  ResolvedEvaluationSpec,
  SigmaSpec,
  NoiseSpec,
  ResolvedNoiseSpec,
  TrainingSpec,
  ResolvedTrainingSpec,
  EvaluationSpec,
  EventSpec,
} from './config/types';
export { parseExperimentConfig, resolveExperimentConfig } from './config/resolve';
export { InvalidConfigError } from './config/invalid-config';
export type { ConfigIssue } from './config/invalid-config';
export { experimentConfigJsonSchema, experimentConfigFields } from './config/json-schema';
export type { ConfigField } from './config/json-schema';

export { checkRun, prepareRun, buildRun, disposeRun, trainLoopInputs } from './assemble/build-run';
export type { CheckedRun, PreparedRun, BuiltRun } from './assemble/build-run';

export { trainLoop } from './train/train-loop';
export type { TrainLoopInputs, TrainLoopHooks, EvaluationRecord } from './train/train-loop';
export type { EvalSource } from './train/eval-source';
export { withReestimatedBatchNorm, BN_REESTIMATED_SUFFIX } from './train/reestimate-batch-norm';
export type { BatchNormEstimate } from './train/reestimate-batch-norm';

export { runExperiment, runCheckedExperiment } from './run';
export type { RunExperimentOptions, RunOutcome } from './run';

export { expandStudy } from './study/expand';
export { parseShard } from './study/shard';
export { LOCKSTEP_MODES, LOCKSTEP_EXACT_BACKENDS } from './study/lockstep-groups';
export type { LockstepMode } from './study/lockstep-groups';
export type { Shard } from './study/shard';
export { studyStatus } from './study/status';
export type { RunStatusName, RunStatusLine } from './study/status';
export { runStudy, validateStudy } from './study/run-study';
export type { RunStudyOptions, StudyOutcome, StudyRunOutcome, CheckedStudyRun, StudyProgress } from './study/run-study';
export { effectiveRuns, runNameAt } from './study/sweep';
export type { EffectiveRun } from './study/sweep';
export type { SweepSpec, StudyConfig, StudyRun, StudyReportSpec, LearningOrderSpec, PaperNumber, ComparisonSpec, CurveSpec, PaperSpec } from './study/types';

export { PRESETS, presetNames } from './presets';
export type { Preset } from './presets';
export { SCALES } from './presets/scale';
export type { Scale } from './presets/scale';
export { syntheticStudy } from './presets/synthetic';

export { STUDY_FILE } from './study/study-file';

// The record stage's public face is reading a run folder; runExperiment and runStudy write them.
export { readMetricsFile, loadLatestCheckpoint, readManifest, RuntimeChangeError, writeFileAtomic, writeJsonAtomic, CONFIG_FILE, METRICS_FILE, MANIFEST_FILE } from './record';
export type {
  Checkpoint,
  CheckpointTensor,
  CheckpointDtype,
  Float32CheckpointTensor,
  Int32CheckpointTensor,
  LoadedCheckpoint,
  CheckpointSlot,
  JsonValue,
  JsonObject,
  RunManifest,
  RunSegment,
  RunStatus,
  GitInfo,
  HostInfo,
} from './record';

export { loadPlugin, loadPlugins } from './plugins/load-plugins';
export { kindsWithPlugins, BUILT_IN_KINDS } from './plugins/kinds';
export type { RunKinds } from './plugins/kinds';
export type { LoadedPlugin, LrlabPlugin, PluginRecord } from './plugins/plugin';

export { createProgress, silentProgress } from './progress/progress';
export type { ProgressSink, StepProgress, ProgressOptions, ProgressStream } from './progress/progress';
