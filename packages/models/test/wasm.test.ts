import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@lrlab/backends';
import { buildModel, modelPreset, type Model } from '../src';
import { randomInput, valuesOf } from './helpers';

// The wasm backend is what CPU runs train on; core registers the Conv2DBackpropFilter it lacks.
let previous: string;
beforeAll(async () => {
  await tf.ready();
  previous = tf.getBackend();
  await initBackend({ prefer: 'wasm' });
});
afterAll(async () => {
  await tf.setBackend(previous);
});

describe('on the wasm backend', () => {
  it('a tiny WideResNet (wrn10x1) overfits 16 examples: the loss falls by more than half in 30 steps', () => {
    expect(tf.getBackend()).toBe('wasm');
    const model: Model = buildModel(modelPreset('wrn10x1', { inputShape: [16, 16, 3] }), 1);
    const x = randomInput([16, 16, 16, 3], 2);
    const labels = tf.tensor1d(Array.from({ length: 16 }, (_, i) => i % 10), 'int32');
    const optimizer = tf.train.momentum(0.05, 0.9);
    const losses: number[] = [];
    const before = tf.memory().numTensors;
    for (let step = 0; step < 30; step++) {
      const loss = optimizer.minimize(() => model.loss(model.apply(x, { training: true, step }), labels), true, [...model.trainableVariables])!;
      losses.push(loss.dataSync()[0]!);
      loss.dispose();
    }
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses[losses.length - 1]!).toBeLessThan(0.5 * losses[0]!);
    // Momentum creates one accumulator per trainable variable on its first step; nothing else stays.
    expect(tf.memory().numTensors).toBe(before + model.trainableVariables.length);
    optimizer.dispose();
    tf.dispose([x, labels]);
    model.dispose();
  });

  it('the two-layer net still outputs exactly 0 at initialisation', () => {
    const model = buildModel({ kind: 'two-layer', inputSize: 2002, width: 200 }, 5);
    const x = randomInput([16, 2002], 1);
    expect(valuesOf(model.apply(x, { training: false, step: 0 }))).toEqual(new Array(16).fill(0));
    x.dispose();
    model.dispose();
  });
});
