import * as tf from '@tensorflow/tfjs';
import { SGD_STEP_KERNEL, sgdStep, type SgdStepOptions } from '@lrlab/core';
import { blasAddon, registerBlasBackend } from '../src';
import { requireAddon, values } from './helpers';

requireAddon();

beforeAll(() => {
  registerBlasBackend({ threads: 2 });
});

afterAll(async () => {
  await tf.setBackend('cpu');
});

/** Shapes of a small model; the 70,001-value one runs in three blocks on both threads. */
const SHAPES = [[3, 3, 2, 4], [4], [4], [70_001], [5, 7], [1]];

/** Special values at the start of the first variables: NaN, ±0, ±∞, subnormals, overflow. */
const SPECIAL = [NaN, -0, 0, Infinity, -Infinity, 1e-40, -3e-39, 3.4e38, -3.4e38, 1e-30];

function initial(size: number, seed: number): Float32Array {
  const out = values(size, seed);
  SPECIAL.forEach((v, i) => {
    if (i < size && seed % 3 === 0) out[i] = v;
  });
  return out;
}

/** The gradients of step `step`: seeded, scaled, with special values in some. */
function gradientsOf(step: number): tf.Tensor[] {
  return SHAPES.map((shape, i) => {
    const g = initial(tf.util.sizeFromShape(shape), 100 * step + i + 1).map((v) => v * 0.5);
    return tf.tensor(g, shape);
  });
}

type Rule = 'sgd' | 'momentum' | 'nesterov';

const CASES: readonly { label: string; rule: Rule; weightDecay: number | number[] }[] = [
  { label: 'plain SGD', rule: 'sgd', weightDecay: 0 },
  { label: 'plain SGD, weight decay', rule: 'sgd', weightDecay: 5e-4 },
  { label: 'momentum', rule: 'momentum', weightDecay: 0 },
  { label: 'momentum, weight decay', rule: 'momentum', weightDecay: 5e-4 },
  { label: 'Nesterov', rule: 'nesterov', weightDecay: 0 },
  { label: 'Nesterov, weight decay', rule: 'nesterov', weightDecay: 5e-4 },
  { label: 'Nesterov, weight decay per variable (some 0)', rule: 'nesterov', weightDecay: [5e-4, 0, 0.01, 5e-4, 0, 1e-50] },
];

const LEARNING_RATES = [0.1, 0.1, 0.037, 1e-3, 0.5];

/** Five sgdSteps on the current backend; returns the weights, then the accumulations. */
function train(rule: Rule, weightDecay: number | number[]): Float32Array[] {
  const weights = SHAPES.map((shape, i) => tf.variable(tf.tensor(initial(tf.util.sizeFromShape(shape), 3 * i), shape)));
  const buffers = rule === 'sgd' ? undefined : SHAPES.map((shape) => tf.variable(tf.zeros(shape), false));
  LEARNING_RATES.forEach((learningRate, step) => {
    const gradients = gradientsOf(step);
    const options: SgdStepOptions = { learningRate, weightDecay, ...(rule === 'sgd' ? {} : { momentum: 0.9, nesterov: rule === 'nesterov' }) };
    sgdStep(weights, gradients, buffers, options);
    tf.dispose(gradients);
  });
  const out = [...weights, ...(buffers ?? [])].map((v) => Float32Array.from(v.dataSync()));
  tf.dispose([...weights, ...(buffers ?? [])]);
  return out;
}

/** The same steps with tfjs's own optimizers, fed g + w·wd (lrlab's coupled weight decay) as before. */
function trainWithTfjs(rule: Rule, weightDecay: number): Float32Array[] {
  const weights = SHAPES.map((shape, i) => tf.variable(tf.tensor(initial(tf.util.sizeFromShape(shape), 3 * i), shape)));
  const optimizer = rule === 'sgd' ? tf.train.sgd(0.1) : tf.train.momentum(0.1, 0.9, rule === 'nesterov');
  LEARNING_RATES.forEach((learningRate, step) => {
    optimizer.setLearningRate(learningRate);
    const gradients = gradientsOf(step);
    const decayed = tf.tidy(() => gradients.map((g, i) => (weightDecay === 0 ? g.clone() : tf.add(g, tf.mul(weights[i]!, weightDecay)))));
    optimizer.applyGradients(weights.map((w, i) => ({ name: w.name, tensor: decayed[i]! })));
    tf.dispose([...gradients, ...decayed]);
  });
  const buffers = rule === 'sgd' ? [] : (optimizer as unknown as { accumulations: { variable: tf.Variable }[] }).accumulations.map((a) => a.variable);
  const out = [...weights, ...buffers].map((v) => Float32Array.from(v.dataSync()));
  tf.dispose(weights);
  optimizer.dispose();
  return out;
}

