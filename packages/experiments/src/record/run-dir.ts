/**
 * A run folder: where one run of a study keeps its record.
 *
 * ```
 * <run dir>/
 *   config.json      the resolved config; re-running it reproduces the run
 *   manifest.json    versions, backend, seeds, git commit, host, start/end, status, timings
 *   metrics.jsonl    one JSON object per evaluation, append-only, no wall-clock values
 *   checkpoints/     latest/ and previous/
 *   run.lock         held while a process runs it
 * ```
 *
 * Nothing a user wrote is overwritten: a folder is only reused for the very config it holds, and
 * a non-empty folder that is not a run folder is refused.
 */
import { ConfigError, DataError, IoError } from '@lrlab/core';
import { fs } from './fs-layer';
import { dirname, join, resolve } from 'node:path';
import { atomicTempOwner, writeFileAtomic } from './atomic';
import { CHECKPOINTS_DIR, hasCheckpoint } from './checkpoint';
import { fsyncDirectory, isProcessAlive, statOrUndefined } from './fs-helpers';
import { diffJson, formatDifferences } from './json-diff';
import { isJsonObject, toJsonText, type JsonObject } from './json';
import { MANIFEST_FILE, readManifest, type RunManifest } from './manifest';
import { LOCK_FILE, acquireRunLock, type RunLock } from './run-lock';

/** The resolved config's file name in a run folder. */
export const CONFIG_FILE = 'config.json';
/** The metrics log's file name in a run folder. */
export const METRICS_FILE = 'metrics.jsonl';

/**
 * Where a run folder stands: `new` (nothing run yet), `partial` (started; resume from its latest
 * checkpoint), `finished` (its manifest says `finished` or `diverged`: the run reached its end, and
 * running it again would reproduce the same record).
 */
type RunState = 'new' | 'partial' | 'finished';

/** The paths of a run folder's files. */
interface RunFiles {
  /** `config.json`. */
  readonly config: string;
  /** `manifest.json`. */
  readonly manifest: string;
  /** `metrics.jsonl`. */
  readonly metrics: string;
  /** `checkpoints/`. */
  readonly checkpoints: string;
  /** `run.lock`. */
  readonly lock: string;
}

/** An open run folder, locked by this process. */
export interface RunDirHandle {
  /** The folder, as an absolute path. */
  readonly path: string;
  /** Where the run stands. */
  readonly state: RunState;
  /** The stored manifest, when the run has one. */
  readonly manifest: RunManifest | undefined;
  /** Its files. */
  readonly files: RunFiles;
  /** The held lock. */
  readonly lock: RunLock;
  /** Releases the lock (the same as `lock.release()`). */
  release(): void;
}

/**
 * Opens a run folder for `resolvedConfig`, creating it (and its parents) with `config.json` when
 * it does not exist, and takes its lock. An existing folder must hold the same config (deep JSON
 * equality) or be empty. Validate the config before calling: a folder is created only once it is
 * known to be serialisable.
 *
 * @param path - the run folder
 * @param resolvedConfig - the resolved config, a JSON object
 * @returns the open folder with its state; release it when the run ends
 * @throws ConfigError listing the differing JSON paths (at most 10) when the folder holds another
 *   config, or when the folder holds files that are not a run's; also when the config is not JSON
 * @throws IoError when another live process holds the lock (naming its pid), or when the folder
 *   cannot be created or written
 * @throws DataError when the stored `config.json` or `manifest.json` is damaged
 * @example
 * ```ts
 * const run = openRunDir('runs/synthetic/small-lr-seed3', resolved);
 * try {
 *   if (run.state === 'finished') return;
 *   // ... train, resuming from loadLatestCheckpoint(run.path) when run.state is 'partial'
 * } finally {
 *   run.release();
 * }
 * ```
 */
