import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '@lrlab/core';
import { initBackend } from '@lrlab/backends';
import {
  createDataset,
  evalBatches,
  gatherBatch,
  toTensors,
  trainStream,
  withTensors,
  type ExampleTransform,
  type LabeledDataset,
} from '../src';

beforeAll(() => initBackend({ prefer: 'cpu' }));

/** 23 examples of 2 features: example i is (i, −i), label i % 3, group i % 2. */
const data: LabeledDataset = createDataset({
  name: 'toy',
  features: Float32Array.from({ length: 46 }, (_, k) => (k % 2 === 0 ? k / 2 : -(k - 1) / 2)),
  exampleShape: [2],
  labels: Int32Array.from({ length: 23 }, (_, i) => i % 3),
  groups: Uint8Array.from({ length: 23 }, (_, i) => i % 2),
  groupNames: ['even', 'odd'],
  numClasses: 3,
});

describe('trainStream', () => {
  it('counts batches per epoch: ⌈N/B⌉, or ⌊N/B⌋ when dropping the last partial batch', () => {
    const keep = trainStream(data, { batchSize: 5, seed: 1 });
    const drop = trainStream(data, { batchSize: 5, seed: 1, dropLast: true });
    expect([keep.batchesPerEpoch, keep.examplesPerEpoch]).toEqual([5, 23]);
    expect([drop.batchesPerEpoch, drop.examplesPerEpoch]).toEqual([4, 20]);
    expect(keep.batch(0, 4).labels.length).toBe(3);
    expect(() => drop.batch(0, 4)).toThrow(/batchIndex/);
  });

  it('visits every example exactly once per epoch, with rows, labels, groups and indices that agree', () => {
    const stream = trainStream(data, { batchSize: 5, seed: 1 });
    for (const epoch of [0, 1, 7]) {
      const seen: number[] = [];
      for (let b = 0; b < stream.batchesPerEpoch; b++) {
        const batch = stream.batch(epoch, b);
        expect(batch.shape).toEqual([batch.indices.length, 2]);
        expect(batch.groupNames).toEqual(['even', 'odd']);
        batch.indices.forEach((i, k) => {
          expect([batch.features[2 * k], batch.features[2 * k + 1]]).toEqual([i, -i]);
          expect(batch.labels[k]).toBe(i % 3);
          expect(batch.groups[k]).toBe(i % 2);
        });
        seen.push(...batch.indices);
      }
      expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 23 }, (_, i) => i));
    }
  });

  it('is a pure function of (seed, epoch, batchIndex): any order of calls, any fresh stream', () => {
    const a = trainStream(data, { batchSize: 4, seed: 99 });
    const b = trainStream(data, { batchSize: 4, seed: 99 });
    const late = b.batch(3, 2); // resume mid-epoch in a fresh stream
    for (let epoch = 0; epoch < 4; epoch++) for (let k = 0; k < a.batchesPerEpoch; k++) a.batch(epoch, k);
    expect(a.batch(3, 2)).toEqual(late);
    expect(a.epochOrder(0)).not.toEqual(a.epochOrder(1)); // reshuffled every epoch
    expect(trainStream(data, { batchSize: 4, seed: 100 }).epochOrder(0)).not.toEqual(a.epochOrder(0));
    expect(trainStream(data, { batchSize: 4, seed: 99, shuffle: false }).epochOrder(5)).toEqual(Int32Array.from({ length: 23 }, (_, i) => i));
  });

  it('hands transforms the epoch, dataset index and label, and uses a tagging transform’s groups', () => {
    const calls: string[] = [];
    const tag: ExampleTransform = {
      name: 'tag',
      exampleShape: [2],
      groupNames: ['low', 'high'],
      apply: (example, { epoch, index, label }) => {
        calls.push(`${epoch}:${index}:${label}`);
        example[0] = example[0]! + 100 * epoch;
        return index < 10 ? 0 : 1;
      },
    };
    const stream = trainStream(data, { batchSize: 23, seed: 5, transforms: [tag] });
    expect(stream.groupNames).toEqual(['low', 'high']);
    const batch = stream.batch(2, 0);
    batch.indices.forEach((i, k) => {
      expect(batch.features[2 * k]).toBe(i + 200);
      expect(batch.groups[k]).toBe(i < 10 ? 0 : 1);
    });
    expect(calls).toHaveLength(23);
    expect(calls).toContain(`2:${batch.indices[0]}:${batch.labels[0]}`);
    expect(data.features[0]).toBe(0); // the dataset itself is untouched
  });

  it('reseeded: the same examples, batching and transforms in an order of its own', () => {
    const shift: ExampleTransform = { name: 'shift', exampleShape: [2], apply: (example, { epoch }) => void (example[1] = example[1]! - 1000 * epoch) };
    const stream = trainStream(data, { batchSize: 4, seed: 99, dropLast: true, transforms: [shift] });
    const other = stream.reseeded(7);
    expect([other.batchesPerEpoch, other.examplesPerEpoch, other.dropLast]).toEqual([stream.batchesPerEpoch, stream.examplesPerEpoch, true]);
    expect(other.epochOrder(1)).toEqual(trainStream(data, { batchSize: 4, seed: 7 }).epochOrder(1));
    expect(other.epochOrder(1)).not.toEqual(stream.epochOrder(1));
    const batch = other.batch(1, 0);
    batch.indices.forEach((i, k) => expect([batch.features[2 * k], batch.features[2 * k + 1]]).toEqual([i, -i - 1000]));
    expect(stream.batch(1, 0)).toEqual(trainStream(data, { batchSize: 4, seed: 99, dropLast: true, transforms: [shift] }).batch(1, 0)); // the original is untouched
  });

  it('rejects bad options', () => {
    expect(() => trainStream(data, { batchSize: 0, seed: 1 })).toThrow(ConfigError);
    expect(() => trainStream(data, { batchSize: 24, seed: 1, dropLast: true })).toThrow(/batchSize/);
    expect(() => trainStream(data, { batchSize: 4, seed: -1 })).toThrow(/seed/);
    const wrongShape: ExampleTransform = { name: 'img', exampleShape: [4, 4, 1], apply: () => undefined };
    expect(() => trainStream(data, { batchSize: 4, seed: 1, transforms: [wrongShape] })).toThrow(/transforms\[0\]/);
    const tagger: ExampleTransform = { name: 't', exampleShape: [2], groupNames: ['x'], apply: () => 0 };
    expect(() => trainStream(data, { batchSize: 4, seed: 1, transforms: [tagger, tagger] })).toThrow(/at most one/);
    expect(() => trainStream(data, { batchSize: 4, seed: 1 }).batch(-1, 0)).toThrow(/epoch/);
  });
});

