import * as tf from '@tensorflow/tfjs';
import { SGD_STEP_KERNEL } from '@lrlab/core';
import { blasCandidate, initBackend } from '@lrlab/backends';
import { bindOptimizer, type BindOptimizerOptions } from '../src/optimizer/bind';
import type { OptimizerConfig } from '../src/optimizer/config';

/**
 * The bound SGD/momentum/Nesterov optimizer updates every variable in one call of core's
 * `sgdStep`: one kernel on `blas` (when its addon is built here), tfjs's own ops on cpu. Either way
 * it must give the bits of tfjs's own optimizers fed g + wd·w, which is what it ran before.
 */
const BACKENDS = blasCandidate().detect().available ? ['cpu', 'blas'] : ['cpu'];

beforeAll(async () => {
  if (BACKENDS.includes('blas')) await initBackend({ prefer: 'blas' });
  await tf.setBackend('cpu');
});

afterAll(async () => {
  await tf.setBackend('cpu');
});

const CONFIGS: readonly OptimizerConfig[] = [{ kind: 'sgd' }, { kind: 'momentum', momentum: 0.9 }, { kind: 'nesterov', momentum: 0.9 }];
const LEARNING_RATES = [0.1, 0.1, 0.05, 0.004, 0.3, 0.02];

/** A model of `count` variables (odd sizes, some named `…/bias`) and a loss whose gradients change every step. */
function makeModel(prefix: string, count: number) {
  const vars = Array.from({ length: count }, (_, i) => {
    const size = 1 + ((7 * i) % 23);
    const values = Float32Array.from({ length: size }, (_, j) => Math.sin(1 + i * 31 + j) * (i % 5 === 4 ? 1e-3 : 1));
    return tf.tidy(() => tf.variable(tf.tensor1d(values), true, `${prefix}/v${i}/${i % 3 === 0 ? 'bias' : 'kernel'}`));
  });
  // L = Σᵢ Σ (cᵢ·v)² + Σ sin(v): nonlinear, so momentum and weight decay meet changing gradients.
  const loss = (): tf.Scalar =>
    tf.tidy(() => tf.addN(vars.map((v, i) => tf.add(tf.sum(tf.square(tf.mul(v, 0.5 + (i % 4)))), tf.sum(tf.sin(v))))) as tf.Scalar);
  const grads = (): tf.NamedTensorMap => {
    const { value, grads } = tf.variableGrads(loss, vars);
    value.dispose();
    return grads;
  };
  return { vars, grads, weights: () => vars.map((v) => [...v.dataSync()]), dispose: () => tf.dispose(vars) };
}

type WeightDecay = BindOptimizerOptions['weightDecay'];
const DECAYS: readonly [string, WeightDecay][] = [
  ['no weight decay', undefined],
  ['coupled weight decay', { value: 5e-4, mode: 'coupled' }],
  ['coupled weight decay sparing biases', { value: 1e-2, mode: 'coupled', exclude: ['/bias$'] }],
];

