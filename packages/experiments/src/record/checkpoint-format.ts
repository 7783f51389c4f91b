/**
 * The checkpoint format, version 1: a folder holding two files.
 *
 * - `tensors.bin`: every tensor's elements, little-endian, one after another in the order of the
 *   header's `tensors` list, with no padding (both dtypes have 4-byte elements, so every tensor
 *   starts 4-byte aligned).
 * - `checkpoint.json`: the header, `{ format: "lrlab-checkpoint", version: 1, byteOrder:
 *   "little-endian", meta, tensors: [{ name, dtype, shape, byteOffset, byteLength }], dataFile:
 *   "tensors.bin", dataBytes, dataSha256 }`. `meta` is any JSON object (step, epoch, metrics
 *   offset, seed counters, optimizer config); `dataSha256` is the SHA-256 of `tensors.bin`.
 *
 * Bytes are copied, never converted through numbers, so a round trip is exact bit for bit (NaN
 * payloads and -0 included). A reader accepts versions up to {@link CHECKPOINT_FORMAT_VERSION}.
 */
import { ConfigError, DataError } from '@lrlab/core';
import { endianness } from 'node:os';
import { isJsonObject, jsonPath, type JsonObject } from './json';

/** The value of the header's `format` field. */
const CHECKPOINT_FORMAT = 'lrlab-checkpoint';
/** The format version this code writes, and the newest it reads. */
export const CHECKPOINT_FORMAT_VERSION = 1;
/** The header's file name inside a checkpoint folder. */
export const CHECKPOINT_HEADER_FILE = 'checkpoint.json';
/** The tensor data's file name inside a checkpoint folder. */
export const CHECKPOINT_DATA_FILE = 'tensors.bin';

/** The element types a checkpoint stores (both 4 bytes per element). */
export type CheckpointDtype = 'float32' | 'int32';

/** A float32 tensor in a checkpoint. */
export interface Float32CheckpointTensor {
  /** Element type. */
  readonly dtype: 'float32';
  /** Dimensions; their product is `data.length` (`[]` for a scalar). */
  readonly shape: readonly number[];
  /** Elements in row-major order. */
  readonly data: Float32Array;
}

/** An int32 tensor in a checkpoint. */
export interface Int32CheckpointTensor {
  /** Element type. */
  readonly dtype: 'int32';
  /** Dimensions; their product is `data.length` (`[]` for a scalar). */
  readonly shape: readonly number[];
  /** Elements in row-major order. */
  readonly data: Int32Array;
}

/** A named tensor in a checkpoint: its dtype, shape and elements. */
export type CheckpointTensor = Float32CheckpointTensor | Int32CheckpointTensor;

/**
 * What a checkpoint holds: a JSON `meta` object and named tensors (model weights, optimizer
 * slots, anything numeric).
 *
 * @typeParam M - the meta object's type; loading does not check it, the caller does
 */
export interface Checkpoint<M extends object = JsonObject> {
  /** JSON state: step, epoch, batch index, metrics-file offset, seed counters, optimizer config. */
  readonly meta: M;
  /** Tensors by name, stored in this key order. */
  readonly tensors: Readonly<Record<string, CheckpointTensor>>;
}

/** One tensor's entry in the header. */
export interface TensorEntry {
  /** The tensor's name (a key of {@link Checkpoint.tensors}). */
  readonly name: string;
  /** Element type. */
  readonly dtype: CheckpointDtype;
  /** Dimensions. */
  readonly shape: readonly number[];
  /** Where its bytes start in `tensors.bin`. */
  readonly byteOffset: number;
  /** How many bytes it has: 4 × the product of `shape`. */
  readonly byteLength: number;
}

/** The parsed and validated `checkpoint.json`. */
export interface CheckpointHeader {
  /** Always {@link CHECKPOINT_FORMAT}. */
  readonly format: typeof CHECKPOINT_FORMAT;
  /** The format version it was written with. */
  readonly version: number;
  /** Always `little-endian`. */
  readonly byteOrder: 'little-endian';
  /** The checkpoint's JSON meta object. */
  readonly meta: JsonObject;
  /** Every tensor, in file order. */
  readonly tensors: readonly TensorEntry[];
  /** The data file's name. */
  readonly dataFile: typeof CHECKPOINT_DATA_FILE;
  /** The data file's size in bytes. */
  readonly dataBytes: number;
  /** SHA-256 of the data file, lowercase hex. */
  readonly dataSha256: string;
}

