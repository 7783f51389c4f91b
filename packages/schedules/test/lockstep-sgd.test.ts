/**
 * The lockstep optimizer updates each run's slice with the bits its own binding gives it alone
 * (each run with its own learning-rate schedule), and each run's state is the one its binding
 * saves, so checkpoints of a lockstep run are those of the run alone.
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@lrlab/backends';
import { fillNormal, Prng } from '@lrlab/core';
import { bindOptimizer, lockstepSgd, lockstepSgdUnsupported, type OptimizerConfig } from '../src';

const SHAPES = [[3, 4], [4], [1]];

function values(size: number, seed: number): Float32Array {
  return fillNormal(Prng.fromSeed(seed), new Float32Array(size));
}

function bits(data: ArrayLike<number>): number[] {
  return Array.from(new Uint32Array(Float32Array.from(data).buffer));
}

const OPTIMIZERS: readonly OptimizerConfig[] = [{ kind: 'sgd' }, { kind: 'momentum', momentum: 0.9 }, { kind: 'nesterov', momentum: 0.9 }];

describe.each(['cpu', 'blas'])('lockstep SGD on %s', (backend) => {
  let previous: string;
  beforeAll(async () => {
    await tf.ready();
    previous = tf.getBackend();
    expect((await initBackend({ prefer: backend })).name).toBe(backend);
  });
  afterAll(async () => {
    await tf.setBackend(previous);
  });

  test.each(OPTIMIZERS)('$kind with coupled weight decay: each slice and state is the run alone', async (optimizer) => {
    const schedules = [(s: number) => 0.1 / (s + 1), () => 0.05, (s: number) => (s < 2 ? 0.3 : 0.03)];
    const weightDecay = { value: 5e-3, mode: 'coupled' as const, exclude: ['bias$'] };
    // Alone: each run its own variables and binding.
    const alone = schedules.map((learningRate, k) => ({
      variables: SHAPES.map((shape, i) => tf.variable(tf.tensor(values(shape.reduce((a, b) => a * b, 1), 10 * k + i), shape), true, `run${k}/v${i}${i === 1 ? '/bias' : ''}`)),
      bound: bindOptimizer({ optimizer, learningRate, weightDecay }),
    }));
    // In lockstep: the same values stacked, the same bindings (fresh) for the schedules.
    const stacked = SHAPES.map((_, i) => tf.variable(tf.stack(alone.map((a) => a.variables[i]!)), true));
    const bindings = schedules.map((learningRate) => bindOptimizer({ optimizer, learningRate, weightDecay }));
    const lockstep = lockstepSgd({
      bound: bindings,
      names: alone.map((a) => a.variables.map((v) => v.name)),
      states: await Promise.all(bindings.map((b) => b.saveState())),
      shapes: SHAPES,
    });
    for (let step = 0; step < 4; step++) {
      const grads = alone.map((a, k) => a.variables.map((v, i) => tf.tensor(values(v.size, 100 * step + 10 * k + i), v.shape)));
      alone.forEach((a, k) => a.bound.applyGradients(Object.fromEntries(a.variables.map((v, i) => [v.name, grads[k]![i]!])), step));
      const stackedGrads = SHAPES.map((_, i) => tf.stack(grads.map((g) => g[i]!)));
      const rates = lockstep.applyGradients(stacked, stackedGrads, step);
      expect(rates).toEqual(schedules.map((s) => s(step)));
      tf.dispose([...grads.flat(), ...stackedGrads]);
    }
    for (const [k, a] of alone.entries()) {
      stacked.forEach((s, i) => expect(bits(tf.tidy(() => tf.unstack(s)[k]!).dataSync())).toEqual(bits(a.variables[i]!.dataSync())));
      const state = await lockstep.stateOf(k);
      const expected = await a.bound.saveState();
      expect({ ...state, data: bits(state.data) }).toEqual({ ...expected, data: bits(expected.data) });
    }
    lockstep.dispose();
    alone.forEach((a) => {
      a.bound.dispose();
      tf.dispose(a.variables);
    });
    bindings.forEach((b) => b.dispose());
    tf.dispose(stacked);
  });

  test('a lockstep batch continues from each run\'s saved state', async () => {
    const variable = tf.variable(tf.tensor1d([1, 2]), true, 'resume/v');
    const bound = bindOptimizer({ optimizer: { kind: 'momentum', momentum: 0.5 }, learningRate: 0.1 });
    bound.applyGradients({ 'resume/v': tf.tensor1d([1, 1]) }, 0);
    const state = await bound.saveState();
    const stacked = tf.variable(tf.stack([variable, variable]), true);
    const fresh = [0, 1].map(() => bindOptimizer({ optimizer: { kind: 'momentum', momentum: 0.5 }, learningRate: 0.1 }));
    const lockstep = lockstepSgd({ bound: fresh, names: [['resume/v'], ['resume/v']], states: [state, state], shapes: [[2]] });
    lockstep.applyGradients([stacked], [tf.tensor2d([1, 1, 1, 1], [2, 2])], 1);
    bound.applyGradients({ 'resume/v': tf.tensor1d([1, 1]) }, 1);
    expect(Array.from(stacked.dataSync())).toEqual([...variable.dataSync(), ...variable.dataSync()]);
    expect((await lockstep.stateOf(1)).iterations).toBe(2);
    lockstep.dispose();
    [bound, ...fresh].forEach((b) => b.dispose());
    tf.dispose([variable, stacked]);
  });
});

test('Adam, RMSProp and decoupled weight decay train alone; bindings of one batch must agree', () => {
  expect(lockstepSgdUnsupported(bindOptimizer({ optimizer: { kind: 'adam' }, learningRate: 0.1 }))).toMatch(/adam/);
  expect(lockstepSgdUnsupported(bindOptimizer({ optimizer: { kind: 'sgd' }, learningRate: 0.1, weightDecay: { value: 0.1, mode: 'decoupled' } }))).toMatch(/decoupled/);
  const a = bindOptimizer({ optimizer: { kind: 'momentum', momentum: 0.9 }, learningRate: 0.1 });
  const b = bindOptimizer({ optimizer: { kind: 'momentum', momentum: 0.8 }, learningRate: 0.1 });
  const empty = { version: 1 as const, kind: 'momentum' as const, iterations: 0, variables: [], slots: [], data: new Float32Array(0) };
  expect(() => lockstepSgd({ bound: [a, b], names: [['x'], ['y']], states: [empty, empty], shapes: [[1]] })).toThrow(/share the optimizer kind, momentum and weight decay/);
});