describe("core's sgdStep on blas (LrlabSgdStep)", () => {
  it.each(CASES)('$label: the fused kernel gives the bits of the tfjs-ops fallback (cpu) over five steps', async ({ rule, weightDecay }) => {
    await tf.setBackend('cpu');
    const cpu = train(rule, weightDecay);
    await tf.setBackend('blas');
    const blas = train(rule, weightDecay);
    expect(tf.getKernel(SGD_STEP_KERNEL, 'blas')).toBeDefined();
    expect(tf.getKernel(SGD_STEP_KERNEL, 'cpu')).toBeUndefined();
    expect(blas.length).toBe(rule === 'sgd' ? SHAPES.length : 2 * SHAPES.length);
    expect(blas.map((a) => [...a])).toEqual(cpu.map((a) => [...a]));
    // The special values went through (NaN, ±∞ and subnormals in; NaN out where ∞ met ∞ or 0).
    expect(cpu.some((a) => a.some(Number.isNaN))).toBe(true);
  });

  it.each(CASES.filter((c) => typeof c.weightDecay === 'number'))('$label: equals tfjs\'s own optimizer (fed g + w·wd) on blas and cpu', async ({ rule, weightDecay }) => {
    for (const backend of ['blas', 'cpu']) {
      await tf.setBackend(backend);
      expect(train(rule, weightDecay).map((a) => [...a])).toEqual(trainWithTfjs(rule, weightDecay as number).map((a) => [...a]));
    }
  });

  it('runs one kernel for a step of 60 variables where the tfjs ops run eight per variable', async () => {
    const count = async (backend: string, rule: Rule): Promise<string[]> => {
      await tf.setBackend(backend);
      const shapes = Array.from({ length: 60 }, (_, i) => [i % 4 === 0 ? 3 * 3 * 16 * 16 : 16]);
      const weights = shapes.map((shape, i) => tf.variable(tf.tensor(values(shape[0]!, i + 1), shape)));
      const buffers = shapes.map((shape) => tf.variable(tf.zeros(shape), false));
      const gradients = shapes.map((shape, i) => tf.tensor(values(shape[0]!, 1000 + i), shape));
      const before = tf.memory().numTensors;
      const profile = await tf.profile(() =>
        sgdStep(weights, gradients, rule === 'sgd' ? undefined : buffers, { learningRate: 0.1, weightDecay: 5e-4, ...(rule === 'sgd' ? {} : { momentum: 0.9, nesterov: rule === 'nesterov' }) }),
      );
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([...weights, ...buffers, ...gradients]);
      return profile.kernels.map((k) => k.name);
    };
    expect(await count('blas', 'nesterov')).toEqual([SGD_STEP_KERNEL]);
    expect(await count('blas', 'momentum')).toEqual([SGD_STEP_KERNEL]);
    expect(await count('blas', 'sgd')).toEqual([SGD_STEP_KERNEL]);
    // The fallback: weight decay (Multiply, Add), then Nesterov's six ops (momentum: four; SGD: two).
    expect((await count('cpu', 'nesterov')).length).toBe(60 * 8);
    expect((await count('cpu', 'momentum')).length).toBe(60 * 6);
    expect((await count('cpu', 'sgd')).length).toBe(60 * 4);
  });

  it('writes new arrays: values read before the step do not change', async () => {
    await tf.setBackend('blas');
    const w = tf.variable(tf.tensor1d([1, -2, 3]));
    const a = tf.variable(tf.zeros([3]), false);
    const g = tf.tensor1d([0.5, 0.25, -1]);
    const wBefore = w.dataSync();
    const aBefore = a.dataSync();
    sgdStep([w], [g], [a], { learningRate: 0.1, momentum: 0.9 });
    expect([...wBefore]).toEqual([1, -2, 3]);
    expect([...aBefore]).toEqual([0, 0, 0]);
    expect([...a.dataSync()]).toEqual([0.5, 0.25, -1]);
    expect([...w.dataSync()]).toEqual([1, -2, 3].map((x, i) => Math.fround(x + Math.fround(Math.fround(-0.1) * [0.5, 0.25, -1][i]!))));
    tf.dispose([w, a, g]);
  });

  it('checks its arguments: lengths, and momentum given with accumulations', async () => {
    await tf.setBackend('blas');
    const w = tf.variable(tf.tensor1d([1]));
    const g = tf.tensor1d([1]);
    expect(() => sgdStep([w], [], undefined, { learningRate: 0.1 })).toThrow(/gradients/);
    expect(() => sgdStep([w], [g], undefined, { learningRate: 0.1, momentum: 0.9 })).toThrow(/accumulations/);
    expect(() => sgdStep([w], [g], [w], { learningRate: 0.1 })).toThrow(/accumulations/);
    expect(() => sgdStep([w], [g], undefined, { learningRate: 0.1, weightDecay: [1, 2] })).toThrow(/weightDecay/);
    const f = new Float32Array(4);
    const { sgdStep: native } = blasAddon();
    const usage = /^sgdStep: rule must be 0/;
    expect(() => native(1, 0.1, 0.9, 0, f, f, new Float32Array(3), f, f)).toThrow(usage);
    expect(() => native(0, 0.1, 0, 0, f, f, f, f, f)).toThrow(usage); // plain SGD takes empty accumulations
    expect(() => native(3, 0.1, 0, 0, f, f, f, f, f)).toThrow(usage);
    expect(() => (native as unknown as (...args: unknown[]) => void)(1, 0.1)).toThrow(/sgdStep takes 9 arguments/);
    tf.dispose([w, g]);
  });
});
