import * as tf from '@tensorflow/tfjs';
import { ConfigError, scaledAdd, seededNormal } from '../src';

describe('seeded tensors', () => {
  it('differ across seeds and reject bad shapes', async () => {
    await tf.setBackend('cpu');
    const a = seededNormal([16], 1);
    const b = seededNormal([16], 2);
    expect(Array.from(a.dataSync())).not.toEqual(Array.from(b.dataSync()));
    tf.dispose([a, b]);
    expect(() => seededNormal([2, -1], 1)).toThrow(ConfigError);
    expect(() => seededNormal([2], 1, { std: -1 })).toThrow(/std/);
  });
});

describe('scaledAdd', () => {
  it('equals add(mul(scalar(alpha), x), y) exactly, with or without a fused kernel', async () => {
    await tf.setBackend('cpu');
    const x = tf.tensor1d([1, -2.5, 1e-40, 3.4e38, NaN, 0.1, -0]);
    const y = tf.tensor1d([0.3, 7, -1e-39, 3.4e38, 1, 0.2, 0]);
    const expected = tf.add(tf.mul(tf.scalar(-0.1), x), y);
    const actual = scaledAdd(x, y, -0.1);
    expect([...actual.dataSync()]).toEqual([...expected.dataSync()]);
    // Different shapes (a broadcast) take the two tfjs ops.
    const row = tf.tensor1d([1, 2]);
    expect([...scaledAdd(row, tf.ones([3, 2]), 2).dataSync()]).toEqual([3, 5, 3, 5, 3, 5]);
    tf.dispose([x, y, expected, actual, row]);
  });
});
