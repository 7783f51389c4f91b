/**
 * `metrics.jsonl`: one JSON object per evaluation, one per line, append-only. Each line is written
 * whole and fsynced, and its end offset is what a checkpoint records, so a resumed run can cut the
 * file back to exactly the lines its checkpoint had seen (evaluations after it are re-run, and
 * would otherwise appear twice). A run killed mid-write leaves a torn last line without `\n`; it is
 * ignored when reading and removed before the next append.
 */
import { ConfigError, DataError, IoError, checkInteger } from '@lrlab/core';
import { fs } from './fs-layer';
import { dirname } from 'node:path';
import * as zlib from 'node:zlib';
import { fsyncDirectory } from './fs-helpers';
import { isJsonObject, toJsonText, type JsonObject } from './json';

const NEWLINE = 0x0a;
const TAIL_CHUNK_BYTES = 64 * 1024;

/**
 * The byte offset just after the last `\n` of the file open as `fd` (0 when it has none), found by
 * reading backwards from its end.
 */
function endOfLastCompleteLine(fd: number, size: number): number {
  const chunk = Buffer.alloc(Math.min(TAIL_CHUNK_BYTES, size));
  let end = size;
  while (end > 0) {
    const start = Math.max(0, end - chunk.byteLength);
    const length = end - start;
    fs.readSync(fd, chunk, 0, length, start);
    const at = chunk.subarray(0, length).lastIndexOf(NEWLINE);
    if (at >= 0) return start + at + 1;
    end = start;
  }
  return 0;
}

function writeAll(fd: number, bytes: Uint8Array): void {
  let written = 0;
  while (written < bytes.byteLength) written += fs.writeSync(fd, bytes, written, bytes.byteLength - written);
}

/**
 * Reads every complete line of a metrics file as a JSON object, in order. A torn last line (bytes
 * after the last `\n`, left by a killed writer) is ignored; blank lines are skipped. A path ending
 * in `.gz` is gunzipped first (published results keep their metrics compressed).
 *
 * @param path - the `metrics.jsonl` (or `metrics.jsonl.gz`) file
 * @returns one object per complete line
 * @throws IoError when the file cannot be read (missing, permission denied)
 * @throws DataError naming the file and line when a complete line is not a JSON object
 * @example
 * ```ts
 * const curve = readMetricsFile('runs/a/metrics.jsonl').map((r) => r['testAccuracy']);
 * ```
 */
export function readMetricsFile(path: string): JsonObject[] {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(path);
  } catch (error) {
    throw new IoError('read', path, 'Check that the run folder exists and holds metrics.jsonl.', { cause: error });
  }
  if (path.endsWith('.gz')) {
    try {
      bytes = zlib.gunzipSync(bytes);
    } catch (error) {
      throw new DataError(path, 'is not a valid gzip file.', 'Restore it from the repository, or re-run the study.', { cause: error });
    }
  }
  const records: JsonObject[] = [];
  let start = 0;
  for (let line = 1; ; line++) {
    const end = bytes.indexOf(NEWLINE, start);
    if (end < 0) break;
    const text = bytes.toString('utf8', start, end);
    start = end + 1;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new DataError(path, `line ${line} is not valid JSON (${(error as Error).message}).`, 'The file was edited or damaged: restore it, or delete the run folder and run again.', { cause: error });
    }
    if (!isJsonObject(value)) {
      throw new DataError(path, `line ${line} is not a JSON object.`, 'The file was edited or damaged: restore it, or delete the run folder and run again.');
    }
    records.push(value);
  }
  return records;
}

/**
 * An open `metrics.jsonl`, appended to by one process (the one holding the run lock).
 *
 * @example
 * ```ts
 * const log = MetricsLog.open('runs/a/metrics.jsonl');
 * log.truncate(checkpoint?.meta.metricsOffset ?? 0); // on resume: drop lines after the checkpoint
 * const offset = log.append({ step: 500, epoch: 1, testAccuracy: 0.41 });
 * log.close();
 * ```
 */
export class MetricsLog {
  /** The file's path. */
  readonly path: string;
  private fd: number | undefined;
  private size: number;
  private torn: number;

  private constructor(path: string, fd: number, size: number, torn: number) {
    this.path = path;
    this.fd = fd;
    this.size = size;
    this.torn = torn;
  }

