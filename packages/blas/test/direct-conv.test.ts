import * as tf from '@tensorflow/tfjs';
import { registerBlasBackend, setBlasThreads } from '../src';
import { expectClose, onBoth, relativeError, requireAddon, values } from './helpers';

requireAddon();

beforeAll(() => {
  registerBlasBackend({ threads: 2 });
});

afterAll(() => {
  setBlasThreads(2);
});

type Padding = 'same' | 'valid' | [[0, 0], [number, number], [number, number], [0, 0]];

interface ConvCase {
  readonly label: string;
  readonly input: [number, number, number, number];
  readonly filter: [number, number, number, number];
  readonly stride: number;
  readonly pad: Padding;
}

// 16–64 output channels (a multiple of 16) take the addon's direct convolution; the filter
// gradient too on maps 16+ outputs wide. Widths that are not a multiple of the 8-pixel tile, input
// channels that are not a multiple of the 16-channel block, borders, strides and padding.
const cases: ConvCase[] = [
  { label: '3→16, 3×3 stride 1 same, 17 wide (direct filter gradient)', input: [2, 9, 17, 3], filter: [3, 3, 3, 16], stride: 1, pad: 'same' },
  { label: '16→16, 3×3 stride 1 same, 8×8', input: [3, 8, 8, 16], filter: [3, 3, 16, 16], stride: 1, pad: 'same' },
  { label: '17→48, 3×3 stride 1 valid, 18 wide', input: [2, 6, 18, 17], filter: [3, 3, 17, 48], stride: 1, pad: 'valid' },
  { label: '20→32, 3×3 stride 2 same, 33 wide', input: [2, 7, 33, 20], filter: [3, 3, 20, 32], stride: 2, pad: 'same' },
  { label: '32→64, 3×3 stride 2 valid', input: [2, 6, 13, 32], filter: [3, 3, 32, 64], stride: 2, pad: 'valid' },
  { label: '8→16, 5×5 stride 1 same, map smaller than the filter', input: [2, 3, 3, 8], filter: [5, 5, 8, 16], stride: 1, pad: 'same' },
  { label: '5→32, 2×2 stride 2, explicit [1, 0], [0, 1]', input: [2, 9, 40, 5], filter: [2, 2, 5, 32], stride: 2, pad: [[0, 0], [1, 0], [0, 1], [0, 0]] },
  { label: '16→64, 1×1 stride 2 (projection)', input: [2, 8, 34, 16], filter: [1, 1, 16, 64], stride: 2, pad: 'valid' },
  // 35 examples: the filter gradient is summed in 18 groups of 2 (the last of 1).
  { label: '3→32, 35 examples (grouped filter gradient)', input: [35, 4, 16, 3], filter: [3, 3, 3, 32], stride: 1, pad: 'same' },
];

/** y = conv(x, w) and the gradients of Σ y ⊙ r with respect to x and w (both conv backprops). */
function convAndGradients(c: ConvCase): Float32Array[] {
  return tf.tidy(() => {
    const x = tf.tensor4d(values(c.input.reduce((p, q) => p * q), 40), c.input);
    const w = tf.tensor4d(values(c.filter.reduce((p, q) => p * q), 41), c.filter);
    const y = tf.conv2d(x, w, c.stride, c.pad);
    const r = tf.tensor(values(y.size, 42), y.shape);
    const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.stride, c.pad).mul(r).sum())([x, w]);
    return [y, dx!, dw!].map((t) => t.dataSync() as Float32Array);
  });
}

describe('direct convolutions (narrow layers)', () => {
  it.each(cases)('forward, input and filter gradients match cpu ($label)', async (c) => {
    expectClose(await onBoth(() => convAndGradients(c)));
  });

  it('sum the filter gradient correctly when memory caps the groups of examples', async () => {
    // A 3×3×1000×64 filter gradient is 2.3 MB: 16 MB of group buffers allows 6 groups, so 9 examples
    // make 5 (of 2, the last of 1). The cpu backend takes minutes on this shape: the reference is a
    // float64 loop.
    const [batch, height, width, ci, co] = [9, 3, 16, 1000, 64];
    const x = values(batch * height * width * ci, 43);
    const dy = values(batch * height * width * co, 44);
    await tf.setBackend('blas');
    const dw = tf.tidy(() => {
      const inputs = { x: tf.tensor4d(x, [batch, height, width, ci]), dy: tf.tensor4d(dy, [batch, height, width, co]) };
      const attrs = { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, ci, co] };
      return (tf.engine().runKernel('Conv2DBackpropFilter', inputs, attrs) as tf.Tensor).dataSync() as Float32Array;
    });
    const reference = new Float64Array(9 * ci * co);
    for (let b = 0; b < batch; b++) {
      for (let oh = 0; oh < height; oh++) {
        for (let ow = 0; ow < width; ow++) {
          const out = ((b * height + oh) * width + ow) * co;
          for (let tap = 0; tap < 9; tap++) {
            const [ih, iw] = [oh + Math.floor(tap / 3) - 1, ow + (tap % 3) - 1];
            if (ih < 0 || ih >= height || iw < 0 || iw >= width) continue;
            const input = ((b * height + ih) * width + iw) * ci;
            for (let c = 0; c < ci; c++) {
              const value = x[input + c]!;
              const row = (tap * ci + c) * co;
              for (let o = 0; o < co; o++) reference[row + o]! += value * dy[out + o]!;
            }
          }
        }
      }
    }
    expect(relativeError(Float32Array.from(reference), dw)).toBeLessThan(1e-5);
  });

  it('give the same bits with 1 and 2 threads', async () => {
    await tf.setBackend('blas');
    for (const c of [cases[0]!, cases[3]!, cases[8]!]) {
      setBlasThreads(1);
      const one = convAndGradients(c);
      setBlasThreads(2);
      const two = convAndGradients(c);
      for (let i = 0; i < one.length; i++) expect(Buffer.from(two[i]!.buffer).equals(Buffer.from(one[i]!.buffer))).toBe(true);
    }
  });
});