const BYTES_PER_ELEMENT = 4;
const LITTLE_ENDIAN_HOST = endianness() === 'LE';

function elementCount(shape: readonly number[]): number {
  return shape.reduce((product, size) => product * size, 1);
}

function isShape(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((size) => typeof size === 'number' && Number.isSafeInteger(size) && size >= 0);
}

/**
 * Checks a checkpoint before anything is written and lists its tensors with their byte ranges.
 *
 * @param checkpoint - the checkpoint to save
 * @returns the header's tensor entries, in key order
 * @throws ConfigError naming the first bad field (`meta`, `tensors.w.shape`, ...)
 */
export function planTensors(checkpoint: Checkpoint<object>): TensorEntry[] {
  if (!isJsonObject(checkpoint.meta)) throw new ConfigError('meta', checkpoint.meta, 'a plain JSON object');
  const tensors: unknown = checkpoint.tensors;
  if (typeof tensors !== 'object' || tensors === null || Array.isArray(tensors)) {
    throw new ConfigError('tensors', tensors, 'an object of named tensors');
  }
  const entries: TensorEntry[] = [];
  let byteOffset = 0;
  // Typed as loosely as a caller's untyped JSON-ish object may be: every field is checked here.
  for (const [name, tensor] of Object.entries(tensors as Record<string, { dtype: unknown; shape: unknown; data: unknown }>)) {
    const field = jsonPath('tensors', name);
    if (name === '') throw new ConfigError('tensors', name, 'tensor names that are not empty');
    if (typeof tensor !== 'object' || tensor === null) throw new ConfigError(field, tensor, 'a tensor { dtype, shape, data }');
    if (tensor.dtype !== 'float32' && tensor.dtype !== 'int32') {
      throw new ConfigError(`${field}.dtype`, tensor.dtype, '"float32" or "int32"');
    }
    const expectedType = tensor.dtype === 'float32' ? Float32Array : Int32Array;
    if (!(tensor.data instanceof expectedType)) {
      throw new ConfigError(`${field}.data`, tensor.data, `a ${expectedType.name} (dtype is ${tensor.dtype})`);
    }
    if (!isShape(tensor.shape)) throw new ConfigError(`${field}.shape`, tensor.shape, 'an array of non-negative integers');
    const length = (tensor.data as Float32Array | Int32Array).length;
    if (elementCount(tensor.shape) !== length) {
      throw new ConfigError(
        `${field}.shape`,
        tensor.shape,
        `dimensions whose product is data.length = ${length}`,
        `Give ${field} the shape of its data.`,
      );
    }
    const byteLength = length * BYTES_PER_ELEMENT;
    entries.push({ name, dtype: tensor.dtype, shape: [...tensor.shape], byteOffset, byteLength });
    byteOffset += byteLength;
  }
  return entries;
}

/**
 * A tensor's elements as little-endian bytes: a view of the same memory on a little-endian host,
 * a byte-swapped copy on a big-endian one.
 *
 * @param data - the elements
 */
export function toLittleEndianBytes(data: Float32Array | Int32Array): Uint8Array {
  const view = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return LITTLE_ENDIAN_HOST ? view : swapWords(view);
}

/**
 * Copies a tensor's little-endian bytes into a new typed array (fresh memory, properly aligned).
 *
 * @param bytes - exactly 4 × element count bytes
 * @param dtype - the element type
 */
export function fromLittleEndianBytes(bytes: Uint8Array, dtype: CheckpointDtype): Float32Array | Int32Array {
  const copy = LITTLE_ENDIAN_HOST ? new Uint8Array(bytes) : swapWords(bytes);
  return dtype === 'float32' ? new Float32Array(copy.buffer, 0, copy.byteLength / 4) : new Int32Array(copy.buffer, 0, copy.byteLength / 4);
}

function swapWords(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.byteLength);
  for (let i = 0; i < bytes.byteLength; i += 4) {
    out[i] = bytes[i + 3]!;
    out[i + 1] = bytes[i + 2]!;
    out[i + 2] = bytes[i + 1]!;
    out[i + 3] = bytes[i]!;
  }
  return out;
}

/**
 * Builds the header for a checkpoint's meta and planned tensors.
 *
 * @param meta - the JSON meta object
 * @param tensors - the entries from {@link planTensors}
 * @param dataSha256 - SHA-256 of the data file, lowercase hex
 */
