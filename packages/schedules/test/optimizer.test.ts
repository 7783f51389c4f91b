import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '@lrlab/core';
import { initBackend } from '@lrlab/backends';
import { bindOptimizer, type BindOptimizerOptions, type BoundOptimizer } from '../src/optimizer/bind';
import { resolveOptimizerConfig, type OptimizerConfig } from '../src/optimizer/config';
import { createOptimizer } from '../src/optimizer/create';

beforeAll(() => initBackend({ prefer: 'cpu' }));

/** One config per supported kind, plus the RMSProp variant with a third slot. */
const KINDS: readonly (readonly [string, OptimizerConfig])[] = [
  ['sgd', { kind: 'sgd' }],
  ['momentum', { kind: 'momentum', momentum: 0.9 }],
  ['nesterov', { kind: 'nesterov', momentum: 0.9 }],
  ['adam', { kind: 'adam' }],
  ['rmsprop', { kind: 'rmsprop' }],
];
const CENTERED: readonly [string, OptimizerConfig] = ['rmsprop (centered, momentum)', { kind: 'rmsprop', centered: true, momentum: 0.5 }];

/**
 * A small least-squares problem, L = mean((x·W + b − y)²), whose gradients change every step.
 * Variables are named `${prefix}/kernel` and `${prefix}/bias`.
 */
interface Problem {
  readonly vars: tf.Variable[];
  loss(): tf.Scalar;
  weights(): Float32Array[];
  dispose(): void;
}

/** A trainable variable made without leaving its initial tensor behind. */
function variable(values: ArrayLike<number>, name: string, shape: number[] = [values.length]): tf.Variable {
  return tf.tidy(() => tf.variable(tf.tensor(Float32Array.from(values), shape), true, name));
}

function makeProblem(prefix: string, init?: readonly Float32Array[]): Problem {
  const kernel = variable(init?.[0] ?? [0.5, -0.3, 0.8, 0.1, 0.7, -0.6], `${prefix}/kernel`, [2, 3]);
  const bias = variable(init?.[1] ?? [0.05, -0.1, 0.2], `${prefix}/bias`);
  const x = tf.tensor2d([[1, 2], [-1, 0.5], [0.3, -2], [2, 1]]);
  const y = tf.tensor2d([[1, 0, -1], [0.5, 2, 0], [-1, 1, 1], [2, -0.5, 0.3]]);
  const vars = [kernel, bias];
  return {
    vars,
    loss: () => tf.tidy(() => tf.mean(tf.square(tf.sub(tf.add(tf.matMul(x, kernel), bias), y)))),
    weights: () => vars.map((v) => Float32Array.from(v.dataSync())),
    dispose: () => tf.dispose([kernel, bias, x, y]),
  };
}

/** Trains steps [from, to) of `problem` with `bound`. */
function train(bound: BoundOptimizer, problem: Problem, from: number, to: number): void {
  for (let step = from; step < to; step++) {
    const { value, grads } = tf.variableGrads(() => problem.loss(), problem.vars);
    bound.applyGradients(grads, step);
    tf.dispose([value, grads]);
  }
}

function relativeError(actual: ArrayLike<number>, expected: readonly number[]): number {
  return Math.max(...expected.map((e, i) => Math.abs(actual[i]! - e) / Math.abs(e)));
}

