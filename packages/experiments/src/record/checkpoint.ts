/**
 * The run folder's `checkpoints/`: `latest/` and `previous/`, rotated so that a run killed at any
 * instant leaves at least one complete checkpoint (once one has been saved).
 *
 * Saving writes `checkpoints/.tmp-<id>/` completely (fsynced), then rotates:
 * 1. `previous/` → `.old-<id>/` (kept until the new `latest/` is in place),
 * 2. `latest/` → `previous/`,
 * 3. `.tmp-<id>/` → `latest/`, fsync of `checkpoints/`,
 * 4. `.old-<id>/` removed.
 * Steps 1 and 2 happen only when `latest/` exists and looks complete: when it is missing (a
 * resumed run whose last save was killed between 2 and 3) `previous/` stays where it is, so no
 * instant ever leaves neither. A kill between 2 and 3 leaves no `latest/` but a complete
 * `previous/`, which loading falls back to. Leftover `.tmp-*` and `.old-*` folders of processes
 * that are gone are removed by the next save or load.
 */
import { DataError, IoError, LrlabError } from '@lrlab/core';
import { fs } from './fs-layer';
import { join } from 'node:path';
import { readCheckpoint, writeCheckpointFolder } from './checkpoint-folder';
import { CHECKPOINT_DATA_FILE, CHECKPOINT_HEADER_FILE, parseHeader, type Checkpoint } from './checkpoint-format';
import { fsyncDirectory, isProcessAlive, pidOfSuffix, statOrUndefined, uniqueSuffix } from './fs-helpers';
import { type JsonObject } from './json';

/** The folder inside a run folder that holds the checkpoints. */
export const CHECKPOINTS_DIR = 'checkpoints';
const LATEST = 'latest';
const PREVIOUS = 'previous';
const TEMP_PREFIX = '.tmp-';
const OLD_PREFIX = '.old-';

/** Which rotation slot a checkpoint was loaded from. */
export type CheckpointSlot = 'latest' | 'previous';

/** A checkpoint as loaded by {@link loadLatestCheckpoint}, with where it came from. */
export interface LoadedCheckpoint<M extends object = JsonObject> extends Checkpoint<M> {
  /** `latest`, or `previous` when `latest` was missing or damaged. */
  readonly slot: CheckpointSlot;
  /** The checkpoint folder it was read from. */
  readonly path: string;
  /** Why `latest` was skipped when it exists but is damaged; empty otherwise. Worth logging. */
  readonly rejected: readonly DataError[];
}

/**
 * Saves a checkpoint as the run's `latest`, keeping the one it replaces as `previous` (see the
 * file's rotation steps). The run folder must exist; `checkpoints/` is created on first use.
 * Only the process holding the run lock may save.
 *
 * @param runDir - the run folder
 * @param checkpoint - meta and tensors to store
 * @returns the number of tensor data bytes written
 * @throws ConfigError for an invalid checkpoint (bad shape, dtype, non-JSON meta), before anything is written
 * @throws IoError when a write or rename fails; the previous checkpoints are left intact
 * @example
 * ```ts
 * saveCheckpoint('runs/a', { meta: { step: 500, metricsOffset: log.offset }, tensors: { w: { dtype: 'float32', shape: [2], data: new Float32Array([1, 2]) } } });
 * ```
 */
export function saveCheckpoint(runDir: string, checkpoint: Checkpoint<object>): number {
  const dir = join(runDir, CHECKPOINTS_DIR);
  ensureCheckpointsDir(runDir, dir);
  removeLeftovers(dir);
  const suffix = uniqueSuffix();
  const temp = join(dir, `${TEMP_PREFIX}${suffix}`);
  let bytes: number;
  try {
    bytes = writeCheckpointFolder(temp, checkpoint);
  } catch (error) {
    fs.rmSync(temp, { recursive: true, force: true });
    if (error instanceof LrlabError) throw error;
    throw new IoError('write checkpoint', temp, 'Free disk space or check permissions; the previous checkpoints are intact.', { cause: error });
  }
  const latest = join(dir, LATEST);
  const previous = join(dir, PREVIOUS);
  const old = join(dir, `${OLD_PREFIX}${suffix}`);
  if (isPlausiblyComplete(latest)) {
    if (statOrUndefined(previous)) rename(previous, old);
    rename(latest, previous);
  } else if (statOrUndefined(latest)) {
    // A damaged latest must not push a good previous out; it is useless, so it goes.
    fs.rmSync(latest, { recursive: true, force: true });
  }
  rename(temp, latest);
  try {
    fsyncDirectory(dir);
  } catch (error) {
    throw new IoError('flush (fsync)', dir, 'Check the disk; the checkpoint is written but may not survive a power cut.', { cause: error });
  }
  fs.rmSync(old, { recursive: true, force: true });
  return bytes;
}

