/**
 * Atomic file writes: a reader (or a resumed run) sees either the old file or the new one, never a
 * mix, even when the writer is killed at any instant.
 *
 * The data goes to a temp file in the same folder (a rename is atomic only within one
 * filesystem), is fsynced, and is renamed over the target; the folder is then fsynced so the new
 * name survives a power cut. On failure the temp file is removed and the old file is untouched.
 */
import { ConfigError, IoError } from '@lrlab/core';
import { fs } from './fs-layer';
import { basename, dirname, join } from 'node:path';
import { fsyncDirectory, pidOfSuffix, uniqueSuffix } from './fs-helpers';
import { toJsonText } from './json';

/** The prefix of every temp file {@link writeFileAtomic} creates (hidden on Unix). */
const TEMP_PREFIX = '.';
/** The suffix of every temp file {@link writeFileAtomic} creates. */
const TEMP_SUFFIX = '.tmp';

/**
 * The temp name for `path`: `.<name>.<pid>-<n>-<random>.tmp` beside it. The pid, a per-process
 * counter and random bytes make it unique between processes and calls.
 */
function tempPathFor(path: string): string {
  return join(dirname(path), `${TEMP_PREFIX}${basename(path)}.${uniqueSuffix()}${TEMP_SUFFIX}`);
}

function writeAll(fd: number, bytes: Uint8Array): void {
  let written = 0;
  while (written < bytes.byteLength) {
    written += fs.writeSync(fd, bytes, written, bytes.byteLength - written);
  }
}

/**
 * Writes `data` to `path` atomically: a temp file in the same folder, fsync, rename, fsync of the
 * folder. The folder must exist. An existing file at `path` is replaced only once the new content
 * is complete on disk; if anything fails, it is left exactly as it was and the temp file is removed.
 *
 * @param path - the file to write
 * @param data - the content: a string (written as UTF-8) or bytes
 * @throws IoError naming `path` and the failed operation when the disk refuses (full, read-only,
 *   permission denied, `path` is a folder, ...)
 * @example
 * ```ts
 * writeFileAtomic('runs/a/notes.txt', 'seed 3 diverged at epoch 12\n');
 * ```
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  if (typeof data !== 'string' && !(data instanceof Uint8Array)) {
    throw new ConfigError('data', data, 'a string or a Uint8Array');
  }
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const tempPath = tempPathFor(path);
  let fd: number | undefined;
  let operation = 'create a temp file for';
  try {
    fd = fs.openSync(tempPath, 'wx');
    operation = 'write';
    writeAll(fd, bytes);
    operation = 'flush (fsync)';
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    operation = 'replace (rename onto)';
    fs.renameSync(tempPath, path);
  } catch (error) {
    if (fd !== undefined) {
      try {
        fs.closeSync(fd);
      } catch {
        // The write already failed; that error is the one to report.
      }
    }
    fs.rmSync(tempPath, { force: true });
    throw new IoError(operation, path, hintFor(error, path), { cause: error });
  }
  try {
    fsyncDirectory(dirname(path));
  } catch (error) {
    throw new IoError('flush (fsync) the folder of', path, hintFor(error, path), { cause: error });
  }
}

/**
 * Writes `value` as pretty-printed JSON (2-space indent, trailing newline) to `path` atomically,
 * via {@link writeFileAtomic}.
 *
 * @param path - the file to write
 * @param value - a JSON-serialisable value
 * @throws ConfigError naming the first value JSON cannot hold exactly (NaN, Infinity, a bigint, a
 *   typed array, a cycle), before anything is written
 * @throws IoError when the write fails, as {@link writeFileAtomic}
 * @example
 * ```ts
 * writeJsonAtomic('runs/a/config.json', { seed: 3, training: { epochs: 200 } });
 * ```
 */
export function writeJsonAtomic(path: string, value: unknown): void {
  writeFileAtomic(path, `${toJsonText(basename(path), value, 2)}\n`);
}

/**
 * The pid of the process that created a temp file left by {@link writeFileAtomic}, or
 * `undefined` when `name` is not such a temp file.
 *
 * @param name - a file name (no folder)
 */
export function atomicTempOwner(name: string): number | undefined {
  if (!name.startsWith(TEMP_PREFIX) || !name.endsWith(TEMP_SUFFIX)) return undefined;
  const inner = name.slice(0, -TEMP_SUFFIX.length);
  return pidOfSuffix(inner.slice(inner.lastIndexOf('.') + 1));
}

/** What to tell the user for a failed write, from the system error code. */
function hintFor(error: unknown, path: string): string {
  switch ((error as NodeJS.ErrnoException | undefined)?.code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return 'The disk is full: free some space and run the command again (the previous file, if any, is intact).';
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return `Check that ${dirname(path)} is writable by this user, or choose another output folder.`;
    case 'ENOENT':
      return `The folder ${dirname(path)} does not exist: create it or choose another output folder.`;
    case 'EISDIR':
    case 'ENOTEMPTY':
    case 'EEXIST':
      return `${path} is a folder: move it away or choose another output path.`;
    default:
      return 'Check the disk and the path, then run the command again (the previous file, if any, is intact).';
  }
}