export function openRunDir(path: string, resolvedConfig: object): RunDirHandle {
  if (!isJsonObject(resolvedConfig)) throw new ConfigError('config', resolvedConfig, 'a JSON object');
  const configText = `${toJsonText('config', resolvedConfig, 2)}\n`;
  const dir = resolve(path);
  const files: RunFiles = {
    config: join(dir, CONFIG_FILE),
    manifest: join(dir, MANIFEST_FILE),
    metrics: join(dir, METRICS_FILE),
    checkpoints: join(dir, CHECKPOINTS_DIR),
    lock: join(dir, LOCK_FILE),
  };
  createFolder(dir);
  const lock = acquireRunLock(dir);
  try {
    removeTempLeftovers(dir);
    const stored = readStoredConfig(files.config);
    if (stored === undefined) {
      refuseForeignFolder(dir);
      writeFileAtomic(files.config, configText);
    } else {
      checkSameConfig(dir, files.config, stored, JSON.parse(configText));
    }
    const manifest = readManifest(dir);
    return { path: dir, state: stateOf(dir, files, manifest), manifest, files, lock, release: () => lock.release() };
  } catch (error) {
    lock.release();
    throw error;
  }
}

function createFolder(dir: string): void {
  const stat = statOrUndefined(dir);
  if (stat?.isDirectory()) return;
  if (stat) {
    throw new IoError('use as a run folder', dir, 'Choose another --out folder.', { cause: new Error('it is a file, not a folder') });
  }
  try {
    fs.mkdirSync(dir, { recursive: true });
    fsyncDirectory(dirname(dir));
  } catch (error) {
    throw new IoError('create', dir, 'Check that the parent folder is writable, or choose another --out folder.', { cause: error });
  }
}

/** Removes `writeFileAtomic` temp files left by processes that are gone (this one holds the lock). */
function removeTempLeftovers(dir: string): void {
  for (const name of fs.readdirSync(dir)) {
    const pid = atomicTempOwner(name);
    if (pid !== undefined && (pid === process.pid || !isProcessAlive(pid))) fs.rmSync(join(dir, name), { force: true });
  }
}

function readStoredConfig(file: string): JsonObject | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new IoError('read', file, 'Check the file permissions.', { cause: error });
  }
  const hint = 'The stored config was edited or damaged: restore it, or delete the run folder to start again.';
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new DataError(file, `not valid JSON (${(error as Error).message}).`, hint, { cause: error });
  }
  if (!isJsonObject(value)) throw new DataError(file, 'not a JSON object.', hint);
  return value;
}

/**
 * A folder without `config.json` may be used only when it holds nothing but a lock: a folder with
 * run files but no config is damaged, and one with other files belongs to someone else.
 */
function refuseForeignFolder(dir: string): void {
  const others = fs.readdirSync(dir).filter((name) => name !== LOCK_FILE);
  if (others.length === 0) return;
  const runFiles = others.filter((name) => name === MANIFEST_FILE || name === METRICS_FILE || name === CHECKPOINTS_DIR);
  if (runFiles.length > 0) {
    throw new DataError(join(dir, CONFIG_FILE), `is missing, but the folder holds ${runFiles.join(', ')}: the run folder is damaged.`, `Delete ${dir} to start the run again, or choose another --out folder.`);
  }
  const shown = others.slice(0, 3).join(', ') + (others.length > 3 ? ', …' : '');
  throw new ConfigError(
    'out',
    dir,
    'a new folder, an empty folder, or a run folder of this config',
    `It holds other files (${shown}) and lrlab does not write among them: choose another --out folder.`,
  );
}

function checkSameConfig(dir: string, file: string, stored: JsonObject, given: unknown): void {
  const differences = diffJson(stored, given);
  if (differences.length === 0) return;
  const count = `${differences.length} path${differences.length === 1 ? '' : 's'}`;
  throw new ConfigError(
    'config',
    differences.map((d) => d.path),
    `the config already stored in ${file}`,
    `It differs at ${count} (stored → given):\n  ${formatDifferences(differences, 10).join('\n  ')}\n` +
      `Choose another --out folder for this config, or delete ${dir} to start the run over with it.`,
  );
}

function stateOf(dir: string, files: RunFiles, manifest: RunManifest | undefined): RunState {
  if (manifest?.status === 'finished' || manifest?.status === 'diverged') return 'finished';
  const metricsBytes = statOrUndefined(files.metrics)?.size ?? 0;
  if (manifest !== undefined || hasCheckpoint(dir) || metricsBytes > 0) return 'partial';
  return 'new';
}