/**
 * Loads the run's newest complete checkpoint: `latest` when it is complete and valid, else
 * `previous` (when `latest` is missing, e.g. killed mid-rotation, or damaged). Leftover temp
 * folders of writers that are gone are removed.
 *
 * @param runDir - the run folder
 * @returns the checkpoint, or `undefined` when the run has none
 * @throws DataError naming the damaged file when no complete checkpoint remains
 * @typeParam M - the meta object's type; not checked here, validate it before use
 * @example
 * ```ts
 * const resumed = loadLatestCheckpoint<{ step: number; metricsOffset: number }>('runs/a');
 * const startStep = resumed ? resumed.meta.step + 1 : 0;
 * ```
 */
export function loadLatestCheckpoint<M extends object = JsonObject>(runDir: string): LoadedCheckpoint<M> | undefined {
  const dir = join(runDir, CHECKPOINTS_DIR);
  if (!statOrUndefined(dir)) return undefined;
  removeLeftovers(dir);
  const rejected: DataError[] = [];
  for (const slot of [LATEST, PREVIOUS] as const) {
    const path = join(dir, slot);
    if (!statOrUndefined(path)) continue;
    try {
      return { ...readCheckpoint<M>(path), slot, path, rejected };
    } catch (error) {
      if (!(error instanceof DataError)) throw error;
      rejected.push(error);
    }
  }
  if (rejected.length > 0) throw rejected[rejected.length - 1]!;
  return undefined;
}

/**
 * Whether the run folder holds a checkpoint slot (`latest` or `previous`), without reading it.
 *
 * @param runDir - the run folder
 */
export function hasCheckpoint(runDir: string): boolean {
  const dir = join(runDir, CHECKPOINTS_DIR);
  return statOrUndefined(join(dir, LATEST)) !== undefined || statOrUndefined(join(dir, PREVIOUS)) !== undefined;
}

/**
 * A cheap check that a checkpoint folder is whole: its header parses and its data file has the
 * size the header gives. (The checksum is verified on load; reading every tensor on every save
 * would double the I/O.)
 */
function isPlausiblyComplete(folder: string): boolean {
  try {
    const headerPath = join(folder, CHECKPOINT_HEADER_FILE);
    const header = parseHeader(headerPath, fs.readFileSync(headerPath, 'utf8'));
    return fs.statSync(join(folder, CHECKPOINT_DATA_FILE)).size === header.dataBytes;
  } catch {
    return false;
  }
}

function rename(from: string, to: string): void {
  try {
    fs.renameSync(from, to);
  } catch (error) {
    throw new IoError(`rename ${from} to`, to, 'Check the disk and permissions; loading falls back to the complete checkpoint that remains.', { cause: error });
  }
}

function ensureCheckpointsDir(runDir: string, dir: string): void {
  if (statOrUndefined(dir)?.isDirectory()) return;
  try {
    fs.mkdirSync(dir);
    fsyncDirectory(runDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST' && statOrUndefined(dir)?.isDirectory()) return;
    throw new IoError('create', dir, `Check that the run folder ${runDir} exists and is writable (openRunDir creates it).`, { cause: error });
  }
}

/**
 * Removes `.tmp-*` and `.old-*` folders whose writer is gone: its pid is dead, or it is this
 * process (whose saves are synchronous, so none is in progress now). A live writer's folder is
 * left alone, so a reader in another process never breaks a running save.
 */
function removeLeftovers(dir: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch (error) {
    throw new IoError('list', dir, 'Check that the checkpoints folder is readable.', { cause: error });
  }
  for (const name of names) {
    const prefix = name.startsWith(TEMP_PREFIX) ? TEMP_PREFIX : name.startsWith(OLD_PREFIX) ? OLD_PREFIX : undefined;
    if (prefix === undefined) continue;
    const pid = pidOfSuffix(name.slice(prefix.length));
    if (pid === undefined) continue;
    if (pid === process.pid || !isProcessAlive(pid)) fs.rmSync(join(dir, name), { recursive: true, force: true });
  }
}