  /**
   * Opens `path` for appending, creating it (empty) when it does not exist. The folder must exist.
   * Nothing in the file is changed by opening it.
   *
   * @param path - the `metrics.jsonl` file
   * @returns the open log; {@link MetricsLog.close} it when done
   * @throws IoError when the file cannot be opened or read
   */
  static open(path: string): MetricsLog {
    let fd: number | undefined;
    let readFd: number | undefined;
    try {
      const existed = fs.existsSync(path);
      fd = fs.openSync(path, 'a');
      if (!existed) fsyncDirectory(dirname(path));
      const size = fs.fstatSync(fd).size;
      readFd = fs.openSync(path, 'r');
      const complete = endOfLastCompleteLine(readFd, size);
      return new MetricsLog(path, fd, size, size - complete);
    } catch (error) {
      if (fd !== undefined) fs.closeSync(fd);
      throw new IoError('open for appending', path, 'Check that the run folder exists and is writable.', { cause: error });
    } finally {
      if (readFd !== undefined) fs.closeSync(readFd);
    }
  }

  /** The file's current size in bytes: the offset at which the next line will start (after any torn tail is removed). */
  get offset(): number {
    return this.size;
  }

  /** Bytes of a torn last line (no `\n`) at the end of the file, left by a killed writer; 0 normally. */
  get tornBytes(): number {
    return this.torn;
  }

  /**
   * Appends one record as one line: `JSON.stringify(record)` (keys in the order given) and `\n`,
   * then fsyncs. A torn last line left by a killed writer is removed first, so it cannot merge
   * with the new line.
   *
   * @param record - a plain object of JSON values; no wall-clock values, so that reruns compare equal
   * @returns the byte offset just after the new line (the value a checkpoint records)
   * @throws ConfigError when `record` is not a plain object or holds a value JSON cannot store
   *   exactly (NaN, Infinity, ...)
   * @throws IoError when the write fails; the file is cut back to its previous size when possible
   */
  append(record: object): number {
    const fd = this.openFd();
    if (!isJsonObject(record)) throw new ConfigError('metrics record', record, 'a plain object');
    const bytes = Buffer.from(`${toJsonText('metrics record', record)}\n`, 'utf8');
    if (this.torn > 0) this.truncate(this.size - this.torn);
    const before = this.size;
    try {
      writeAll(fd, bytes);
      fs.fsyncSync(fd);
    } catch (error) {
      try {
        fs.ftruncateSync(fd, before);
      } catch {
        // Leave the partial line: it is torn (no newline) and will be ignored and removed later.
      }
      this.size = fs.fstatSync(fd).size;
      this.torn = this.size - before;
      throw new IoError('append to', this.path, 'Free disk space or check permissions, then resume the run.', { cause: error });
    }
    this.size = before + bytes.byteLength;
    return this.size;
  }

  /**
   * Cuts the file back to `offset` bytes (a line boundary, e.g. the offset stored in the
   * checkpoint being resumed) and fsyncs it. Removes a torn last line along with everything after
   * `offset`.
   *
   * @param offset - the new size: 0, or an offset just after a `\n`
   * @throws ConfigError when `offset` is not a non-negative integer
   * @throws DataError when the file is shorter than `offset` or `offset` is not at a line boundary
   *   (the checkpoint and the metrics file do not belong together)
   */
  truncate(offset: number): void {
    const fd = this.openFd();
    checkInteger('offset', offset, { min: 0 });
    const hint = 'The metrics file does not match the checkpoint: restore it, or delete the run folder and start the run again.';
    if (offset > this.size) {
      throw new DataError(this.path, `it has ${this.size} bytes, fewer than the offset ${offset} to resume from.`, hint);
    }
    if (offset > 0) {
      const previous = Buffer.alloc(1);
      const readFd = fs.openSync(this.path, 'r');
      try {
        fs.readSync(readFd, previous, 0, 1, offset - 1);
      } finally {
        fs.closeSync(readFd);
      }
      if (previous[0] !== NEWLINE) throw new DataError(this.path, `offset ${offset} is not at the end of a line.`, hint);
    }
    try {
      fs.ftruncateSync(fd, offset);
      fs.fsyncSync(fd);
    } catch (error) {
      throw new IoError('truncate', this.path, 'Check that the file is writable, then resume the run again.', { cause: error });
    }
    this.size = offset;
    this.torn = 0;
  }

  /**
   * Reads every complete line, as {@link readMetricsFile}.
   *
   * @returns one object per complete line, in order
   */
  readAll(): JsonObject[] {
    this.openFd();
    return readMetricsFile(this.path);
  }

  /** Closes the file. Further calls other than `close` throw. */
  close(): void {
    if (this.fd === undefined) return;
    fs.closeSync(this.fd);
    this.fd = undefined;
  }

  private openFd(): number {
    if (this.fd === undefined) throw new Error(`MetricsLog ${this.path} is closed.`);
    return this.fd;
  }
}
