import * as tf from '@tensorflow/tfjs';
import { deriveSeed, seededNormal, seededUniform } from '@lrlab/core';
import { initBackend } from '../src';

describe('seeded tensors across backends', () => {
  it('are identical for the same seed on the cpu and wasm backends', async () => {
    const seed = deriveSeed(3, 'weights');
    const values: Record<string, Float32Array> = {};
    for (const backend of ['cpu', 'wasm']) {
      await initBackend({ prefer: backend });
      const normal = seededNormal([4, 5], seed, { mean: 1, std: 2 });
      const uniform = seededUniform([7], seed, { low: -1, high: 1 });
      expect(normal.shape).toEqual([4, 5]);
      expect(normal.dtype).toBe('float32');
      values[`${backend}-normal`] = normal.dataSync() as Float32Array;
      values[`${backend}-uniform`] = uniform.dataSync() as Float32Array;
      tf.dispose([normal, uniform]);
    }
    expect(values['wasm-normal']).toEqual(values['cpu-normal']);
    expect(values['wasm-uniform']).toEqual(values['cpu-uniform']);
    for (const v of values['cpu-uniform']!) expect(v >= -1 && v < 1).toBe(true);
  });
});
