/**
 * The IDX file format of MNIST and Fashion-MNIST: a 4-byte magic (0, 0, type, rank), `rank`
 * big-endian uint32 dimensions, then the values row-major. Only unsigned bytes (type 0x08) occur
 * in these datasets. Files may be gzipped (detected by the gzip magic, not the name).
 */
import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { constants as zlibConstants, gunzipSync } from 'node:zlib';
import { ConfigError, DataError, IoError } from '@lrlab/core';

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
 * @throws DataError when the bytes are not a complete IDX ubyte array; ConfigError when they are not bytes
 */
export function parseIdx(bytes: Uint8Array, file: string, hint: string): IdxArray {
  if (!(bytes instanceof Uint8Array)) throw new ConfigError('bytes', bytes, "a Uint8Array (or Buffer) of the file's contents");
  let raw = bytes;
  if (isGzip(bytes)) {
    try {
      raw = gunzipSync(bytes);
    } catch (cause) {
      throw new DataError(file, `is not a valid gzip file (${(cause as Error).message}); it is truncated or corrupt.`, hint, { cause });
    }
  }
  const { shape, headerBytes } = parseIdxHeader(raw, file, hint);
  checkIdxSize(shape, raw.length - headerBytes, file, hint);
  return { shape, data: raw.subarray(headerBytes) };
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Reads the header of (the start of) an IDX ubyte array; throws parseIdx's DataErrors for a bad one. */
function parseIdxHeader(raw: Uint8Array, file: string, hint: string): { shape: number[]; headerBytes: number } {
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
  return { shape: Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i, false)), headerBytes };
}

function checkIdxSize(shape: readonly number[], found: number, file: string, hint: string): void {
  const expected = shape.reduce((a, b) => a * b, 1);
  if (found !== expected) {
    const what = found < expected ? 'is truncated' : 'has trailing bytes';
    throw new DataError(file, `${what}: its header declares shape [${shape.join(', ')}] = ${expected} values, but it holds ${found}.`, hint);
  }
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
  const file = findIdxFile(dir, base, hint);
  return { ...parseIdx(readBytes(file), file, hint), file };
}

/** The shape of an IDX file and where it is, read by {@link checkIdxFile}. */
export interface IdxHeader {
  /** The file found (`.gz` or plain). */
  readonly file: string;
  /** The dimensions its header declares, e.g. [60000, 28, 28]. */
  readonly shape: readonly number[];
}

/** Bytes read from the start of a file to find its IDX header (gzip's own header may hold a name). */
const HEAD_BYTES = 4096;

/**
 * Checks `<dir>/<base>.gz` or `<dir>/<base>` without reading its data: the header, and that the
 * file's size (for gzip, the uncompressed size its trailer records) is what the header declares.
 * Anything unexpected is settled by reading the whole file as {@link readIdxFile} does, so it
 * throws exactly what reading would.
 *
 * @param dir - the folder
 * @param base - the file name without `.gz`, e.g. `train-images-idx3-ubyte`
 * @param hint - how to obtain the files, for error messages
 * @returns the file found and its shape
 * @throws DataError when neither file exists or the file is malformed; IoError when it cannot be read
 */
export function checkIdxFile(dir: string, base: string, hint: string): IdxHeader {
  const file = findIdxFile(dir, base, hint);
  const cheap = readHeaderCheaply(file, hint);
  if (cheap !== undefined) return { file, shape: cheap };
  return { file, shape: parseIdx(readBytes(file), file, hint).shape };
}

/** The shape when the header and size agree, read from the file's ends; undefined to read it all. */
function readHeaderCheaply(file: string, hint: string): number[] | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const size = fstatSync(fd).size;
    const head = new Uint8Array(Math.min(HEAD_BYTES, size));
    readSync(fd, head, 0, head.length, 0);
    if (!isGzip(head)) {
      const { shape, headerBytes } = parseIdxHeader(head, file, hint);
      return size - headerBytes === shape.reduce((a, b) => a * b, 1) ? shape : undefined;
    }
    // A gzip member ends with ISIZE, the uncompressed size mod 2^32 (RFC 1952).
    const trailer = new Uint8Array(4);
    readSync(fd, trailer, 0, 4, size - 4);
    const recorded = new DataView(trailer.buffer).getUint32(0, true);
    const start = gunzipSync(head, { finishFlush: zlibConstants.Z_SYNC_FLUSH });
    const { shape, headerBytes } = parseIdxHeader(start, file, hint);
    return (headerBytes + shape.reduce((a, b) => a * b, 1)) % 2 ** 32 === recorded ? shape : undefined;
  } catch {
    // A bad header, a corrupt gzip start, an unreadable file: reading it all reports it exactly as readIdxFile would.
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function findIdxFile(dir: string, base: string, hint: string): string {
  const candidates = [`${dir}/${base}.gz`, `${dir}/${base}`];
  const file = candidates.find((f) => existsSync(f));
  if (file === undefined) {
    throw new DataError(`${dir}/${base}.gz`, `not found (nor ${base} without .gz): expected the IDX file ${base}.`, hint);
  }
  return file;
}

function readBytes(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (cause) {
    throw new IoError('read', file, 'Check that the file is readable.', { cause });
  }
}