describe.each(BACKENDS)('bindOptimizer on %s: the fused SGD step', (backend) => {
  beforeEach(async () => {
    await tf.setBackend(backend);
  });

  it.each(CONFIGS.flatMap((config) => DECAYS.map(([label, wd]) => [`${config.kind}, ${label}`, config, wd] as const)))(
    '%s: weights and momentum buffers equal tfjs\'s own optimizer to the bit over six steps',
    async (label, config, weightDecay) => {
      const ours = makeModel(`fused-${backend}-${label}/ours`, 12);
      const theirs = makeModel(`fused-${backend}-${label}/theirs`, 12);
      const bound = bindOptimizer({ optimizer: config, learningRate: (step) => LEARNING_RATES[step]!, ...(weightDecay ? { weightDecay } : {}) });
      const reference = config.kind === 'sgd' ? tf.train.sgd(1) : tf.train.momentum(1, 0.9, config.kind === 'nesterov');
      const decays = (name: string): boolean => weightDecay !== undefined && !(weightDecay.exclude ?? []).some((p) => new RegExp(p).test(name));
      LEARNING_RATES.forEach((lr, step) => {
        const g = ours.grads();
        bound.applyGradients(g, step);
        tf.dispose(g);
        // What the binding ran before the fused step: g + wd·w, then the tfjs optimizer.
        const h = theirs.grads();
        const decayed = tf.tidy(() => theirs.vars.map((v) => (decays(v.name) ? tf.add(h[v.name]!, tf.mul(v, weightDecay!.value)) : h[v.name]!.clone())));
        reference.setLearningRate(lr);
        reference.applyGradients(theirs.vars.map((v, i) => ({ name: v.name, tensor: decayed[i]! })));
        tf.dispose([h, decayed]);
      });
      expect(ours.weights()).toEqual(theirs.weights());
      const state = await bound.saveState();
      const buffers = (await reference.getWeights()).slice(1);
      expect(state.slots.length).toBe(buffers.length);
      buffers.forEach((b, i) => expect([...state.data.subarray(state.slots[i]!.offset, state.slots[i]!.offset + b.tensor.size)]).toEqual([...b.tensor.dataSync()]));
      expect(state.slots.map((s) => s.name)).toEqual(buffers.map((b) => b.name.replace('/theirs/', '/ours/')));
      bound.dispose();
      reference.dispose();
      ours.dispose();
      theirs.dispose();
    },
  );

  it('runs one kernel per step on blas for 48 variables, where tfjs ran eight per variable (Nesterov with coupled weight decay)', async () => {
    const count = async (run: () => void): Promise<string[]> => (await tf.profile(run)).kernels.map((k) => k.name);
    const model = makeModel(`fused-${backend}/count`, 48);
    const bound = bindOptimizer({ optimizer: { kind: 'nesterov', momentum: 0.9 }, learningRate: 0.1, weightDecay: { value: 5e-4, mode: 'coupled' } });
    const g = model.grads();
    bound.applyGradients(g, 0); // creates the momentum buffers (one ZerosLike each)
    const fused = await count(() => bound.applyGradients(g, 1));
    // The path before: the decayed gradients, then tfjs's MomentumOptimizer.
    const reference = tf.train.momentum(0.1, 0.9, true);
    const list = () => tf.tidy(() => model.vars.map((v) => ({ name: v.name, tensor: tf.add(g[v.name]!, tf.mul(v, 5e-4)) })));
    const first = list();
    reference.applyGradients(first);
    tf.dispose(first.map((e) => e.tensor));
    const before = await count(() => {
      const decayed = list();
      reference.applyGradients(decayed);
      tf.dispose(decayed.map((e) => e.tensor));
    });
    expect(before.length).toBe(48 * 8);
    expect(fused).toEqual(backend === 'blas' ? [SGD_STEP_KERNEL] : before);
    tf.dispose(g);
    bound.dispose();
    reference.dispose();
    model.dispose();
  });

  it.each(CONFIGS)('$kind with coupled weight decay: train 3, save, restore into a fresh binding, train 3 equals six uninterrupted steps', async (config) => {
    const options: BindOptimizerOptions = { optimizer: config, learningRate: (step) => LEARNING_RATES[step]!, weightDecay: { value: 5e-4, mode: 'coupled' } };
    const trainSteps = (bound: ReturnType<typeof bindOptimizer>, model: ReturnType<typeof makeModel>, from: number, to: number) => {
      for (let step = from; step < to; step++) {
        const g = model.grads();
        bound.applyGradients(g, step);
        tf.dispose(g);
      }
    };
    const name = `fused-${backend}-resume-${config.kind}`;
    const original = makeModel(name, 6);
    const bound = bindOptimizer(options);
    trainSteps(bound, original, 0, 3);
    const state = await bound.saveState();
    const saved = original.vars.map((v) => v.clone());
    trainSteps(bound, original, 3, 6);
    const uninterrupted = original.weights();
    bound.dispose();

    original.vars.forEach((v, i) => v.assign(saved[i]!));
    tf.dispose(saved);
    const tensorsBefore = tf.memory().numTensors;
    const fresh = bindOptimizer(options);
    await fresh.restoreState(state);
    trainSteps(fresh, original, 3, 6);
    expect(original.weights()).toEqual(uninterrupted);
    fresh.dispose();
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    original.dispose();
  });
});
