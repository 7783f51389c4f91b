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
export { parseExperimentConfig, resolveExperimentConfig, BACKEND_NAMES, DEFAULT_EVAL_BATCH_SIZE, DEFAULT_MAX_LOSS } from './config/resolve';
export { CONFIG_LIMITS } from './config/schema';
export { InvalidConfigError } from './config/invalid-config';
export type { ConfigIssue } from './config/invalid-config';

export { checkRun, prepareRun, buildRun, disposeRun, trainLoopInputs } from './assemble/build-run';
export type { CheckedRun, PreparedRun, BuiltRun } from './assemble/build-run';
export { buildNoise } from './assemble/noise';
export type { RunNoise } from './assemble/noise';
export { stepSchedule, sigmaSchedule } from './assemble/schedules';

export { planTraining } from './train/plan';
export type { TrainPlan } from './train/plan';
export { trainLoop } from './train/train-loop';
export type { TrainLoopInputs, TrainLoopHooks, EvaluationRecord } from './train/train-loop';
export { evaluateSet } from './train/evaluate-run';
export type { SetMetrics } from './train/evaluate-run';
export type { EvalSource } from './train/eval-source';

export { runExperiment, runCheckedExperiment } from './run';
export { AUTO_BACKENDS_FOR_IMAGES, BLAS_ISA_ENV_VAR, planBackend } from './run-backend';
export type { BackendRequest, BackendPlan } from './run-backend';
export type { RunExperimentOptions, RunOutcome } from './run';

export { expandStudy } from './study/expand';
export { parseShard, shardRuns } from './study/shard';
export type { Shard } from './study/shard';
export { studyStatus } from './study/status';
export type { RunStatusName, RunStatusLine } from './study/status';
export { runStudy, validateStudy } from './study/run-study';
export type { RunStudyOptions, StudyOutcome, StudyRunOutcome, CheckedStudyRun } from './study/run-study';
export { effectiveRuns, runNameAt, setPath, sweepLabel } from './study/sweep';
export type { EffectiveRun } from './study/sweep';
export type { SweepSpec, StudyConfig, StudyRun, StudyReportSpec, LearningOrderSpec, PaperNumber, ComparisonSpec, CurveSpec, PaperSpec } from './study/types';

export { PRESETS, presetNames } from './presets';
export type { Preset } from './presets';
export { SCALES } from './presets/scale';
export type { Scale } from './presets/scale';
export { syntheticStudy } from './presets/synthetic';

export { STUDY_FILE } from './study/study-file';

export { withFileSystem } from './record/fs-layer';
export type { FileSystem } from './record/fs-layer';
export {
  writeFileAtomic,
  writeJsonAtomic,
  diffJson,
  formatDifferences,
  MetricsLog,
  readMetricsFile,
  CHECKPOINT_FORMAT,
  CHECKPOINT_FORMAT_VERSION,
  CHECKPOINT_HEADER_FILE,
  CHECKPOINT_DATA_FILE,
  readCheckpoint,
  saveCheckpoint,
  loadLatestCheckpoint,
  hasCheckpoint,
  CHECKPOINTS_DIR,
  createManifest,
  writeManifest,
  readManifest,
  updateManifest,
  MANIFEST_FILE,
  MANIFEST_VERSION,
  MANIFEST_TFJS_PACKAGES,
  installedLrlabVersions,
  resolvedVersions,
  manifestVersions,
  RuntimeChangeError,
  checkRuntimeChange,
  ALLOW_RUNTIME_CHANGE_FLAG,
  acquireRunLock,
  LOCK_FILE,
  openRunDir,
  CONFIG_FILE,
  METRICS_FILE,
} from './record';
export type {
  Checkpoint,
  CheckpointTensor,
  CheckpointDtype,
  Float32CheckpointTensor,
  Int32CheckpointTensor,
  CheckpointHeader,
  TensorEntry,
  JsonValue,
  JsonObject,
  JsonDifference,
  LoadedCheckpoint,
  CheckpointSlot,
  RunManifest,
  RunSegment,
  RunStatus,
  ManifestPatch,
  CreateManifestOptions,
  GitInfo,
  HostInfo,
  RunLock,
  LockOwner,
  RunDirHandle,
  RunFiles,
  RunState,
} from './record';

export { loadPlugin, loadPlugins } from './plugins/load-plugins';
export { kindsWithPlugins, BUILT_IN_KINDS } from './plugins/kinds';
export type { RunKinds } from './plugins/kinds';
export type { LoadedPlugin, LrlabPlugin, PluginRecord } from './plugins/plugin';

export { createProgress, silentProgress } from './progress/progress';
export type { ProgressSink, StepProgress, ProgressOptions, ProgressStream } from './progress/progress';
