import * as tf from '@tensorflow/tfjs';
import { BATCH_NORM_GRAD_KERNEL, BATCH_NORM_TRAIN_KERNEL, batchNormTraining, batchNormTrainingGrad, Prng, SCALED_ADD_KERNEL, scaledAdd } from '@lrlab/core';
import { BLAS_FUSED_KERNELS, BLAS_KERNELS, blasAddon, getBlasThreads, registerBlasBackend, setBlasThreads } from '../src';
import { expectClose, onBoth, relativeError, requireAddon, values } from './helpers';

requireAddon();

beforeAll(() => {
  registerBlasBackend({ threads: 2 });
});

describe('the addon', () => {
  it('computes a row-major sgemm with alpha, beta and transposes', () => {
    const { sgemm } = blasAddon();
    const a = new Float32Array([1, 2, 3, 4, 5, 6]); // 2×3
    const b = new Float32Array([1, 0, 0, 1, 1, 1]); // 3×2
    const c = new Float32Array([1, 1, 1, 1]);
    sgemm(false, false, 2, 2, 3, 2, a, 3, b, 2, 1, c, 2);
    expect([...c]).toEqual([9, 11, 21, 23]);
    const at = new Float32Array([1, 4, 2, 5, 3, 6]); // aᵀ, 3×2
    const bt = new Float32Array([1, 0, 1, 0, 1, 1]); // bᵀ, 2×3
    const d = new Float32Array(4);
    sgemm(true, true, 2, 2, 3, 1, at, 2, bt, 3, 0, d, 2);
    expect([...d]).toEqual([4, 5, 10, 11]);
  });

  it('rejects matrices that do not fit their arrays and non-float32 arrays', () => {
    const { sgemm } = blasAddon();
    const small = new Float32Array(4);
    expect(() => sgemm(false, false, 3, 2, 3, 1, new Float32Array(6), 3, new Float32Array(6), 2, 0, small, 2)).toThrow(/does not fit in its Float32Array/);
    expect(() => sgemm(false, false, 2, 2, 3, 1, new Float32Array(6), 2, new Float32Array(6), 2, 0, small, 2)).toThrow(/leading dimension/);
    expect(() => sgemm(false, false, 1, 1, 1, 1, new Float64Array(1) as unknown as Float32Array, 1, small, 1, 0, small, 1)).toThrow(/A must be a Float32Array/);
  });

  it('flushes subnormal inputs and results of a product to zero, in every OpenBLAS thread', () => {
    const { sgemm } = blasAddon();
    const tiny = 1e-40; // subnormal in float32
    // 256×256 outputs: large enough that OpenBLAS splits the work across its threads.
    const n = 256;
    const a = new Float32Array(n * n).fill(1);
    const b = new Float32Array(n * n).fill(tiny);
    const c = new Float32Array(n * n).fill(7);
    sgemm(false, false, n, n, n, 1, a, n, b, n, 0, c, n);
    expect(c.every((v) => v === 0)).toBe(true);
    // Normal values are untouched; a product whose exact value is subnormal gives 0.
    const d = new Float32Array(1);
    sgemm(false, false, 1, 1, 1, 1, new Float32Array([1e-20]), 1, new Float32Array([1e-20]), 1, 0, d, 1);
    expect(d[0]).toBe(0);
    sgemm(false, false, 1, 1, 1, 1, new Float32Array([1e-18]), 1, new Float32Array([1e-18]), 1, 0, d, 1);
    expect(d[0]).toBe(Math.fround(Math.fround(1e-18) * Math.fround(1e-18)));
  });

  it('computes element-wise ops with repeating operands, and rejects lengths that do not fit', () => {
    const { binary, unary } = blasAddon();
    const out = new Float32Array(6);
    binary(0, new Float32Array([1, 2, 3, 4, 5, 6]), new Float32Array([10, 20, 30]), out);
    expect([...out]).toEqual([11, 22, 33, 14, 25, 36]);
    binary(1, new Float32Array([1]), new Float32Array([1, 2, 3, 4, 5, 6]), out);
    expect([...out]).toEqual([0, -1, -2, -3, -4, -5]);
    unary(1, new Float32Array([-1, 0, 2, NaN, -0, 3]), out, 0.25);
    expect([...out]).toEqual([0.25, 0.25, 1, NaN, 0.25, 1]);
    expect(() => binary(0, new Float32Array(4), new Float32Array(3), new Float32Array(6))).toThrow(/divisor/);
    expect(() => binary(9, new Float32Array(6), new Float32Array(6), out)).toThrow(/op must be/);
    expect(() => unary(0, new Float32Array(5), out, 0)).toThrow(/same length/);
    expect(() => binary(0, new Int32Array(6) as unknown as Float32Array, new Float32Array(6), out)).toThrow(/a must be a Float32Array/);
  });

  it('rejects convolution arrays whose lengths do not match their dims', () => {
    const { conv2d, conv2dBackpropInput } = blasAddon();
    // [batch, inH, inW, inC, outH, outW, fH, fW, strideH, strideW, padTop, padLeft, outC]
    const dims = Int32Array.of(1, 4, 4, 2, 4, 4, 3, 3, 1, 1, 1, 1, 3);
    const x = new Float32Array(32);
    const filter = new Float32Array(54);
    expect(() => conv2d(x, filter, new Float32Array(47), dims)).toThrow(/y has 47 values, dims give 48/);
    expect(() => conv2d(new Float32Array(31), filter, new Float32Array(48), dims)).toThrow(/x has 31 values/);
    expect(() => conv2dBackpropInput(new Float32Array(48), filter, x, Int32Array.of(1, 4, 4, 2, 4, 4, 3, 3, 0, 1, 1, 1, 3))).toThrow(/strides/);
    expect(() => conv2d(x, filter, new Float32Array(48), new Int32Array(12))).toThrow(/13 values/);
    conv2d(x.fill(1), filter.fill(1), new Float32Array(48), dims); // fits: no throw
  });

  it('gets and sets the thread count', () => {
    setBlasThreads(1);
    expect(getBlasThreads()).toBe(1);
    setBlasThreads(2);
    expect(getBlasThreads()).toBe(2);
    expect(() => setBlasThreads(0)).toThrow(RangeError);
  });
});

