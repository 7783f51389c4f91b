/**
 * Writes and reads one checkpoint folder in the format of `checkpoint-format.ts`. Rotation
 * (latest / previous) is `checkpoints.ts`'s job; this file only knows a single folder.
 */
import { DataError, IoError } from '@lrlab/core';
import { createHash } from 'node:crypto';
import { fs } from './fs-layer';
import { join } from 'node:path';
import { fsyncDirectory } from './fs-helpers';
import {
  CHECKPOINT_DAMAGED_HINT,
  CHECKPOINT_DATA_FILE,
  CHECKPOINT_HEADER_FILE,
  buildHeader,
  fromLittleEndianBytes,
  parseHeader,
  planTensors,
  toLittleEndianBytes,
  type Checkpoint,
  type CheckpointTensor,
} from './checkpoint-format';
import { toJsonText, type JsonObject } from './json';

function writeAll(fd: number, bytes: Uint8Array): void {
  let written = 0;
  while (written < bytes.byteLength) written += fs.writeSync(fd, bytes, written, bytes.byteLength - written);
}

/** Creates `path` (which must not exist), lets `fill` write it, fsyncs and closes it. */
function writeNewFile(path: string, fill: (fd: number) => void): void {
  const fd = fs.openSync(path, 'wx');
  try {
    fill(fd);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Writes a checkpoint into `folder` (created here; it must not exist): `tensors.bin`, then
 * `checkpoint.json`, each fsynced, then the folder itself. The caller renames the folder into
 * place; a folder whose header is missing is incomplete by construction.
 *
 * @param folder - a new folder path
 * @param checkpoint - what to store
 * @returns the number of tensor data bytes written
 * @throws ConfigError for an invalid checkpoint (checked before anything is written)
 * @throws Error from the filesystem; the caller wraps it and removes the folder
 */
export function writeCheckpointFolder(folder: string, checkpoint: Checkpoint<object>): number {
  const entries = planTensors(checkpoint);
  const metaText = toJsonText('meta', checkpoint.meta);
  fs.mkdirSync(folder);
  const hash = createHash('sha256');
  writeNewFile(join(folder, CHECKPOINT_DATA_FILE), (fd) => {
    for (const entry of entries) {
      const bytes = toLittleEndianBytes(checkpoint.tensors[entry.name]!.data);
      hash.update(bytes);
      writeAll(fd, bytes);
    }
  });
  const header = buildHeader(JSON.parse(metaText) as JsonObject, entries, hash.digest('hex'));
  writeNewFile(join(folder, CHECKPOINT_HEADER_FILE), (fd) => writeAll(fd, Buffer.from(`${JSON.stringify(header, null, 2)}\n`, 'utf8')));
  fsyncDirectory(folder);
  return header.dataBytes;
}

/**
 * Reads and validates one checkpoint folder: the header, the data file's size and SHA-256, and
 * every tensor's byte range.
 *
 * @param folder - a checkpoint folder (e.g. `runs/a/checkpoints/latest`)
 * @returns the checkpoint, with fresh typed arrays bit-identical to those saved
 * @throws DataError naming the file at fault when a file is missing, truncated or corrupt
 * @throws IoError when a file exists but cannot be read
 * @example
 * ```ts
 * const { meta, tensors } = readCheckpoint('runs/a/checkpoints/previous');
 * ```
 */
export function readCheckpoint<M extends object = JsonObject>(folder: string): Checkpoint<M> {
  const headerPath = join(folder, CHECKPOINT_HEADER_FILE);
  const dataPath = join(folder, CHECKPOINT_DATA_FILE);
  const header = parseHeader(headerPath, readOrFail(headerPath).toString('utf8'));
  const data = readOrFail(dataPath);
  if (data.byteLength !== header.dataBytes) {
    throw new DataError(dataPath, `has ${data.byteLength} bytes, but ${headerPath} lists ${header.dataBytes}; the file is truncated or corrupt.`, CHECKPOINT_DAMAGED_HINT);
  }
  const sha256 = createHash('sha256').update(data).digest('hex');
  if (sha256 !== header.dataSha256) {
    throw new DataError(dataPath, `its SHA-256 ${sha256} differs from ${header.dataSha256} in the header; the data is corrupt.`, CHECKPOINT_DAMAGED_HINT);
  }
  const tensors: Record<string, CheckpointTensor> = {};
  for (const entry of header.tensors) {
    const bytes = data.subarray(entry.byteOffset, entry.byteOffset + entry.byteLength);
    tensors[entry.name] = { dtype: entry.dtype, shape: entry.shape, data: fromLittleEndianBytes(bytes, entry.dtype) } as CheckpointTensor;
  }
  return { meta: header.meta as unknown as M, tensors };
}

function readOrFail(path: string): Buffer {
  try {
    return fs.readFileSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new DataError(path, 'is missing; the checkpoint is incomplete.', CHECKPOINT_DAMAGED_HINT, { cause: error });
    }
    throw new IoError('read', path, 'Check the file permissions and the disk.', { cause: error });
  }
}
