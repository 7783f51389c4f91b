import * as tf from '@tensorflow/tfjs';
import { deriveSeed, fillNormal, Prng, seededNormal } from '@lrlab/core';
import { initBackend, registerWasmTrainingKernels } from '../src';

type Padding = 'same' | 'valid' | [[0, 0], [number, number], [number, number], [0, 0]];

interface ConvCase {
  readonly label: string;
  readonly stride: number;
  readonly pad: Padding;
  readonly input: [number, number, number, number];
  readonly filter: [number, number, number, number];
}

const cases: ConvCase[] = [
  { label: 'stride 1, pad same, input [2, 9, 9, 3]', stride: 1, pad: 'same', input: [2, 9, 9, 3], filter: [3, 3, 3, 4] },
  { label: 'stride 2, pad same, input [2, 9, 9, 3]', stride: 2, pad: 'same', input: [2, 9, 9, 3], filter: [3, 3, 3, 4] },
  { label: 'stride 2, pad same, input [3, 8, 8, 2]', stride: 2, pad: 'same', input: [3, 8, 8, 2], filter: [3, 3, 2, 5] },
  { label: 'stride 1, pad valid, input [2, 9, 7, 3]', stride: 1, pad: 'valid', input: [2, 9, 7, 3], filter: [3, 3, 3, 4] },
  { label: 'stride 2, pad valid, input [2, 9, 9, 3]', stride: 2, pad: 'valid', input: [2, 9, 9, 3], filter: [3, 3, 3, 4] },
  { label: 'stride 2, pad explicit [1, 1], [1, 1], input [2, 8, 8, 4]', stride: 2, pad: [[0, 0], [1, 1], [1, 1], [0, 0]], input: [2, 8, 8, 4], filter: [3, 3, 4, 6] },
  { label: 'stride 1, pad explicit [2, 0], [0, 1], input [1, 6, 6, 2]', stride: 1, pad: [[0, 0], [2, 0], [0, 1], [0, 0]], input: [1, 6, 6, 2], filter: [3, 3, 2, 3] },
  { label: 'stride 2, pad valid, input [2, 8, 8, 3]', stride: 2, pad: 'valid', input: [2, 8, 8, 3], filter: [1, 1, 3, 8] },
];

function values(size: number, seed: number): Float32Array {
  return fillNormal(Prng.fromSeed(seed), new Float32Array(size));
}

/** Gradients of sum((relu(conv(x, w1)) conv w2)²) with respect to x, w1 and w2. */
function convGradients(c: ConvCase, x: Float32Array, w1: Float32Array, w2: Float32Array): Float32Array[] {
  return tf.tidy(() => {
    const channels = c.filter[3];
    const grads = tf.grads((xt: tf.Tensor, a: tf.Tensor, b: tf.Tensor) => {
      const h = tf.relu(tf.conv2d(xt as tf.Tensor4D, a as tf.Tensor4D, c.stride, c.pad));
      return tf.conv2d(h, b as tf.Tensor4D, 1, 'same').square().sum();
    });
    const result = grads([tf.tensor(x, c.input), tf.tensor(w1, c.filter), tf.tensor(w2, [3, 3, channels, 2])]);
    return result.map((g) => g.dataSync() as Float32Array);
  });
}

/** max |a − b| / max |a|: the error relative to the gradient's scale. */
function relativeError(a: Float32Array, b: Float32Array): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(a[i]!));
  }
  return diff / scale;
}

describe('wasm Conv2DBackpropFilter', () => {
  it.each(cases)('matches the cpu backend within 1e-4 ($label)', async (c) => {
    const x = values(c.input.reduce((a, b) => a * b), 1);
    const w1 = values(c.filter.reduce((a, b) => a * b), 2);
    const w2 = values(9 * c.filter[3] * 2, 3);
    await initBackend({ prefer: 'cpu' });
    const expected = convGradients(c, x, w1, w2);
    await initBackend({ prefer: 'wasm' });
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    const actual = convGradients(c, x, w1, w2);
    expect(actual.map((g) => g.length)).toEqual(expected.map((g) => g.length));
    for (let i = 0; i < expected.length; i++) expect(relativeError(expected[i]!, actual[i]!)).toBeLessThan(1e-4);
  });

  it('gives the same result when the batch is processed in chunks', async () => {
    await initBackend({ prefer: 'wasm' });
    const c = cases[1]!;
    const x = values(c.input.reduce((a, b) => a * b), 4);
    const w1 = values(c.filter.reduce((a, b) => a * b), 5);
    const w2 = values(9 * c.filter[3] * 2, 6);
    const whole = convGradients(c, x, w1, w2);
    registerWasmTrainingKernels({ colsBudgetBytes: 4 * 300 }); // below one example's im2col: one example per chunk
    try {
      const chunked = convGradients(c, x, w1, w2);
      for (let i = 0; i < whole.length; i++) expect(relativeError(whole[i]!, chunked[i]!)).toBeLessThan(1e-6);
    } finally {
      registerWasmTrainingKernels({ colsBudgetBytes: 128 * 2 ** 20 });
    }
  });

  it('leaks neither tensors nor wasm memory', async () => {
    await initBackend({ prefer: 'wasm' });
    const c = cases[5]!;
    const x = values(c.input.reduce((a, b) => a * b), 7);
    const w1 = values(c.filter.reduce((a, b) => a * b), 8);
    const w2 = values(9 * c.filter[3] * 2, 9);
    convGradients(c, x, w1, w2); // warm up kernels
    const tensorsBefore = tf.memory().numTensors;
    const dataBefore = tf.engine().backend.numDataIds();
    for (let i = 0; i < 3; i++) convGradients(c, x, w1, w2);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(tf.engine().backend.numDataIds()).toBe(dataBefore);
  });

  it('lets a small conv net train on wasm', async () => {
    await initBackend({ prefer: 'wasm' });
    const seed = 11;
    const w1 = tf.variable(seededNormal([3, 3, 1, 4], deriveSeed(seed, 'w1'), { std: 0.5 }));
    const w2 = tf.variable(seededNormal([4, 2], deriveSeed(seed, 'w2'), { std: 0.5 }));
    // Two classes of 8×8 images: a vertical or a horizontal bar, plus noise.
    const n = 32;
    const images = values(n * 64, 12).map((v) => 0.3 * v);
    const labels = new Float32Array(n * 2);
    for (let i = 0; i < n; i++) {
      const vertical = i % 2;
      labels[i * 2 + vertical] = 1;
      for (let k = 0; k < 8; k++) images[i * 64 + (vertical ? k * 8 + 3 : 3 * 8 + k)]! += 1;
    }
    const x = tf.tensor4d(images, [n, 8, 8, 1]);
    const y = tf.tensor2d(labels, [n, 2]);
    const optimizer = tf.train.sgd(0.2);
    const lossAt = () =>
      optimizer.minimize(() => {
        const h = tf.relu(tf.conv2d(x, w1 as tf.Tensor4D, 2, [[0, 0], [1, 1], [1, 1], [0, 0]]));
        const logits = tf.matMul(tf.mean(tf.square(h), [1, 2]) as tf.Tensor2D, w2 as tf.Tensor2D);
        return tf.losses.softmaxCrossEntropy(y, logits) as tf.Scalar;
      }, true)!;
    const losses: number[] = [];
    for (let step = 0; step < 60; step++) {
      const loss = lossAt();
      losses.push(loss.dataSync()[0]!);
      loss.dispose();
    }
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses[losses.length - 1]!).toBeLessThan(0.5 * losses[0]!);
    tf.dispose([w1, w2, x, y]);
    optimizer.dispose();
  });
});