export function buildHeader(meta: JsonObject, tensors: readonly TensorEntry[], dataSha256: string): CheckpointHeader {
  const last = tensors[tensors.length - 1];
  return {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_FORMAT_VERSION,
    byteOrder: 'little-endian',
    meta,
    tensors,
    dataFile: CHECKPOINT_DATA_FILE,
    dataBytes: last === undefined ? 0 : last.byteOffset + last.byteLength,
    dataSha256,
  };
}

/** The hint of every error about a damaged checkpoint. */
export const CHECKPOINT_DAMAGED_HINT = 'The checkpoint is damaged or was not written by lrlab: delete its folder to resume from the other checkpoint, or delete the run folder to start again.';

/**
 * Parses and validates `checkpoint.json`: the format and version, and every tensor's dtype,
 * shape and byte range (contiguous, in order, sizes matching shapes, summing to `dataBytes`).
 *
 * @param file - the header's path, for errors
 * @param text - its content
 * @returns the validated header
 * @throws DataError naming `file` and what is wrong
 */
export function parseHeader(file: string, text: string): CheckpointHeader {
  const fail = (problem: string, hint = CHECKPOINT_DAMAGED_HINT): never => {
    throw new DataError(file, problem, hint);
  };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return fail(`not valid JSON (${(error as Error).message}); the file is truncated or corrupt.`);
  }
  if (!isJsonObject(raw)) return fail('not a JSON object.');
  if (raw['format'] !== CHECKPOINT_FORMAT) return fail(`format is ${JSON.stringify(raw['format'])}, expected "${CHECKPOINT_FORMAT}".`);
  const version = raw['version'];
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) return fail(`version is ${JSON.stringify(version)}, expected a positive integer.`);
  if (version > CHECKPOINT_FORMAT_VERSION) {
    fail(`format version ${version} is newer than this lrlab reads (${CHECKPOINT_FORMAT_VERSION}).`, 'Upgrade @lrlab/experiments to resume this run.');
  }
  if (raw['byteOrder'] !== 'little-endian') return fail(`byteOrder is ${JSON.stringify(raw['byteOrder'])}, expected "little-endian".`);
  if (!isJsonObject(raw['meta'])) return fail('meta is not a JSON object.');
  if (raw['dataFile'] !== CHECKPOINT_DATA_FILE) return fail(`dataFile is ${JSON.stringify(raw['dataFile'])}, expected "${CHECKPOINT_DATA_FILE}".`);
  const dataSha256 = raw['dataSha256'];
  if (typeof dataSha256 !== 'string' || !/^[0-9a-f]{64}$/.test(dataSha256)) return fail('dataSha256 is not a SHA-256 hex digest.');
  const list = raw['tensors'];
  if (!Array.isArray(list)) return fail('tensors is not an array.');
  const tensors: TensorEntry[] = [];
  const names = new Set<string>();
  let byteOffset = 0;
  list.forEach((entry: unknown, i) => {
    const at = `tensors[${i}]`;
    if (!isJsonObject(entry)) return fail(`${at} is not an object.`);
    const { name, dtype, shape } = entry;
    if (typeof name !== 'string' || name === '' || names.has(name)) return fail(`${at}.name is missing, empty or repeated.`);
    if (dtype !== 'float32' && dtype !== 'int32') return fail(`${at} (${name}) has dtype ${JSON.stringify(dtype)}, expected "float32" or "int32".`);
    if (!isShape(shape)) return fail(`${at} (${name}) has shape ${JSON.stringify(shape)}, expected non-negative integers.`);
    const byteLength = elementCount(shape) * BYTES_PER_ELEMENT;
    if (entry['byteOffset'] !== byteOffset || entry['byteLength'] !== byteLength) {
      return fail(
        `${at} (${name}) has byteOffset ${JSON.stringify(entry['byteOffset'])} and byteLength ${JSON.stringify(entry['byteLength'])}, expected ${byteOffset} and ${byteLength} (shape ${JSON.stringify(shape)}).`,
      );
    }
    names.add(name);
    tensors.push({ name, dtype, shape, byteOffset, byteLength });
    byteOffset += byteLength;
    return undefined;
  });
  if (raw['dataBytes'] !== byteOffset) return fail(`dataBytes is ${JSON.stringify(raw['dataBytes'])}, but the tensors take ${byteOffset} bytes.`);
  return {
    format: CHECKPOINT_FORMAT,
    version,
    byteOrder: 'little-endian',
    meta: raw['meta'],
    tensors,
    dataFile: CHECKPOINT_DATA_FILE,
    dataBytes: byteOffset,
    dataSha256,
  };
}
