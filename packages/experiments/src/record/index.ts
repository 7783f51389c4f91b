/**
 * The run record: the files a run writes into its folder, each written so that a run killed at
 * any instant can be resumed exactly and nothing a user wrote is lost.
 *
 * - {@link openRunDir}: the folder, its `config.json`, state and lock;
 * - {@link createManifest} / {@link updateManifest}: `manifest.json`, with the runtime of every
 *   segment; {@link checkRuntimeChange} guards a resume against another runtime;
 * - {@link MetricsLog}: `metrics.jsonl`;
 * - {@link saveCheckpoint} / {@link loadLatestCheckpoint}: `checkpoints/latest` and `previous`;
 * - {@link writeFileAtomic} / {@link writeJsonAtomic}: the atomic write under all of them.
 */
export { writeFileAtomic, writeJsonAtomic } from './atomic';
export type { JsonValue, JsonObject } from './json';
export { diffJson } from './json-diff';
export { MetricsLog, readMetricsFile } from './metrics-log';
export { CHECKPOINT_FORMAT_VERSION } from './checkpoint-format';
export type { Checkpoint, CheckpointTensor, CheckpointDtype, Float32CheckpointTensor, Int32CheckpointTensor } from './checkpoint-format';
export { readCheckpoint } from './checkpoint-folder';
export { saveCheckpoint, loadLatestCheckpoint } from './checkpoint';
export type { LoadedCheckpoint, CheckpointSlot } from './checkpoint';
export { createManifest, writeManifest, readManifest, updateManifest, MANIFEST_FILE } from './manifest';
export type { RunManifest, RunSegment, RunStatus, GitInfo, HostInfo } from './manifest';
export { installedLrlabVersions, MANIFEST_TFJS_PACKAGES } from './package-versions';
export { RuntimeChangeError, checkRuntimeChange } from './runtime-change';
export { acquireRunLock } from './run-lock';
export { openRunDir, CONFIG_FILE, METRICS_FILE } from './run-dir';