describe('bindOptimizer: update rules', () => {
  it('Nesterov SGD with coupled weight decay matches PyTorch SGD(nesterov=True, weight_decay=5e-4) by hand', () => {
    // L = ½(1·w₀² + 3·w₁²), so ∇L = (w₀, 3w₁); lr 0.1, μ 0.9, wd 5e-4, w = (1, −2).
    // PyTorch: g ← ∇L + wd·w; buf ← μ·buf + g (buf = g at step 0); w ← w − lr·(g + μ·buf).
    // Step 0: g = (1.0005, −6.001), buf = g, g + μ·buf = (1.90095, −11.4019),
    //         w = (1 − 0.190095, −2 + 1.14019) = (0.809905, −0.85981).
    // Step 1: ∇L = (0.809905, −2.57943), g = ∇L + 5e-4·w = (0.8103099525, −2.579859905),
    //         buf = 0.9·(1.0005, −6.001) + g = (1.7107599525, −7.980759905),
    //         g + μ·buf = (2.34999390975, −9.7625438195),
    //         w = (0.809905 − 0.234999390975, −0.85981 + 0.97625438195) = (0.574905609025, 0.11644438195).
    const w = variable([1, -2], 'nesterov-by-hand/w');
    const c = tf.tensor1d([1, 3]);
    const bound = bindOptimizer({
      optimizer: { kind: 'nesterov', momentum: 0.9 },
      learningRate: 0.1,
      weightDecay: { value: 5e-4, mode: 'coupled' },
    });
    const expected = [
      [0.809905, -0.85981],
      [0.574905609025, 0.11644438195],
    ];
    for (let step = 0; step < 2; step++) {
      const { value, grads } = tf.variableGrads(() => tf.mul(0.5, tf.sum(tf.mul(c, tf.square(w)))), [w]);
      expect(bound.applyGradients(grads, step)).toBe(0.1);
      tf.dispose([value, grads]);
      expect(relativeError(w.dataSync(), expected[step]!)).toBeLessThan(1e-6);
    }
    bound.dispose();
    tf.dispose([w, c]);
  });

  it('plain SGD (updated by core\'s fused sgdStep) gives the weights of tfjs\'s own SGD to the bit', () => {
    const lrs = [0.3, 0.11, 0.037, 1e-3, 0.5];
    const ours = makeProblem('sgd-ours');
    const theirs = makeProblem('sgd-theirs');
    const bound = bindOptimizer({ optimizer: { kind: 'sgd' }, learningRate: (step) => lrs[step]! });
    train(bound, ours, 0, lrs.length);
    for (const lr of lrs) {
      const optimizer = tf.train.sgd(lr);
      const { value, grads } = tf.variableGrads(() => theirs.loss(), theirs.vars);
      optimizer.applyGradients(grads);
      tf.dispose([value, grads]);
      optimizer.dispose();
    }
    expect(ours.weights().map((w) => [...w])).toEqual(theirs.weights().map((w) => [...w]));
    expect(bound.optimizer.iterations).toBe(lrs.length);
    bound.dispose();
    ours.dispose();
    theirs.dispose();
  });

  it('takes an existing tfjs optimizer, reads its config and overrides its learning rate', () => {
    const w = variable([1, -2], 'existing/w');
    const bound = bindOptimizer({ optimizer: tf.train.momentum(5, 0.8, true), learningRate: 0.1 });
    expect(bound.kind).toBe('nesterov');
    expect(bound.config).toEqual({ kind: 'nesterov', momentum: 0.8 });
    // ∇(½‖w‖²) = w; first Nesterov step: w − lr·(1 + μ)·w = w·(1 − 0.1·1.8) = 0.82·w.
    const { value, grads } = tf.variableGrads(() => tf.mul(0.5, tf.sum(tf.square(w))), [w]);
    bound.applyGradients(grads, 0);
    tf.dispose([value, grads]);
    expect(relativeError(w.dataSync(), [0.82, -1.64])).toBeLessThan(1e-6);
    bound.dispose();
    w.dispose();
  });

  it('keeps each variable on its own slots when a step omits some variables or lists them in another order', () => {
    // tfjs matches slot variables to gradients by position in the map; the binding fixes the order.
    // L = ½‖a‖² + ½·2‖b‖² is separable, so each variable's path depends only on its own gradients.
    const loss = (a: tf.Variable, b: tf.Variable) => (): tf.Scalar => tf.add(tf.mul(0.5, tf.sum(tf.square(a))), tf.sum(tf.square(b)));
    const grad = (f: () => tf.Scalar, vars: tf.Variable[]): tf.NamedTensorMap => {
      const { value, grads } = tf.variableGrads(f, vars);
      value.dispose();
      return grads;
    };
    const a = variable([1, -2], 'order/a');
    const b = variable([3], 'order/b');
    const bound = bindOptimizer({ optimizer: { kind: 'momentum', momentum: 0.9 }, learningRate: 0.1 });
    const step0 = grad(loss(a, b), [a, b]);
    bound.applyGradients(step0, 0);
    const step1 = grad(loss(a, b), [b]); // only b
    bound.applyGradients(step1, 1);
    const both = grad(loss(a, b), [a, b]);
    const step2 = { 'order/b': both['order/b']!, 'order/a': both['order/a']! }; // reversed
    bound.applyGradients(step2, 2);
    tf.dispose([step0, step1, both]);

    // References: each variable trained alone, for the steps at which it had a gradient.
    const alone = (values: number[], name: string, steps: number, f: (v: tf.Variable) => () => tf.Scalar): Float32Array => {
      const v = variable(values, name);
      const ref = bindOptimizer({ optimizer: { kind: 'momentum', momentum: 0.9 }, learningRate: 0.1 });
      for (let step = 0; step < steps; step++) {
        const g = grad(f(v), [v]);
        ref.applyGradients(g, step);
        tf.dispose(g);
      }
      const out = Float32Array.from(v.dataSync());
      ref.dispose();
      v.dispose();
      return out;
    };
    expect(a.dataSync()).toEqual(alone([1, -2], 'order/a-alone', 2, (v) => () => tf.mul(0.5, tf.sum(tf.square(v)))));
    expect(b.dataSync()).toEqual(alone([3], 'order/b-alone', 3, (v) => () => tf.sum(tf.square(v))));
    bound.dispose();
    tf.dispose([a, b]);
  });

  it.each(KINDS)('%s: a learning-rate change mid-training changes the next update in proportion', (label, config) => {
    const scheduled = makeProblem(`lr-change-${label}/scheduled`);
    const constant = makeProblem(`lr-change-${label}/constant`);
    const a = bindOptimizer({ optimizer: config, learningRate: (s) => (s < 1 ? 0.1 : 0.01) });
    const b = bindOptimizer({ optimizer: config, learningRate: 0.1 });
    train(a, scheduled, 0, 1);
    train(b, constant, 0, 1);
    const w1 = scheduled.weights();
    expect(constant.weights()).toEqual(w1);

    // For SGD, predict the second update exactly in float32: w ← w + fround(−0.01)·g.
    const { value, grads } = tf.variableGrads(() => scheduled.loss(), scheduled.vars);
    const g = scheduled.vars.map((v) => grads[v.name]!.dataSync());
    expect(a.applyGradients(grads, 1)).toBe(0.01);
    tf.dispose([value, grads]);
    train(b, constant, 1, 2);
    const w2a = scheduled.weights();
    const w2b = constant.weights();
    if (config.kind === 'sgd') {
      const predicted = w1.map((w, i) => w.map((x, j) => Math.fround(x + Math.fround(Math.fround(-0.01) * g[i]![j]!))));
      expect(w2a).toEqual(predicted);
    }
    // Every update here is proportional to the learning rate, with the same slots in both runs,
    // so the scheduled run's second step is a tenth of the constant run's.
    w1.forEach((w, i) =>
      w.forEach((x, j) => {
        const stepA = w2a[i]![j]! - x;
        const stepB = w2b[i]![j]! - x;
        expect(stepA).not.toBe(stepB);
        expect(Math.abs(stepA / stepB - 0.1)).toBeLessThan(1e-3);
      }),
    );
    [a, b, scheduled, constant].forEach((x) => x.dispose());
  });
});

