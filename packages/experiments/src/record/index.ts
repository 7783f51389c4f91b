/**
 * The run record: the files a run writes into its folder, each written so that a run killed at
 * any instant can be resumed exactly and nothing a user wrote is lost.
 *
 * - {@link openRunDir}: the folder, its `config.json`, state and lock;
 * - {@link createManifest} / {@link updateManifest}: `manifest.json`;
 * - {@link MetricsLog}: `metrics.jsonl`;
 * - {@link saveCheckpoint} / {@link loadLatestCheckpoint}: `checkpoints/latest` and `previous`;
 * - {@link writeFileAtomic} / {@link writeJsonAtomic}: the atomic write under all of them.
 */
export { writeFileAtomic, writeJsonAtomic } from './atomic';
export type { JsonValue, JsonObject } from './json';
export { diffJson, formatDifferences } from './json-diff';
export type { JsonDifference } from './json-diff';
export { MetricsLog, readMetricsFile } from './metrics-log';
export { CHECKPOINT_FORMAT, CHECKPOINT_FORMAT_VERSION, CHECKPOINT_HEADER_FILE, CHECKPOINT_DATA_FILE } from './checkpoint-format';
export type {
  Checkpoint,
  CheckpointTensor,
  CheckpointDtype,
  Float32CheckpointTensor,
  Int32CheckpointTensor,
  CheckpointHeader,
  TensorEntry,
} from './checkpoint-format';
export { readCheckpoint } from './checkpoint-folder';
export { saveCheckpoint, loadLatestCheckpoint, hasCheckpoint, CHECKPOINTS_DIR } from './checkpoint';
export type { LoadedCheckpoint, CheckpointSlot } from './checkpoint';
export { createManifest, writeManifest, readManifest, updateManifest, MANIFEST_FILE, MANIFEST_VERSION, MANIFEST_PACKAGES } from './manifest';
export type { RunManifest, RunStatus, ManifestPatch, CreateManifestOptions, BackendInfo, GitInfo, HostInfo } from './manifest';
export { acquireRunLock, LOCK_FILE } from './run-lock';
export type { RunLock, LockOwner } from './run-lock';
export { openRunDir, CONFIG_FILE, METRICS_FILE } from './run-dir';
export type { RunDirHandle, RunFiles, RunState } from './run-dir';
