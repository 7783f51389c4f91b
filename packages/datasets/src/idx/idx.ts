/**
 * The IDX file format of MNIST and Fashion-MNIST: a 4-byte magic (0, 0, type, rank), `rank`
 * big-endian uint32 dimensions, then the values row-major. Only unsigned bytes (type 0x08) occur
 * in these datasets. Files may be gzipped (detected by the gzip magic, not the name).
 */
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { DataError, IoError } from '@lrlab/core';

/** A parsed IDX array of unsigned bytes. */
export interface IdxArray {
  /** The dimensions, e.g. [60000, 28, 28]. */
  readonly shape: readonly number[];
  /** The values, row-major. */
  readonly data: Uint8Array;
}

/** An {@link IdxArray} with the path it was read from. */
export interface IdxFile extends IdxArray {
  /** The file read (`.gz` or plain). */
  readonly file: string;
}

const UBYTE = 0x08;

/**
 * Parses an IDX array of unsigned bytes (gunzipping first when the bytes are gzip).
 *
 * @param bytes - the file's contents
 * @param file - the file's path, for error messages
 * @param hint - how to obtain a good copy, for error messages
 * @returns the array (a view of the decompressed bytes)
 * @throws DataError when the bytes are not a complete IDX ubyte array
 */
export function parseIdx(bytes: Uint8Array, file: string, hint: string): IdxArray {
  let raw = bytes;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      raw = gunzipSync(bytes);
    } catch (cause) {
      throw new DataError(file, `is not a valid gzip file (${(cause as Error).message}); it is truncated or corrupt.`, hint, { cause });
    }
  }
  if (raw.length < 4 || raw[0] !== 0 || raw[1] !== 0) {
    throw new DataError(file, `is not an IDX file: expected the magic bytes 00 00 08 <rank>, found ${hex(raw.subarray(0, 4))}.`, hint);
  }
  if (raw[2] !== UBYTE) {
    throw new DataError(file, `holds IDX type 0x${raw[2]!.toString(16).padStart(2, '0')}; expected unsigned bytes (0x08).`, hint);
  }
  const rank = raw[3]!;
  const headerBytes = 4 + 4 * rank;
  if (rank === 0 || raw.length < headerBytes) {
    throw new DataError(file, `has a truncated IDX header (rank ${rank}, ${raw.length} bytes).`, hint);
  }
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const shape = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i, false));
  const expected = shape.reduce((a, b) => a * b, 1);
  const found = raw.length - headerBytes;
  if (found !== expected) {
    const what = found < expected ? 'is truncated' : 'has trailing bytes';
    throw new DataError(file, `${what}: its header declares shape [${shape.join(', ')}] = ${expected} values, but it holds ${found}.`, hint);
  }
  return { shape, data: raw.subarray(headerBytes) };
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ') || '(empty file)';
}

/**
 * Finds and reads `<dir>/<base>.gz` or `<dir>/<base>`.
 *
 * @param dir - the folder
 * @param base - the file name without `.gz`, e.g. `train-images-idx3-ubyte`
 * @param hint - how to obtain the files, for error messages
 * @returns the parsed array and the path it was read from
 * @throws DataError when neither file exists or the file is malformed; IoError when it cannot be read
 */
export function readIdxFile(dir: string, base: string, hint: string): IdxFile {
  const candidates = [`${dir}/${base}.gz`, `${dir}/${base}`];
  const file = candidates.find((f) => existsSync(f));
  if (file === undefined) {
    throw new DataError(`${dir}/${base}.gz`, `not found (nor ${base} without .gz): expected the IDX file ${base}.`, hint);
  }
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (cause) {
    throw new IoError('read', file, 'Check that the file is readable.', { cause });
  }
  return { ...parseIdx(bytes, file, hint), file };
}
