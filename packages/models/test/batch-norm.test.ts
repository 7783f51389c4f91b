import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '@lrlab/core';
import { batchNorm, batchNormRelu, createBatchNorm, resolveBatchNormSettings } from '../src/layers/batch-norm';
import { VariableStore } from '../src/variables';
import { buildModel } from '../src';
import { randomInput, valuesOf } from './helpers';

const settings = resolveBatchNormSettings('batchNorm', undefined);

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function manual(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, epsilon: number): tf.Tensor {
  const mean = tf.mean(x, [0, 1, 2]);
  const variance = tf.mean(tf.square(tf.sub(x, mean)), [0, 1, 2]);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, epsilon))), gamma), beta);
}

describe('batch norm (PyTorch conventions)', () => {
  let store: VariableStore;
  let stores = 0;
  beforeEach(() => {
    store = new VariableStore(`bn-test-${stores++}`);
  });
  afterEach(() => store.dispose());

  it('defaults to momentum 0.1 and epsilon 1e-5', () => {
    expect(settings).toEqual({ momentum: 0.1, epsilon: 1e-5 });
    expect(() => resolveBatchNormSettings('model.batchNorm', { momentum: 1.5 })).toThrow(/model\.batchNorm\.momentum/);
  });

  it('normalises by the batch statistics in training and updates the running averages with the unbiased variance', () => {
    const bn = createBatchNorm(store, 'bn', 2);
    bn.gamma.assign(tf.tensor1d([2, 0.5]));
    bn.beta.assign(tf.tensor1d([1, -1]));
    // Channel 0 holds 1..8, channel 1 holds 10·(1..8), over a [2, 2, 2] batch × height × width.
    const values = Array.from({ length: 8 }, (_, i) => [i + 1, 10 * (i + 1)]).flat();
    const x = tf.tensor4d(values, [2, 2, 2, 2]);
    const y = batchNorm(x, bn, true, settings);
    const expected = manual(x, bn.gamma, bn.beta, 1e-5);
    expect(tf.max(tf.abs(tf.sub(y, expected))).dataSync()[0]).toBeLessThan(1e-5);
    // mean 4.5 and 45; biased variance 5.25 and 525; unbiased ×8/7.
    const mean = valuesOf(tf.clone(bn.runningMean));
    const variance = valuesOf(tf.clone(bn.runningVariance));
    expect(mean[0]).toBeCloseTo(0.1 * 4.5, 6);
    expect(mean[1]).toBeCloseTo(0.1 * 45, 5);
    expect(variance[0]).toBeCloseTo(0.9 + 0.1 * 5.25 * (8 / 7), 6);
    expect(variance[1]).toBeCloseTo(0.9 + 0.1 * 525 * (8 / 7), 4);
    tf.dispose([x, y, expected]);
  });

  it('normalises by the running averages in evaluation and changes nothing', () => {
    const bn = createBatchNorm(store, 'bn', 3);
    bn.runningMean.assign(tf.tensor1d([1, 2, 3]));
    bn.runningVariance.assign(tf.tensor1d([4, 9, 16]));
    const x = tf.fill([1, 1, 1, 3], 5) as tf.Tensor4D;
    const y = valuesOf(batchNorm(x, bn, false, settings));
    expect(y[0]).toBeCloseTo(4 / Math.sqrt(4 + 1e-5), 6);
    expect(y[1]).toBeCloseTo(3 / Math.sqrt(9 + 1e-5), 6);
    expect(y[2]).toBeCloseTo(2 / Math.sqrt(16 + 1e-5), 6);
    expect(valuesOf(tf.clone(bn.runningMean))).toEqual([1, 2, 3]);
    x.dispose();
  });

  it('has the gradients of the unfused formula (through the batch mean and variance)', () => {
    const bn = createBatchNorm(store, 'bn', 3);
    bn.gamma.assign(tf.tensor1d([1.5, -0.5, 2]));
    const x = randomInput([2, 3, 3, 3], 4) as tf.Tensor4D;
    const weights = randomInput([2, 3, 3, 3], 5);
    const loss = (f: () => tf.Tensor) => () => tf.sum(tf.mul(tf.square(f()), weights)) as tf.Scalar;
    const fused = tf.variableGrads(loss(() => batchNorm(x, bn, true, settings)), [bn.gamma, bn.beta]);
    const reference = tf.variableGrads(loss(() => manual(x, bn.gamma, bn.beta, 1e-5)), [bn.gamma, bn.beta]);
    for (const name of [bn.gamma.name, bn.beta.name]) {
      expect(tf.max(tf.abs(tf.sub(fused.grads[name]!, reference.grads[name]!))).dataSync()[0]).toBeLessThan(1e-4);
    }
    const dx = tf.grad((input: tf.Tensor) => loss(() => batchNorm(input as tf.Tensor4D, bn, true, settings))())(x);
    const dxReference = tf.grad((input: tf.Tensor) => loss(() => manual(input, bn.gamma, bn.beta, 1e-5))())(x);
    expect(tf.max(tf.abs(tf.sub(dx, dxReference))).dataSync()[0]).toBeLessThan(1e-4);
    tf.dispose([x, weights, fused.value, reference.value, dx, dxReference, ...Object.values(fused.grads), ...Object.values(reference.grads)]);
  });

  it('batchNormRelu has the values and gradients of relu(noise(batchNorm(x))) to the bit, in training and evaluation', () => {
    const bn = createBatchNorm(store, 'bn', 3);
    bn.gamma.assign(tf.tensor1d([1.5, -0.5, 2]));
    bn.beta.assign(tf.tensor1d([0.1, 0.2, -0.3]));
    const x = randomInput([2, 3, 3, 3], 7) as tf.Tensor4D;
    const weights = randomInput([2, 3, 3, 3], 8);
    const shift = randomInput([1, 3, 3, 1], 9);
    const noise = (y: tf.Tensor4D) => tf.add(y, shift) as tf.Tensor4D; // additive, like the injectors
    const loss = (f: (input: tf.Tensor4D) => tf.Tensor) => (input: tf.Tensor) => tf.sum(tf.mul(f(input as tf.Tensor4D), weights)) as tf.Scalar;
    const fused = loss((input) => batchNormRelu(input, bn, true, settings, noise));
    const composed = loss((input) => tf.relu(noise(batchNorm(input, bn, true, settings))));
    const grads = (f: (input: tf.Tensor) => tf.Scalar) => {
      const { value, grads: g } = tf.variableGrads(() => f(x), [bn.gamma, bn.beta]);
      const dx = tf.grad(f)(x);
      return [value, g[bn.gamma.name]!, g[bn.beta.name]!, dx].map((t) => [...t.dataSync()]);
    };
    expect(grads(fused)).toEqual(grads(composed));
    const evaluation = (f: typeof batchNorm) => [...tf.relu(noise(f(x, bn, false, settings))).dataSync()];
    expect([...batchNormRelu(x, bn, false, settings, noise).dataSync()]).toEqual(evaluation(batchNorm));
    tf.dispose([x, weights, shift]);
  });

  it('updates the running averages once per forward pass inside tf.variableGrads, without leaking', () => {
    const bn = createBatchNorm(store, 'bn', 2);
    const x = randomInput([4, 2, 2, 2], 6) as tf.Tensor4D;
    const step = () => {
      const { value, grads } = tf.variableGrads(() => tf.sum(batchNorm(x, bn, true, settings)) as tf.Scalar, [bn.gamma, bn.beta]);
      tf.dispose([value, grads]);
    };
    step();
    const before = tf.memory().numTensors;
    const afterOne = valuesOf(tf.clone(bn.runningMean));
    step();
    expect(tf.memory().numTensors).toBe(before);
    const batchMean = valuesOf(tf.mean(x, [0, 1, 2]));
    const afterTwo = valuesOf(tf.clone(bn.runningMean));
    afterTwo.forEach((m, c) => expect(m).toBeCloseTo(0.9 * afterOne[c]! + 0.1 * batchMean[c]!, 6));
    x.dispose();
  });

  it('rejects a training batch with one value per channel', () => {
    const bn = createBatchNorm(store, 'bn', 2);
    const x = tf.ones([1, 1, 1, 2]) as tf.Tensor4D;
    expect(() => batchNorm(x, bn, true, settings)).toThrow(ConfigError);
    x.dispose();
  });
});

