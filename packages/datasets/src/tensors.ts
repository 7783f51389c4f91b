/**
 * The edge where host batches become tfjs tensors. Everything before it is plain typed arrays;
 * the tensors made here belong to the caller, or are disposed by {@link withTensors}.
 */
import * as tf from '@tensorflow/tfjs';
import { ConfigError, type HostBatch } from '@lrlab/core';
import { checkFunction, objectOf } from './checks';

function checkHostBatch(batch: HostBatch): void {
  const b = objectOf(batch, 'batch', 'a host batch { features, shape, labels, ... }');
  if (!(b['features'] instanceof Float32Array)) throw new ConfigError('batch.features', b['features'], 'a Float32Array');
  if (!(b['labels'] instanceof Int32Array)) throw new ConfigError('batch.labels', b['labels'], 'an Int32Array');
  if (!Array.isArray(b['shape'])) throw new ConfigError('batch.shape', b['shape'], 'an array of dimensions');
}

/** The tensors of one batch. */
export interface BatchTensors {
  /** Features, float32, of the batch's shape (e.g. [batch, d] or [batch, H, W, C]). */
  readonly x: tf.Tensor;
  /** Labels, int32, shape [batch]. */
  readonly y: tf.Tensor1D;
}

/**
 * Makes tfjs tensors of a host batch. The caller disposes them (or use {@link withTensors}).
 *
 * @param batch - a host batch
 * @returns `x` (float32 features) and `y` (int32 labels)
 * @throws ConfigError for a batch without Float32Array features, Int32Array labels and a shape
 */
export function toTensors(batch: HostBatch): BatchTensors {
  checkHostBatch(batch);
  const x = tf.tensor(batch.features, [...batch.shape], 'float32');
  const y = tf.tensor1d(batch.labels, 'int32');
  return { x, y };
}

/**
 * Runs `fn` on the tensors of a batch and disposes them afterwards, also when `fn` throws.
 * `fn` must be synchronous and must not return `x` or `y` themselves (they are disposed); other
 * tensors it returns are the caller's, and intermediate ones are for `fn` to tidy.
 *
 * @param batch - a host batch
 * @param fn - the work to do with `x` and `y`
 * @returns what `fn` returns
 * @example
 * ```ts
 * const loss = withTensors(stream.batch(epoch, b), ({ x, y }) => trainStep(x, y));
 * ```
 */
export function withTensors<R>(batch: HostBatch, fn: (tensors: BatchTensors) => R): R {
  checkFunction('fn', fn, 'a function ({ x, y }) => result');
  const tensors = toTensors(batch);
  try {
    return fn(tensors);
  } finally {
    tf.dispose([tensors.x, tensors.y]);
  }
}