describe('bindOptimizer: weight decay', () => {
  it('decoupled: w ← w·(1 − lr·wd) before the SGD update, skipping excluded variables', () => {
    const w = variable([1, -2], 'decoupled-sgd/kernel');
    const b = variable([0.5], 'decoupled-sgd/bias');
    const bound = bindOptimizer({
      optimizer: { kind: 'sgd' },
      learningRate: 0.1,
      weightDecay: { value: 0.2, mode: 'decoupled', exclude: ['/bias$'] },
    });
    // L = ½‖w‖² + ½b², gradients (w, b) at the old weights; 1 − lr·wd = 0.98.
    const { value, grads } = tf.variableGrads(() => tf.add(tf.mul(0.5, tf.sum(tf.square(w))), tf.mul(0.5, tf.sum(tf.square(b)))), [w, b]);
    bound.applyGradients(grads, 0);
    tf.dispose([value, grads]);
    expect(relativeError(w.dataSync(), [1 * 0.98 - 0.1 * 1, -2 * 0.98 + 0.1 * 2])).toBeLessThan(1e-6);
    expect(relativeError(b.dataSync(), [0.5 - 0.1 * 0.5])).toBeLessThan(1e-6);
    bound.dispose();
    tf.dispose([w, b]);
  });

  it('decoupled with Adam is AdamW: w·(1 − lr·wd) − lr·m̂/(√v̂ + ε), the decay following the schedule', () => {
    const w = variable([1, -2], 'adamw/w');
    const lrs = [0.1, 0.05];
    const bound = bindOptimizer({
      optimizer: { kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
      learningRate: (s) => lrs[s]!,
      weightDecay: { value: 0.5, mode: 'decoupled' },
    });
    // Reference in float64: ∇(½‖w‖²) = w, PyTorch AdamW order.
    let ref = [1, -2];
    let m = [0, 0];
    let v = [0, 0];
    for (let step = 0; step < 2; step++) {
      const lr = lrs[step]!;
      const g = ref;
      const t = step + 1;
      m = m.map((mi, i) => 0.9 * mi + 0.1 * g[i]!);
      v = v.map((vi, i) => 0.999 * vi + 0.001 * g[i]! ** 2);
      ref = ref.map((wi, i) => wi * (1 - lr * 0.5) - (lr * (m[i]! / (1 - 0.9 ** t))) / (Math.sqrt(v[i]! / (1 - 0.999 ** t)) + 1e-8));
      const { value, grads } = tf.variableGrads(() => tf.mul(0.5, tf.sum(tf.square(w))), [w]);
      bound.applyGradients(grads, step);
      tf.dispose([value, grads]);
      expect(relativeError(w.dataSync(), ref)).toBeLessThan(1e-5);
    }
    bound.dispose();
    w.dispose();
  });

  it('coupled: g ← ∇L + wd·w for every variable (biases included) unless excluded', () => {
    const run = (prefix: string, exclude?: string[]): Float32Array[] => {
      const w = variable([1, -2], `${prefix}/kernel`);
      const b = variable([0.5], `${prefix}/bias`);
      const bound = bindOptimizer({ optimizer: { kind: 'sgd' }, learningRate: 0.1, weightDecay: { value: 0.2, mode: 'coupled', ...(exclude ? { exclude } : {}) } });
      // L = Σw + 3b: constant gradients (1, 1) and 3, so only the decay term depends on the weights.
      const { value, grads } = tf.variableGrads(() => tf.add(tf.sum(w), tf.mul(3, tf.sum(b))), [w, b]);
      bound.applyGradients(grads, 0);
      tf.dispose([value, grads]);
      const out = [Float32Array.from(w.dataSync()), Float32Array.from(b.dataSync())];
      bound.dispose();
      tf.dispose([w, b]);
      return out;
    };
    const all = run('coupled-all');
    expect(relativeError(all[0]!, [1 - 0.1 * (1 + 0.2 * 1), -2 - 0.1 * (1 + 0.2 * -2)])).toBeLessThan(1e-6);
    expect(relativeError(all[1]!, [0.5 - 0.1 * (3 + 0.2 * 0.5)])).toBeLessThan(1e-6);
    const spared = run('coupled-spared', ['bias$']);
    expect(spared[0]).toEqual(all[0]);
    expect(relativeError(spared[1]!, [0.5 - 0.1 * 3])).toBeLessThan(1e-6);
  });
});

describe('bindOptimizer: state save and restore', () => {
  const schedule = (s: number): number => 0.05 * 0.8 ** s;
  const weightDecays: readonly BindOptimizerOptions['weightDecay'][] = [{ value: 1e-2, mode: 'coupled' }, { value: 1e-2, mode: 'decoupled', exclude: ['bias'] }];

  it.each([...KINDS, CENTERED])('%s: train 3, save, train 2 equals restore into a fresh optimizer and train 2, bit for bit', async (label, config) => {
    for (const [d, weightDecay] of weightDecays.entries()) {
      const name = `restore-${label}-${d}`;
      const options: BindOptimizerOptions = { optimizer: config, learningRate: schedule, ...(weightDecay ? { weightDecay } : {}) };
      const original = makeProblem(name);
      const bound = bindOptimizer(options);
      train(bound, original, 0, 3);
      const state = await bound.saveState();
      const savedWeights = original.weights();
      train(bound, original, 3, 5);
      const uninterrupted = original.weights();
      bound.dispose();
      original.dispose();

      expect(state.kind).toBe(config.kind);
      expect(state.iterations).toBe(3);
      expect(state.variables).toEqual([`${name}/kernel`, `${name}/bias`]);

      // A fresh process rebuilds the model under the same names and loads the checkpoint.
      const resumed = makeProblem(name, savedWeights);
      const fresh = bindOptimizer(options);
      await fresh.restoreState(state);
      expect(fresh.optimizer.iterations).toBe(3);
      train(fresh, resumed, 3, 5);
      expect(resumed.weights()).toEqual(uninterrupted);
      fresh.dispose();
      resumed.dispose();
    }
  });

  it('adam: restores the bias-correction products exactly (tfjs setWeights() recomputes them with pow, which drifts)', async () => {
    const options: BindOptimizerOptions = { optimizer: { kind: 'adam' }, learningRate: 0.01 };
    const original = makeProblem('adam-powers-a');
    const bound = bindOptimizer(options);
    train(bound, original, 0, 20);
    const state = await bound.saveState();
    const saved = original.weights();
    train(bound, original, 20, 25);
    const uninterrupted = original.weights();
    const resumed = makeProblem('adam-powers-b', saved);
    const fresh = bindOptimizer(options);
    await fresh.restoreState(state, { rename: { 'adam-powers-a/kernel': 'adam-powers-b/kernel', 'adam-powers-a/bias': 'adam-powers-b/bias' } });
    expect(await fresh.saveState()).toEqual({ ...state, variables: ['adam-powers-b/kernel', 'adam-powers-b/bias'], slots: expect.any(Array) });
    train(fresh, resumed, 20, 25);
    expect(resumed.weights()).toEqual(uninterrupted);
    [bound, fresh, original, resumed].forEach((x) => x.dispose());
  });

  it('lays the slots out in one Float32Array with names, shapes and offsets', async () => {
    const problem = makeProblem('layout');
    const bound = bindOptimizer({ optimizer: { kind: 'adam' }, learningRate: 0.01 });
    train(bound, problem, 0, 2);
    const state = await bound.saveState();
    expect(state.slots).toEqual([
      { name: 'layout/kernel/m', shape: [2, 3], offset: 0 },
      { name: 'layout/bias/m', shape: [3], offset: 6 },
      { name: 'layout/kernel/v', shape: [2, 3], offset: 9 },
      { name: 'layout/bias/v', shape: [3], offset: 15 },
    ]);
    expect(state.data).toBeInstanceOf(Float32Array);
    expect(state.data.length).toBe(18);
    expect(state.adam!.beta1Power).toBeCloseTo(0.9 ** 3, 6);
    // The state is a copy: training on does not change it.
    const before = Float32Array.from(state.data);
    train(bound, problem, 2, 3);
    expect(state.data).toEqual(before);
    bound.dispose();
    problem.dispose();
  });

  it('restores into variables of other names with `rename`, and rejects unknown variables without it', async () => {
    const original = makeProblem('rename-a');
    const bound = bindOptimizer({ optimizer: { kind: 'momentum' }, learningRate: 0.05 });
    train(bound, original, 0, 2);
    const state = await bound.saveState();
    const saved = original.weights();
    train(bound, original, 2, 3);
    const uninterrupted = original.weights();

    const resumed = makeProblem('rename-b', saved);
    const strict = bindOptimizer({ optimizer: { kind: 'momentum' }, learningRate: 0.05 });
    await strict.restoreState(state);
    const { value, grads } = tf.variableGrads(() => resumed.loss(), resumed.vars);
    expect(() => strict.applyGradients(grads, 2)).toThrow(/rename-b\/kernel.*rename/);
    tf.dispose([value, grads]);

    const renamed = bindOptimizer({ optimizer: { kind: 'momentum' }, learningRate: 0.05 });
    await renamed.restoreState(state, { rename: { 'rename-a/kernel': 'rename-b/kernel', 'rename-a/bias': 'rename-b/bias' } });
    train(renamed, resumed, 2, 3);
    expect(resumed.weights()).toEqual(uninterrupted);
    expect((await renamed.saveState()).slots.map((s) => s.name)).toEqual(['rename-b/kernel/momentum', 'rename-b/bias/momentum']);
    [bound, strict, renamed, original, resumed].forEach((x) => x.dispose());
  });

  it('rejects a state of another kind, a corrupt one, or one that does not fit the model', async () => {
    const problem = makeProblem('bad-state');
    const bound = bindOptimizer({ optimizer: { kind: 'momentum' }, learningRate: 0.05 });
    train(bound, problem, 0, 1);
    const state = await bound.saveState();
    const adam = bindOptimizer({ optimizer: { kind: 'adam' }, learningRate: 0.05 });
    await expect(adam.restoreState(state)).rejects.toThrow(/state\.kind.*"adam".*got "momentum"/);
    const other = bindOptimizer({ optimizer: { kind: 'momentum' }, learningRate: 0.05 });
    await expect(other.restoreState({ ...state, slots: state.slots.slice(1) })).rejects.toThrow(ConfigError);
    await expect(other.restoreState({ ...state, data: state.data.subarray(1) })).rejects.toThrow(/state\.slots\[1\]\.offset/);
    const wrongShape = { ...state, slots: [{ ...state.slots[0]!, shape: [3, 2] }, state.slots[1]!] };
    await expect(other.restoreState(wrongShape)).rejects.toThrow(/state\.slots\[0\]\.shape.*\[2,3\]/);
    [bound, adam, other, problem].forEach((x) => x.dispose());
  });
});

describe('bindOptimizer: invalid configs', () => {
  const bind = (options: Partial<BindOptimizerOptions>) => () =>
    bindOptimizer({ optimizer: { kind: 'sgd' }, learningRate: 0.1, ...options } as BindOptimizerOptions);

  it.each<[string, Partial<BindOptimizerOptions>, RegExp]>([
    ['a negative learning rate', { learningRate: -0.1 }, /learningRate.*-0\.1/],
    ['a NaN learning rate', { learningRate: NaN }, /learningRate.*NaN/],
    ['a schedule that is negative at step 0', { learningRate: () => -1 }, /learningRate\(0\).*-1/],
    ['momentum > 1', { optimizer: { kind: 'momentum', momentum: 1.5 } }, /optimizer\.momentum.*1\.5/],
    ['momentum = 1', { optimizer: { kind: 'nesterov', momentum: 1 } }, /optimizer\.momentum.*< 1.*got 1\b/],
    ['momentum < 0', { optimizer: { kind: 'momentum', momentum: -0.1 } }, /optimizer\.momentum.*-0\.1/],
    ['NaN momentum', { optimizer: { kind: 'momentum', momentum: NaN } }, /optimizer\.momentum.*NaN/],
    ['an unknown kind', { optimizer: { kind: 'adamw' } as unknown as OptimizerConfig }, /optimizer\.kind.*"adamw"/],
    ['a field of another kind', { optimizer: { kind: 'sgd', momentum: 0.9 } as unknown as OptimizerConfig }, /optimizer\.momentum.*"sgd"/],
    ['a learning rate inside the optimizer config', { optimizer: { kind: 'adam', learningRate: 0.1 } as unknown as OptimizerConfig }, /optimizer\.learningRate.*bindOptimizer/],
    ['beta2 = 1', { optimizer: { kind: 'adam', beta2: 1 } }, /optimizer\.beta2/],
    ['epsilon = 0', { optimizer: { kind: 'rmsprop', epsilon: 0 } }, /optimizer\.epsilon.*got 0/],
    ['a non-boolean centered', { optimizer: { kind: 'rmsprop', centered: 'yes' } as unknown as OptimizerConfig }, /optimizer\.centered.*"yes"/],
    ['a negative weight decay', { weightDecay: { value: -5e-4, mode: 'coupled' } }, /weightDecay\.value.*-0\.0005/],
    ['an unknown weight-decay mode', { weightDecay: { value: 5e-4, mode: 'l2' as 'coupled' } }, /weightDecay\.mode.*"l2"/],
    ['a bad exclude regex', { weightDecay: { value: 5e-4, mode: 'coupled', exclude: ['bias', '(bn'] } }, /weightDecay\.exclude\[1\].*"\(bn"/],
    ['an unsupported tfjs optimizer', { optimizer: tf.train.adagrad(0.1) }, /Adagrad/],
  ])('rejects %s with a ConfigError naming it', (_label, options, message) => {
    expect(bind(options)).toThrow(ConfigError);
    expect(bind(options)).toThrow(message);
  });

  it('validates configs and learning rates outside bindOptimizer too', () => {
    expect(resolveOptimizerConfig({ kind: 'nesterov' })).toEqual({ kind: 'nesterov', momentum: 0.9 });
    expect(resolveOptimizerConfig({ kind: 'rmsprop' })).toEqual({ kind: 'rmsprop', decay: 0.9, momentum: 0, epsilon: 1e-8, centered: false });
    const optimizer = createOptimizer({ kind: 'nesterov', momentum: 0.9 }, 0.1);
    expect(optimizer.getClassName()).toBe('Momentum');
    expect(optimizer.getConfig()).toEqual({ learningRate: 0.1, momentum: 0.9, useNesterov: true });
    optimizer.dispose();
    expect(() => createOptimizer({ kind: 'sgd' }, -1)).toThrow(/learningRate.*-1/);
    expect(() => resolveOptimizerConfig(null as unknown as OptimizerConfig)).toThrow(ConfigError);
  });

  it('rejects bad steps, bad schedule values, unknown variables and mismatched gradients at apply time', () => {
    const w = variable([1, 2], 'apply-errors/w');
    const bound = bindOptimizer({ optimizer: { kind: 'sgd' }, learningRate: (s) => (s < 3 ? 0.1 : NaN) });
    const g = tf.ones([2]);
    expect(() => bound.applyGradients({ 'apply-errors/w': g }, -1)).toThrow(/step.*-1/);
    expect(() => bound.applyGradients({ 'apply-errors/w': g }, 1.5)).toThrow(/step.*1\.5/);
    expect(() => bound.applyGradients({ 'apply-errors/w': g }, 3)).toThrow(/learningRate\(3\).*NaN/);
    expect(() => bound.applyGradients({ 'no-such-variable': g }, 0)).toThrow(/"no-such-variable"/);
    const wrong = tf.ones([3]);
    expect(() => bound.applyGradients({ 'apply-errors/w': wrong }, 0)).toThrow(/shape.*\[3\].*\[2\]/);
    expect(Array.from(w.dataSync())).toEqual([1, 2]);
    bound.dispose();
    tf.dispose([w, g, wrong]);
  });
});

describe('bindOptimizer: tensor hygiene', () => {
  it.each([...KINDS, CENTERED])('%s: no tensor leaks across steps, restores or dispose', async (label, config) => {
    const before = tf.memory().numTensors;
    const problem = makeProblem(`leaks-${label}`);
    const bound = bindOptimizer({ optimizer: config, learningRate: (s) => 0.1 / (1 + s), weightDecay: { value: 1e-3, mode: 'coupled' } });
    const decoupled = bindOptimizer({ optimizer: config, learningRate: 0.1, weightDecay: { value: 1e-3, mode: 'decoupled' } });
    train(bound, problem, 0, 1);
    train(decoupled, problem, 0, 1);
    const afterFirst = tf.memory().numTensors;
    train(bound, problem, 1, 5);
    train(decoupled, problem, 1, 5);
    expect(tf.memory().numTensors).toBe(afterFirst);
    // Restoring into an optimizer that already has slots replaces them without leaking.
    await bound.restoreState(await bound.saveState());
    expect(tf.memory().numTensors).toBe(afterFirst);
    train(bound, problem, 5, 6);
    expect(tf.memory().numTensors).toBe(afterFirst);
    bound.dispose();
    decoupled.dispose();
    problem.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