describe('evalBatches and gatherBatch', () => {
  it('visits a dataset in order, the last batch smaller', () => {
    const batches = [...evalBatches(data, 10)];
    expect(batches.map((b) => b.indices.length)).toEqual([10, 10, 3]);
    expect(batches.flatMap((b) => Array.from(b.indices))).toEqual(Array.from({ length: 23 }, (_, i) => i));
    expect(batches[2]!.features).toEqual(Float32Array.from([20, -20, 21, -21, 22, -22]));
  });

  it('gathers the requested rows', () => {
    const batch = gatherBatch(data, Int32Array.of(4, 4, 0));
    expect(Array.from(batch.features)).toEqual([4, -4, 4, -4, 0, -0]);
    expect(Array.from(batch.labels)).toEqual([1, 1, 0]);
  });
});

describe('toTensors and withTensors', () => {
  it('make float32 x of the batch shape and int32 y, and leak nothing', () => {
    const stream = trainStream(data, { batchSize: 8, seed: 3 });
    const before = tf.memory().numTensors;
    const batch = stream.batch(0, 0);
    const { x, y } = toTensors(batch);
    expect(x.shape).toEqual([8, 2]);
    expect(x.dtype).toBe('float32');
    expect(y.dtype).toBe('int32');
    expect(Array.from(y.dataSync())).toEqual(Array.from(batch.labels));
    expect(Array.from(x.dataSync())).toEqual(Array.from(batch.features));
    tf.dispose([x, y]);
    const sum = withTensors(batch, ({ x: xs }) => tf.tidy(() => tf.sum(xs).arraySync() as number));
    expect(sum).toBe(0); // each example is (i, −i)
    expect(() => withTensors(batch, () => {
      throw new Error('boom');
    })).toThrow('boom');
    expect(tf.memory().numTensors).toBe(before);
  });
});
