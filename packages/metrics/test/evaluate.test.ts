import * as tf from '@tensorflow/tfjs';
import { ConfigError, deriveSeed, seededNormal, type HostBatch } from '@lrlab/core';
import { initBackend } from '@lrlab/backends';
import { accuracyMetric, confusionMetric, evaluate, exampleOutcomes, initMetrics, lossMetric, marginMetric, metricResults, updateMetrics } from '../src';

beforeAll(() => initBackend({ prefer: 'cpu' }));

const FEATURES = 8;
const CLASSES = 4;
const BATCH = 16;
const BATCHES = 60;
const NAMES = ['clean', 'image+patch', 'patch-only'];

/** Deterministic host batches: features from a seeded normal, labels and groups from the index. */
function makeBatches(seed: number): HostBatch[] {
  return Array.from({ length: BATCHES }, (_, b) => {
    const x = seededNormal([BATCH, FEATURES], deriveSeed(seed, 'features', b));
    const features = x.dataSync() as Float32Array;
    x.dispose();
    const indices = Int32Array.from({ length: BATCH }, (_, i) => b * BATCH + i);
    return {
      features,
      shape: [BATCH, FEATURES],
      labels: Int32Array.from(indices, (i) => (i * 7) % CLASSES),
      // Group 'patch-only' only in every third batch, so it is absent from some batches.
      groups: Uint8Array.from(indices, (i) => (b % 3 === 0 ? i % 3 : i % 2)),
      groupNames: NAMES,
      indices,
    };
  });
}

function metrics() {
  return {
    accuracy: accuracyMetric({ topK: [2] }),
    loss: lossMetric(),
    confusion: confusionMetric(),
    margin: marginMetric(),
  };
}

describe('evaluate', () => {
  const weights = seededNormal([FEATURES, CLASSES], deriveSeed(11, 'weights'));
  afterAll(() => weights.dispose());
  // A forward pass that makes intermediates (tensor from host, matmul, relu, add) on purpose.
  const forward = (batch: HostBatch): tf.Tensor => {
    const x = tf.tensor2d(batch.features, [batch.shape[0]!, batch.shape[1]!]);
    return tf.add(tf.matMul(tf.relu(x), weights), tf.matMul(x, weights));
  };

  it('runs 60 batches and leaves no tensor behind', async () => {
    const batches = makeBatches(3);
    const before = tf.memory().numTensors;
    const results = await evaluate({ batches, forward, metrics: metrics() });
    expect(tf.memory().numTensors).toBe(before);
    expect(results.accuracy.overall!.examples).toBe(BATCH * BATCHES);
    const perGroup = Object.values(results.accuracy.groups).reduce((s, g) => s + g.examples, 0);
    expect(perGroup).toBe(BATCH * BATCHES);
    expect(Object.keys(results.accuracy.groups)).toEqual(NAMES);
  });

  it('equals one big batch computed by hand, and is deterministic', async () => {
    const batches = makeBatches(5);
    const results = await evaluate({ batches, forward, metrics: metrics() });
    const all: HostBatch = {
      features: Float32Array.from(batches.flatMap((b) => Array.from(b.features))),
      shape: [BATCH * BATCHES, FEATURES],
      labels: Int32Array.from(batches.flatMap((b) => Array.from(b.labels))),
      groups: Uint8Array.from(batches.flatMap((b) => Array.from(b.groups))),
      groupNames: NAMES,
      indices: Int32Array.from(batches.flatMap((b) => Array.from(b.indices))),
    };
    const logits = tf.tidy(() => forward(all));
    const o = exampleOutcomes(logits, all);
    logits.dispose();
    const m = metrics();
    const byHand = metricResults(m, updateMetrics(m, initMetrics(m), o));
    expect(results.accuracy).toEqual(byHand.accuracy);
    expect(results.confusion).toEqual(byHand.confusion);
    expect(results.margin).toEqual(byHand.margin);
    // Loss sums are added in another order: equal to rounding.
    expect(results.loss.overall!.meanLoss).toBeCloseTo(byHand.loss.overall!.meanLoss, 10);
    expect(await evaluate({ batches, forward, metrics: metrics() })).toEqual(results);
  });

  it('accepts an async iterable of batches with label tensors', async () => {
    const batches = makeBatches(7);
    async function* stream() {
      for (const b of batches.slice(0, 5)) yield { ...b, labels: tf.tensor1d(b.labels, 'int32') };
    }
    const labelTensors: tf.Tensor[] = [];
    const before = tf.memory().numTensors;
    const results = await evaluate({
      batches: stream(),
      forward: (b) => {
        labelTensors.push(b.labels);
        return forward({ ...batches[0]!, features: b.features });
      },
      metrics: { accuracy: accuracyMetric() },
    });
    expect(results.accuracy.overall!.examples).toBe(5 * BATCH);
    // Only the caller's label tensors remain; evaluate disposes what it makes.
    expect(tf.memory().numTensors - before).toBe(labelTensors.length);
    tf.dispose(labelTensors);
  });

  it('disposes the logits when a batch is invalid, and rejects with the ConfigError', async () => {
    const batches = makeBatches(9).slice(0, 3);
    const bad = { ...batches[1]!, labels: new Int32Array(BATCH).fill(CLASSES) };
    const before = tf.memory().numTensors;
    await expect(evaluate({ batches: [batches[0]!, bad, batches[2]!], forward, metrics: metrics() })).rejects.toThrow(ConfigError);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('frees the forward pass intermediates when forward throws', async () => {
    const before = tf.memory().numTensors;
    const throwing = (): tf.Tensor => {
      tf.ones([3, 3]);
      throw new Error('model failed');
    };
    await expect(evaluate({ batches: makeBatches(1).slice(0, 1), forward: throwing, metrics: metrics() })).rejects.toThrow('model failed');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects batches that are not iterable (a record of eval sets) and metrics that are not metrics, by name', async () => {
    const forward = (): tf.Tensor => tf.zeros([1]);
    const perGroup = { 'a-only': makeBatches(1), 'b-only': makeBatches(1) };
    await expect(evaluate({ batches: perGroup as unknown as HostBatch[], forward, metrics: metrics() })).rejects.toThrow(/Invalid batches: expected an iterable .* call evaluate once per set/);
    await expect(evaluate({ batches: makeBatches(1), forward, metrics: {} })).rejects.toThrow(/Invalid metrics: expected a non-empty object of metrics/);
    await expect(evaluate({ batches: makeBatches(1), forward, metrics: { accuracy: 3 as never } })).rejects.toThrow(ConfigError);
  });
});