describe('a pass with its own batch-norm momentum (re-estimating statistics)', () => {
  const read = (v: tf.Variable): number[] => Array.from(v.dataSync());

  it.each([
    ['small-cnn', { kind: 'small-cnn', inputShape: [8, 8, 1], numClasses: 3, channels: [4, 6] }],
    ['wide-resnet', { kind: 'wide-resnet', depth: 10, widthFactor: 1, inputShape: [8, 8, 1], numClasses: 3 }],
  ])('%s: 1/(k + 1) on the k-th of K passes leaves every running average the mean of the K batches’ statistics', (_kind, config) => {
    const model = buildModel(config, 5);
    try {
      const batches = [0, 1, 2, 3].map((i) => randomInput([6, 8, 8, 1], 40 + i));
      // With momentum 1 a pass writes its batch's own statistics (training mode normalises by them, so
      // the running values before the pass do not matter).
      const own = batches.map((x) => {
        tf.dispose(model.apply(x, { training: true, step: 0, batchNormMomentum: 1 }));
        return model.stateVariables.map((v) => read(v));
      });
      batches.forEach((x, k) => tf.dispose(model.apply(x, { training: true, step: 0, batchNormMomentum: 1 / (k + 1) })));
      model.stateVariables.forEach((v, j) => {
        const got = read(v);
        got.forEach((value, c) => {
          const mean = own.reduce((sum, s) => sum + s[j]![c]!, 0) / own.length;
          expect(Math.abs(value - mean)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(mean)));
        });
      });
      // Without the option the model's momentum (0.1) applies: the running mean moves a tenth of the way.
      const before = model.stateVariables.map((v) => read(v));
      tf.dispose(model.apply(batches[0]!, { training: true, step: 0 }));
      const after = read(model.stateVariables[0]!);
      after.forEach((value, c) => expect(value).toBeCloseTo(0.9 * before[0]![c]! + 0.1 * own[0]![0]![c]!, 5));
      for (const bad of [0, -0.5, 1.5, Number.NaN]) {
        expect(() => model.apply(batches[0]!, { training: true, step: 0, batchNormMomentum: bad })).toThrow(/options\.batchNormMomentum.*\(0, 1\]/);
      }
      tf.dispose(batches);
    } finally {
      model.dispose();
    }
  });
});