describe('the blas backend', () => {
  it('has every cpu kernel, with the matmul and conv kernels replaced', () => {
    const cpu = tf.getKernelsForBackend('cpu').map((k) => k.kernelName).sort();
    const blas = tf.getKernelsForBackend('blas').map((k) => k.kernelName).sort();
    // Plus core's fused kernels, which cpu lacks.
    expect(blas).toEqual([...cpu, ...Object.keys(BLAS_FUSED_KERNELS)].sort());
    expect(Object.keys(BLAS_FUSED_KERNELS)).toContain(SCALED_ADD_KERNEL);
    for (const name of Object.keys(BLAS_KERNELS)) {
      expect(tf.getKernel(name, 'blas')!.kernelFunc).not.toBe(tf.getKernel(name, 'cpu')!.kernelFunc);
    }
  });

  // tfjs 4.22's BatchMatMul gradient does not sum over broadcast batch dimensions (it throws on
  // cpu too), so the broadcast cases compare the forward product only.
  const matmulCases: { label: string; a: number[]; b: number[]; transposeA: boolean; transposeB: boolean; grads?: false }[] = [
    { label: '[7, 5]·[5, 3]', a: [7, 5], b: [5, 3], transposeA: false, transposeB: false },
    { label: '[5, 7]ᵀ·[5, 3]', a: [5, 7], b: [5, 3], transposeA: true, transposeB: false },
    { label: '[7, 5]·[3, 5]ᵀ', a: [7, 5], b: [3, 5], transposeA: false, transposeB: true },
    { label: '[5, 7]ᵀ·[3, 5]ᵀ', a: [5, 7], b: [3, 5], transposeA: true, transposeB: true },
    { label: 'batched [4, 6, 9]·[4, 9, 2]', a: [4, 6, 9], b: [4, 9, 2], transposeA: false, transposeB: false },
    { label: 'batched [2, 3, 9, 6]ᵀ·[2, 3, 2, 9]ᵀ', a: [2, 3, 9, 6], b: [2, 3, 2, 9], transposeA: true, transposeB: true },
    { label: 'broadcast [4, 6, 9]·[9, 2]', a: [4, 6, 9], b: [9, 2], transposeA: false, transposeB: false, grads: false },
    { label: 'broadcast [4, 9, 6]ᵀ·[1, 9, 2]', a: [4, 9, 6], b: [1, 9, 2], transposeA: true, transposeB: false, grads: false },
    { label: 'broadcast [6, 9]·[4, 2, 9]ᵀ', a: [6, 9], b: [4, 2, 9], transposeA: false, transposeB: true, grads: false },
  ];

  it.each(matmulCases)('matMul (and its gradients unless broadcast) matches cpu ($label)', async (c) => {
    const a = values(c.a.reduce((x, y) => x * y), 1);
    const b = values(c.b.reduce((x, y) => x * y), 2);
    const result = await onBoth(() =>
      tf.tidy(() => {
        const f = (x: tf.Tensor, y: tf.Tensor) => tf.matMul(x, y, c.transposeA, c.transposeB).square().sum();
        const grads = c.grads === false ? [] : tf.grads(f)([tf.tensor(a, c.a), tf.tensor(b, c.b)]);
        const product = tf.matMul(tf.tensor(a, c.a), tf.tensor(b, c.b), c.transposeA, c.transposeB);
        return [product, ...grads].map((t) => t.dataSync() as Float32Array);
      }),
    );
    expectClose(result);
  });

  it('matches cpu for int32 matMul (through the cpu kernel)', async () => {
    const result = await onBoth(() => [Float32Array.from(tf.matMul(tf.tensor2d([1, 2, 3, 4], [2, 2], 'int32'), tf.tensor2d([5, 6, 7, 8], [2, 2], 'int32')).dataSync())]);
    expect([...result.blas[0]!]).toEqual([...result.cpu[0]!]);
  });

  it.each(['linear', 'relu', 'elu', 'relu6', 'leakyrelu', 'sigmoid', 'prelu'] as const)('fused matMul with bias and %s matches cpu, with gradients', async (activation) => {
    const a = values(8 * 6, 3);
    const b = values(6 * 5, 4);
    const bias = values(5, 5);
    const alpha = values(5, 6);
    const result = await onBoth(() =>
      tf.tidy(() => {
        const f = (x: tf.Tensor, w: tf.Tensor, c: tf.Tensor) =>
          tf.fused.matMul({ a: x as tf.Tensor2D, b: w as tf.Tensor2D, bias: c, activation, preluActivationWeights: activation === 'prelu' ? tf.tensor(alpha) : undefined, leakyreluAlpha: 0.1 }).square().sum();
        const grads = activation === 'prelu' || activation === 'relu6' ? [] : tf.grads(f)([tf.tensor2d(a, [8, 6]), tf.tensor2d(b, [6, 5]), tf.tensor1d(bias)]);
        const y = tf.fused.matMul({ a: tf.tensor2d(a, [8, 6]), b: tf.tensor2d(b, [6, 5]), bias: tf.tensor1d(bias), activation, preluActivationWeights: activation === 'prelu' ? tf.tensor(alpha) : undefined, leakyreluAlpha: 0.1 });
        return [y, ...grads].map((t) => t.dataSync() as Float32Array);
      }),
    );
    expectClose(result);
  });

  it('trains a two-layer net exactly as cpu does: forward and every gradient', async () => {
    const [n, d, width, classes] = [50, 37, 20, 3];
    const x = values(n * d, 7);
    const w1 = values(d * width, 8).map((v) => v / Math.sqrt(d));
    const w2 = values(width * classes, 9).map((v) => v / Math.sqrt(width));
    const labels = tf.tidy(() => tf.oneHot(tf.tensor1d(Int32Array.from({ length: n }, (_, i) => i % classes), 'int32'), classes).dataSync() as Float32Array);
    const result = await onBoth(() =>
      tf.tidy(() => {
        const loss = (a: tf.Tensor, b: tf.Tensor) => {
          const hidden = tf.relu(tf.matMul(tf.tensor2d(x, [n, d]), a as tf.Tensor2D));
          return tf.losses.softmaxCrossEntropy(tf.tensor2d(labels, [n, classes]), tf.matMul(hidden, b as tf.Tensor2D)) as tf.Scalar;
        };
        const { value, grads } = tf.valueAndGrads(loss)([tf.tensor2d(w1, [d, width]), tf.tensor2d(w2, [width, classes])]);
        return [value, ...grads].map((t) => t.dataSync() as Float32Array);
      }),
    );
    expectClose(result);
  });

  type Padding = 'same' | 'valid' | [[0, 0], [number, number], [number, number], [0, 0]];
  const convCases: { label: string; stride: number; pad: Padding; input: [number, number, number, number]; filter: [number, number, number, number] }[] = [
    { label: 'stride 1, same, [2, 9, 9, 3]', stride: 1, pad: 'same', input: [2, 9, 9, 3], filter: [3, 3, 3, 4] },
    { label: 'stride 2, same, [3, 8, 8, 2]', stride: 2, pad: 'same', input: [3, 8, 8, 2], filter: [3, 3, 2, 5] },
    { label: 'stride 1, valid, [2, 9, 7, 3]', stride: 1, pad: 'valid', input: [2, 9, 7, 3], filter: [3, 3, 3, 4] },
    { label: 'stride 2, explicit [1, 1], [1, 1], [2, 8, 8, 4]', stride: 2, pad: [[0, 0], [1, 1], [1, 1], [0, 0]], input: [2, 8, 8, 4], filter: [3, 3, 4, 6] },
    { label: 'stride 1, explicit [2, 0], [0, 1], [1, 6, 6, 2]', stride: 1, pad: [[0, 0], [2, 0], [0, 1], [0, 0]], input: [1, 6, 6, 2], filter: [3, 3, 2, 3] },
    { label: '1×1 stride 2, valid, [2, 8, 8, 3]', stride: 2, pad: 'valid', input: [2, 8, 8, 3], filter: [1, 1, 3, 8] },
    { label: '1×1 stride 1, valid (x is its own im2col matrix), [2, 5, 6, 7]', stride: 1, pad: 'valid', input: [2, 5, 6, 7], filter: [1, 1, 7, 4] },
    // K = 1152: the addon builds im2col in blocks of 910 rows (4 MiB), so M = 960 takes two, the second partial.
    { label: 'stride 1, same, [1, 32, 30, 128] (im2col in two blocks)', stride: 1, pad: 'same', input: [1, 32, 30, 128], filter: [3, 3, 128, 2] },
  ];

  it.each(convCases)('a small conv net: forward and gradients match cpu ($label)', async (c) => {
    const x = values(c.input.reduce((p, q) => p * q), 10);
    const w1 = values(c.filter.reduce((p, q) => p * q), 11);
    const w2 = values(9 * c.filter[3] * 2, 12);
    const result = await onBoth(() =>
      tf.tidy(() => {
        const net = (xt: tf.Tensor, a: tf.Tensor, b: tf.Tensor) => {
          const h = tf.relu(tf.conv2d(xt as tf.Tensor4D, a as tf.Tensor4D, c.stride, c.pad));
          return tf.conv2d(h, b as tf.Tensor4D, 1, 'same');
        };
        const inputs = () => [tf.tensor(x, c.input), tf.tensor(w1, c.filter), tf.tensor(w2, [3, 3, c.filter[3], 2])] as [tf.Tensor, tf.Tensor, tf.Tensor];
        const grads = tf.grads((p: tf.Tensor, q: tf.Tensor, r: tf.Tensor) => net(p, q, r).square().sum())(inputs());
        return [net(...inputs()), ...grads].map((t) => t.dataSync() as Float32Array);
      }),
    );
    expectClose(result, 1e-4);
  });

  it('multiplies matrices with an empty inner dimension into zeros, as cpu does', async () => {
    const result = await onBoth(() => tf.tidy(() => [tf.matMul(tf.zeros([200, 0]), tf.zeros([0, 100])), tf.matMul(tf.zeros([3, 0, 4]), tf.zeros([3, 5, 0]), true, true)].map((t) => t.dataSync() as Float32Array)));
    expect(result.blas.map((r) => [...r])).toEqual(result.cpu.map((r) => [...r]));
    expect(result.blas[0]!.length).toBe(20_000);
    expect(result.blas[0]!.every((v) => v === 0)).toBe(true);
  });

  it('is deterministic run to run with a fixed thread count, and leaks no tensors', async () => {
    await tf.setBackend('blas');
    setBlasThreads(2);
    const a = values(300 * 257, 13);
    const b = values(257 * 190, 14);
    const run = () => tf.tidy(() => tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.matMul(p, q).square().sum())([tf.tensor2d(a, [300, 257]), tf.tensor2d(b, [257, 190])]).map((g) => g.dataSync() as Float32Array));
    const first = run();
    const before = tf.memory().numTensors;
    const dataBefore = tf.engine().backend.numDataIds();
    for (let i = 0; i < 3; i++) {
      const again = run();
      for (let j = 0; j < first.length; j++) expect(Buffer.from(again[j]!.buffer).equals(Buffer.from(first[j]!.buffer))).toBe(true);
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(tf.engine().backend.numDataIds()).toBe(dataBefore);
  });

  it.each([
    { label: 'feature columns of a matrix', shape: [7, 11], begin: [0, 3], size: [7, 5] },
    { label: 'a middle block of a rank-4 tensor', shape: [3, 4, 5, 6], begin: [1, 1, 2, 1], size: [2, 2, 3, 4] },
    { label: 'a contiguous row range', shape: [6, 5], begin: [2, 0], size: [3, 5] },
    { label: 'to the end (-1)', shape: [4, 9], begin: [1, 4], size: [-1, -1] },
  ])('Slice and its gradient match cpu ($label)', async (c) => {
    const x = values(c.shape.reduce((p, q) => p * q), 15);
    const result = await onBoth(() =>
      tf.tidy(() => {
        const f = (t: tf.Tensor) => tf.slice(t, c.begin, c.size).square().sum();
        const [grad] = tf.grads(f)([tf.tensor(x, c.shape)]);
        return [tf.slice(tf.tensor(x, c.shape), c.begin, c.size), grad!].map((t) => t.dataSync() as Float32Array);
      }),
    );
    expect(result.blas.map((r) => [...r])).toEqual(result.cpu.map((r) => [...r]));
    const ints = await onBoth(() => [Float32Array.from(tf.slice(tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3], 'int32'), [0, 1], [2, 2]).dataSync())]);
    expect([...ints.blas[0]!]).toEqual([2, 3, 5, 6]);
  });

  it.each([
    { label: 'a matrix', shape: [7, 5], perm: [1, 0] },
    { label: 'NHWC to channels-first', shape: [2, 3, 4, 5], perm: [3, 0, 1, 2] },
    { label: 'a rank-3 middle swap', shape: [3, 4, 6], perm: [0, 2, 1] },
    { label: 'a rank-5 shuffle with a size-1 axis', shape: [2, 1, 3, 4, 2], perm: [4, 2, 0, 3, 1] },
  ])('Transpose and a reduction over leading axes match cpu exactly ($label)', async (c) => {
    const x = values(c.shape.reduce((p, q) => p * q), 16);
    const result = await onBoth(() =>
      tf.tidy(() => {
        const t = tf.tensor(x, c.shape);
        const [grad] = tf.grads((u: tf.Tensor) => tf.transpose(u, c.perm).mul(tf.range(0, x.length).reshape(c.perm.map((p) => c.shape[p]!))).sum())([t]);
        return [tf.transpose(t, c.perm), tf.sum(t, [0, 1]), grad!].map((r) => r.dataSync() as Float32Array);
      }),
    );
    expect(result.blas.map((r) => [...r])).toEqual(result.cpu.map((r) => [...r]));
    const ints = await onBoth(() => [Float32Array.from(tf.transpose(tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3], 'int32')).dataSync())]);
    expect([...ints.blas[0]!]).toEqual([1, 4, 2, 5, 3, 6]);
  });

  it.each([
    { label: 'NHWC over [0, 1, 2] (batch norm)', shape: [3, 4, 5, 6], axis: [0, 1, 2], keepDims: false },
    { label: 'NHWC over [0, 1, 2], keepDims', shape: [3, 4, 5, 6], axis: [0, 1, 2], keepDims: true },
    { label: 'the last axis', shape: [5, 7], axis: [1], keepDims: false },
    { label: 'the middle axes', shape: [2, 3, 4, 5], axis: [1, 2], keepDims: true },
    { label: 'every axis', shape: [4, 3, 2], axis: [0, 1, 2], keepDims: false },
    { label: 'an unsorted axis list (cpu kernel)', shape: [3, 4, 5], axis: [2, 0], keepDims: false },
  ])('Sum and Mean match cpu exactly ($label)', async (c) => {
    const x = values(c.shape.reduce((p, q) => p * q), 17);
    const result = await onBoth(() =>
      tf.tidy(() => {
        const t = tf.tensor(x, c.shape);
        return [tf.sum(t, c.axis, c.keepDims), tf.mean(t, c.axis, c.keepDims)].map((r) => r.dataSync() as Float32Array);
      }),
    );
    expect(result.blas.map((r) => [...r])).toEqual(result.cpu.map((r) => [...r]));
    const ints = await onBoth(() => [Float32Array.from(tf.sum(tf.tensor2d([1, 2, 3, 4], [2, 2], 'int32'), 0).dataSync())]);
    expect([...ints.blas[0]!]).toEqual([4, 6]);
  });

  it.each([
    { label: '[2, 3, 4, 5] with [5]', a: [2, 3, 4, 5], b: [5] },
    { label: '[1, 1, 1, 5] with [2, 3, 4, 5]', a: [1, 1, 1, 5], b: [2, 3, 4, 5] },
    { label: '[2, 3, 4, 5] with [4, 5]', a: [2, 3, 4, 5], b: [4, 5] },
    { label: '[2, 3, 4, 5] with [2, 1, 1, 5] (strided broadcast)', a: [2, 3, 4, 5], b: [2, 1, 1, 5] },
    { label: '[6, 5] with [6, 1] (strided broadcast)', a: [6, 5], b: [6, 1] },
    { label: '[3, 1, 5] with [1, 4, 1] (both broadcast)', a: [3, 1, 5], b: [1, 4, 1] },
    { label: 'a scalar with [3, 4]', a: [], b: [3, 4] },
    { label: 'equal shapes [3, 4]', a: [3, 4], b: [3, 4] },
  ])('broadcast Add, Sub, Mul and Div and their gradients match cpu exactly ($label)', async (c) => {
    const a = values(c.a.reduce((p, q) => p * q, 1), 18);
    const b = values(c.b.reduce((p, q) => p * q, 1), 19).map((v) => v + 3);
    const result = await onBoth(() =>
      tf.tidy(() => {
        const f = (x: tf.Tensor, y: tf.Tensor) => tf.add(x, y).mul(tf.sub(x, y)).div(y).sum();
        const [ga, gb] = tf.grads(f)([tf.tensor(a, c.a), tf.tensor(b, c.b)]);
        const [x, y] = [tf.tensor(a, c.a), tf.tensor(b, c.b)];
        return [tf.add(x, y), tf.sub(x, y), tf.mul(x, y), tf.div(x, y), ga!, gb!].map((r) => r.dataSync() as Float32Array);
      }),
    );
    expect(result.blas.map((r) => [...r])).toEqual(result.cpu.map((r) => [...r]));
  });

  // toEqual compares numbers with Object.is: −0 differs from 0, and NaN equals NaN (whose sign bit JavaScript does not keep).
  it('Add, Sub, Mul, Div, Relu, Step, Neg and Square match cpu exactly on special and subnormal values', async () => {
    const special = [0, -0, 1, -1, 1e-40, -3e-39, 1.5e-45, 3.4e38, -3.4e38, Infinity, -Infinity, NaN, 0.1, 7, -2.5];
    // 1031 values (odd, past any vector width) cycling through the specials and random ones.
    const a = Float32Array.from({ length: 1031 }, (_, i) => (i < 225 ? special[i % 15]! : Math.sin(i) * 10 ** ((i % 7) - 3)));
    const b = Float32Array.from({ length: 1031 }, (_, i) => (i < 225 ? special[Math.floor(i / 15)]! : Math.cos(i) * 10 ** ((i % 5) - 2)));
    const result = await onBoth(() =>
      tf.tidy(() => {
        const [x, y] = [tf.tensor1d(a), tf.tensor1d(b)];
        const outputs = [tf.add(x, y), tf.sub(x, y), tf.mul(x, y), tf.div(x, y), tf.relu(x), tf.step(x, 0.3), tf.neg(x), tf.square(x), tf.mul(x, tf.scalar(-0.7)), tf.div(tf.scalar(2), y)];
        return outputs.map((t) => Float32Array.from(t.dataSync()));
      }),
    );
    expect(result.blas.map((r) => [...r])).toEqual(result.cpu.map((r) => [...r]));
  });

  it('element-wise ops on arrays of several parallel blocks match cpu exactly, for every operand layout', async () => {
    // 100,800 = 2,100 rows of 48: more than three 32,768-value blocks, rows that straddle them.
    const [rows, channels] = [2100, 48];
    const special = [0, -0, 1e-40, -3e-39, Infinity, -Infinity, NaN, 3.4e38];
    const a = Float32Array.from({ length: rows * channels }, (_, i) => (i % 997 < 8 ? special[i % 997]! : Math.sin(i) * 10 ** ((i % 7) - 3)));
    const b = Float32Array.from(a, (_, i) => Math.cos(i) * 10 ** ((i % 5) - 2));
    const row = values(channels, 33);
    const result = await onBoth(() =>
      tf.tidy(() => {
        const [x, y] = [tf.tensor2d(a, [rows, channels]), tf.tensor2d(b, [rows, channels])];
        const bias = tf.tensor1d(row);
        const outputs = [
          tf.add(x, y),
          tf.div(x, y),
          tf.sub(x, bias), // a repeating block
          tf.mul(bias, y), // the repeating operand first
          tf.mul(x, tf.scalar(-0.7)),
          tf.relu(x),
          tf.step(x, 0.3),
          tf.neg(x),
          tf.square(x),
        ];
        return outputs.map((t) => Float32Array.from(t.dataSync()));
      }),
    );
    expect(result.blas.map((r) => [...r])).toEqual(result.cpu.map((r) => [...r]));
  });

  it.each([
    { label: 'per-channel statistics, scale and offset', shape: [3, 4, 5, 6], stats: [6], scale: true, offset: true },
    { label: 'no scale or offset', shape: [2, 3, 3, 5], stats: [5], scale: false, offset: false },
    { label: 'statistics of shape [1, 1, 1, C], scale only', shape: [2, 2, 3, 4], stats: [1, 1, 1, 4], scale: true, offset: false },
    { label: 'one value for every channel', shape: [2, 3, 4], stats: [1], scale: true, offset: true },
  ])('batch norm and its gradients match cpu ($label)', async (c) => {
    const size = (shape: number[]) => shape.reduce((p, q) => p * q, 1);
    const x = values(size(c.shape), 20);
    const stat = (seed: number, shift: number) => values(size(c.stats), seed).map((v) => v * 0.5 + shift);
    const [mean, variance, scale, offset] = [stat(21, 0), stat(22, 2), stat(23, 1), stat(24, 0)];
    const result = await onBoth(() =>
      tf.tidy(() => {
        const f = (t: tf.Tensor) =>
          tf.batchNorm(t, tf.tensor(mean, c.stats), tf.tensor(variance, c.stats), c.offset ? tf.tensor(offset, c.stats) : undefined, c.scale ? tf.tensor(scale, c.stats) : undefined, 1e-5);
        // tfjs 4.22's batchNorm gradient fails without scale and offset (on cpu too): forward only then.
        const grads = c.scale && c.offset ? tf.grads((t: tf.Tensor) => f(t).square().sum())([tf.tensor(x, c.shape)]) : [];
        return [f(tf.tensor(x, c.shape)), ...grads].map((t) => t.dataSync() as Float32Array);
      }),
    );
    expect([...result.blas[0]!]).toEqual([...result.cpu[0]!]);
    expectClose({ cpu: result.cpu.slice(1), blas: result.blas.slice(1) });
  });

  it("core's scaledAdd runs the fused kernel and equals cpu's add(mul(scalar(alpha), x), y) exactly", async () => {
    const x = Float32Array.from({ length: 1003 }, (_, i) => (i < 5 ? [1e-40, NaN, -0, 3.4e38, Infinity][i]! : Math.sin(i) * 10 ** ((i % 9) - 4)));
    const y = Float32Array.from({ length: 1003 }, (_, i) => Math.cos(i) * 10 ** ((i % 7) - 3));
    // 100,003 values run on both threads, in blocks; every 1000th gives a subnormal result, which
    // the element-wise ops keep (only the products flush subnormals).
    const large = Float32Array.from({ length: 100_003 }, (_, i) => (i % 1000 === 7 ? 2e-39 : Math.sin(i)));
    const zeros = Float32Array.from(large, (_, i) => (i % 1000 === 7 ? 0 : Math.cos(i)));
    const result = await onBoth(() =>
      tf.tidy(() =>
        [
          scaledAdd(tf.tensor1d(x), tf.tensor1d(y), -0.37),
          scaledAdd(tf.tensor1d(x.slice(0, 6)), tf.tensor2d(y.slice(0, 12), [2, 6]), 3),
          scaledAdd(tf.tensor1d(large), tf.tensor1d(zeros), -0.37),
        ].map((t) => Float32Array.from(t.dataSync())),
      ),
    );
    expect(result.cpu[2]![99_007]).not.toBe(0);
    expect(tf.getKernel(SCALED_ADD_KERNEL, 'blas')).toBeDefined();
    expect(tf.getKernel(SCALED_ADD_KERNEL, 'cpu')).toBeUndefined();
    expect(result.blas.map((r) => [...r])).toEqual(result.cpu.map((r) => [...r]));
  });

  it.each([
    { label: 'NHWC [4, 5, 6, 7]', shape: [4, 5, 6, 7] },
    { label: 'a large mean (the two-pass variance)', shape: [8, 3, 3, 5], shift: 1000 },
    { label: 'a matrix [6, 3]', shape: [6, 3] },
    // 1,280 rows: the native kernels sum in blocks of 512 rows (the last one partial) on both threads.
    { label: 'three blocks of rows [4, 16, 20, 5]', shape: [4, 16, 20, 5], shift: 10 },
  ])("core's fused training batch norm and its gradient agree with the tfjs-op path ($label)", async (c) => {
    const channels = c.shape[c.shape.length - 1]!;
    const x = values(c.shape.reduce((p, q) => p * q, 1), 25).map((v, i) => v * (1 + (i % channels)) + (c.shift ?? 0));
    const dy = values(x.length, 26);
    const [scale, offset] = [values(channels, 27), values(channels, 28)];
    const result = await onBoth(() =>
      tf.tidy(() => {
        const xt = tf.tensor(x, c.shape);
        const { y, mean, variance } = batchNormTraining(xt, tf.tensor1d(scale), tf.tensor1d(offset), 1e-5);
        const { dx, dScale, dOffset } = batchNormTrainingGrad(tf.tensor(dy, c.shape), xt, mean, variance, tf.tensor1d(scale), 1e-5);
        // With a ReLU after it: its output masks dy (about half the values here).
        const masked = batchNormTrainingGrad(tf.tensor(dy, c.shape), xt, mean, variance, tf.tensor1d(scale), 1e-5, tf.relu(y));
        // A NaN in the ReLU's output gives NaN in its channel's gradients, as tfjs's ReLU gradient would.
        const poisoned = tf.relu(tf.where(tf.equal(tf.range(0, x.length).reshape(c.shape), 0), tf.fill(c.shape, NaN), y));
        const nan = batchNormTrainingGrad(tf.tensor(dy, c.shape), xt, mean, variance, tf.tensor1d(scale), 1e-5, poisoned);
        return [y, mean, variance, dx, dScale, dOffset, masked.dx, masked.dScale, masked.dOffset, nan.dx, nan.dScale].map((t) => t.dataSync() as Float32Array);
      }),
    );
    for (const kernel of [BATCH_NORM_TRAIN_KERNEL, BATCH_NORM_GRAD_KERNEL]) {
      expect(tf.getKernel(kernel, 'blas')).toBeDefined();
      expect(tf.getKernel(kernel, 'cpu')).toBeUndefined();
    }
    // float64 sums against the cpu path's float32 means: equal to float32 rounding of each output's scale.
    for (let i = 0; i < 9; i++) expect(relativeError(result.cpu[i]!, result.blas[i]!)).toBeLessThan(2e-5);
    for (const i of [9, 10]) {
      const nanAt = (values: Float32Array) => [...values].map(Number.isNaN);
      expect(nanAt(result.blas[i]!)).toEqual(nanAt(result.cpu[i]!));
      expect(nanAt(result.blas[i]!)).toContain(true);
      expect(nanAt(result.blas[i]!)).toContain(false);
    }
  });

  it('the fused batch norm kernels give the same bits with 1 and 2 threads', async () => {
    await tf.setBackend('blas');
    const shape = [8, 16, 16, 16];
    const x = values(shape.reduce((p, q) => p * q), 29);
    const dy = values(x.length, 30);
    const run = () =>
      tf.tidy(() => {
        const xt = tf.tensor(x, shape);
        const { y, mean, variance } = batchNormTraining(xt, tf.ones([16]), tf.zeros([16]), 1e-5);
        const g = batchNormTrainingGrad(tf.tensor(dy, shape), xt, mean, variance, tf.ones([16]), 1e-5, tf.relu(y));
        return [y, mean, variance, g.dx, g.dScale, g.dOffset].map((t) => t.dataSync() as Float32Array);
      });
    setBlasThreads(1);
    const one = run();
    setBlasThreads(2);
    const two = run();
    for (let i = 0; i < one.length; i++) expect(Buffer.from(two[i]!.buffer).equals(Buffer.from(one[i]!.buffer))).toBe(true);
  });

  it('broadcast binary ops and reductions over random shapes and axes match cpu exactly (seeded)', async () => {
    const rng = Prng.fromSeed(31);
    const draw = (n: number) => Math.floor(rng.nextFloat() * n);
    const cases = Array.from({ length: 40 }, () => {
      const rank = 1 + draw(5);
      const full = Array.from({ length: rank }, () => 1 + draw(5));
      // Each operand: a suffix of the full shape, with some sizes replaced by 1.
      const operand = () => full.slice(draw(rank)).map((d) => (rng.nextFloat() < 0.4 ? 1 : d));
      const [a, b] = rng.nextFloat() < 0.5 ? [full, operand()] : [operand(), full];
      const axes = full.map((_, i) => i).filter(() => rng.nextFloat() < 0.5);
      return { a, b, full, axes: axes.length > 0 ? axes : [rank - 1] };
    });
    const result = await onBoth(() =>
      tf.tidy(() =>
        cases.flatMap((c, k) => {
          const [x, y] = [tf.tensor(values(c.a.reduce((p, q) => p * q, 1), 100 + k), c.a), tf.tensor(values(c.b.reduce((p, q) => p * q, 1), 200 + k).map((v) => v + 4), c.b)];
          const z = tf.tensor(values(c.full.reduce((p, q) => p * q, 1), 300 + k), c.full);
          return [tf.add(x, y), tf.sub(x, y), tf.mul(x, y), tf.div(x, y), tf.sum(z, c.axes), tf.mean(z, c.axes, true)].map((t) => Float32Array.from(t.dataSync()));
        }),
      ),
    );
    expect(result.blas.map((r) => [...r])).toEqual(result.cpu.map((r) => [...r]));
  });

  it('falls back to the cpu kernels for float32 tensors that hold other typed arrays, and for int32', async () => {
    const result = await onBoth(() =>
      tf.tidy(() => {
        const x = tf.tensor1d(new Int32Array([1, -2, 3]) as unknown as Float32Array, 'float32');
        const ints = tf.tensor1d([4, -5, 6], 'int32');
        return [tf.add(x, x), tf.relu(x), tf.neg(x), tf.add(ints, ints), tf.relu(ints)].map((t) => Float32Array.from(t.dataSync()));
      }),
    );
    expect(result.blas.map((r) => [...r])).toEqual(result.cpu.map((r) => [...r]));
    expect([...result.blas[0]!]).toEqual([2, -4, 6]);
  });
});
