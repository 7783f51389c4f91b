/**
 * The saved-weights format, version 1: a JSON-serialisable object that holds every variable of a
 * model (trainable, batch-norm running statistics, fixed) by logical path, with the model's
 * resolved config.
 *
 * ```json
 * {
 *   "format": "lrlab-weights",
 *   "version": 1,
 *   "model": { "kind": "wide-resnet", "depth": 16, ... },
 *   "tensors": {
 *     "conv1/kernel": { "shape": [3, 3, 3, 16], "dtype": "float32", "data": "<base64>" },
 *     ...
 *   }
 * }
 * ```
 *
 * `data` is the base64 encoding of the values as little-endian IEEE-754 float32, row-major, so a
 * save → JSON → load round trip is exact to the bit. Keys are logical paths, not tfjs variable
 * names, so weights load into any instance of the same architecture.
 */
import * as tf from '@tensorflow/tfjs';
import { ConfigError, formatValue, type KindConfig } from '@lrlab/core';
import type { ModelVariable } from './variables';

/** The `format` tag of saved weights. */
export const WEIGHTS_FORMAT = 'lrlab-weights';

/** The current version of the format; loaders reject other versions. */
export const WEIGHTS_VERSION = 1;

/** One saved tensor. */
export interface SavedTensor {
  /** The tensor's shape. */
  readonly shape: readonly number[];
  /** The element type; version 1 stores float32 only. */
  readonly dtype: 'float32';
  /** Base64 of the values as little-endian float32, row-major. */
  readonly data: string;
}

/** Saved model weights (version 1 of the format; see the module description). */
export interface ModelWeights {
  /** Always `lrlab-weights`. */
  readonly format: typeof WEIGHTS_FORMAT;
  /** The format version, 1. */
  readonly version: typeof WEIGHTS_VERSION;
  /** The resolved config of the model the weights came from (of any kind: built in or a user's). */
  readonly model: KindConfig;
  /** Every variable, by logical path. */
  readonly tensors: Readonly<Record<string, SavedTensor>>;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function swapBytes(bytes: Uint8Array): void {
  for (let i = 0; i < bytes.length; i += 4) {
    const a = bytes[i]!;
    const b = bytes[i + 1]!;
    bytes[i] = bytes[i + 3]!;
    bytes[i + 1] = bytes[i + 2]!;
    bytes[i + 2] = b;
    bytes[i + 3] = a;
  }
}

function encodeFloat32(values: Float32Array): string {
  const bytes = new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength));
  if (!LITTLE_ENDIAN) swapBytes(bytes);
  return Buffer.from(bytes).toString('base64');
}

function decodeFloat32(data: string, field: string, size: number): Float32Array {
  const bytes = Buffer.from(data, 'base64');
  if (bytes.length !== 4 * size) {
    throw new ConfigError(`${field}.data`, `${bytes.length} bytes`, `${4 * size} bytes (${size} float32 values, base64)`, 'The weights are truncated or corrupt: save them again.');
  }
  const copy = new Uint8Array(bytes);
  if (!LITTLE_ENDIAN) swapBytes(copy);
  return new Float32Array(copy.buffer, copy.byteOffset, size);
}

/**
 * Snapshots variables in the saved-weights format, reading them asynchronously (as a GPU backend
 * requires).
 *
 * @param config - the model's resolved config
 * @param variables - the model's variables
 * @returns the saved weights
 */
export async function encodeWeights(config: KindConfig, variables: readonly ModelVariable[]): Promise<ModelWeights> {
  const values = await Promise.all(variables.map(({ variable }) => variable.data()));
  const tensors: Record<string, SavedTensor> = {};
  for (const [i, { path, variable }] of variables.entries()) {
    tensors[path] = { shape: [...variable.shape], dtype: 'float32', data: encodeFloat32(values[i] as Float32Array) };
  }
  return { format: WEIGHTS_FORMAT, version: WEIGHTS_VERSION, model: config, tensors };
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * Checks saved weights against a model's variables and assigns them. Every check runs before
 * the first assignment, so a rejected load leaves the model unchanged.
 *
 * @param weights - saved weights
 * @param config - the model's resolved config
 * @param variables - the model's variables
 * @throws ConfigError naming the first mismatch
 */
export function assignWeights(weights: ModelWeights, config: KindConfig, variables: readonly ModelVariable[]): void {
  if (typeof weights !== 'object' || weights === null || weights.format !== WEIGHTS_FORMAT) {
    throw new ConfigError('weights.format', (weights as Partial<ModelWeights> | null)?.format, JSON.stringify(WEIGHTS_FORMAT), 'Pass the object that saveWeights() returned (or its JSON, parsed).');
  }
  if (weights.version !== WEIGHTS_VERSION) {
    throw new ConfigError('weights.version', weights.version, String(WEIGHTS_VERSION), 'These weights were written by another version of @lrlab/models; load them with that version.');
  }
  if (weights.model?.kind !== config.kind) {
    throw new ConfigError('weights.model.kind', weights.model?.kind, JSON.stringify(config.kind), 'Build the model from weights.model before loading its weights.');
  }
  const tensors = weights.tensors;
  if (typeof tensors !== 'object' || tensors === null) throw new ConfigError('weights.tensors', tensors, 'an object of saved tensors by path');
  const expected = new Set(variables.map((v) => v.path));
  for (const path of Object.keys(tensors)) {
    if (!expected.has(path)) {
      throw new ConfigError(`weights.tensors[${formatValue(path)}]`, path, 'a variable of this model', 'The weights come from another architecture: build the model from weights.model.');
    }
  }
  const values = variables.map(({ path, variable }) => {
    const field = `weights.tensors[${formatValue(path)}]`;
    const saved = tensors[path];
    if (saved === undefined) {
      throw new ConfigError(field, undefined, `a saved tensor of shape ${formatValue(variable.shape)}`, 'The weights come from another architecture: build the model from weights.model.');
    }
    if (saved.dtype !== 'float32') throw new ConfigError(`${field}.dtype`, saved.dtype, '"float32"');
    if (!Array.isArray(saved.shape) || !sameShape(saved.shape, variable.shape)) {
      throw new ConfigError(`${field}.shape`, saved.shape, `the variable's shape ${formatValue(variable.shape)}`, 'The weights come from another architecture: build the model from weights.model.');
    }
    if (typeof saved.data !== 'string') throw new ConfigError(`${field}.data`, saved.data, 'a base64 string');
    return decodeFloat32(saved.data, field, variable.size);
  });
  variables.forEach(({ variable }, i) => {
    const value = tf.tensor(values[i]!, variable.shape, 'float32');
    variable.assign(value);
    value.dispose();
  });
}
