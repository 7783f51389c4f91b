import * as tf from '@tensorflow/tfjs';
import { ConfigError, seededNormal } from '@lrlab/core';
import { initBackend } from '@lrlab/backends';
import { constant } from '../src/lr/constant';
import { piecewiseConstant } from '../src/lr/piecewise';
import { gradientNoise } from '../src/noise/gradient';
import { weightNoise } from '../src/noise/weight';

beforeAll(() => initBackend({ prefer: 'cpu' }));

function moments(values: ArrayLike<number>): { mean: number; std: number } {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  const mean = sum / values.length;
  let sq = 0;
  for (let i = 0; i < values.length; i++) sq += (values[i]! - mean) ** 2;
  return { mean, std: Math.sqrt(sq / values.length) };
}

/** Named variables, made without leaving their initial tensors behind. */
function variables(prefix: string): tf.Variable[] {
  return [
    tf.tidy(() => tf.variable(seededNormal([100, 200], 1), true, `${prefix}/w1`)),
    tf.tidy(() => tf.variable(seededNormal([200], 2), true, `${prefix}/b1`)),
  ];
}

describe('gradientNoise', () => {
  const lr = piecewiseConstant({ boundaries: [10], values: [0.3, 0.03] });

  it('adds noise of std c · lr(step)^p to every gradient', () => {
    const noise = gradientNoise({ learningRate: lr, coefficient: 2, power: 2, seed: 1 });
    expect(noise.sigmaAt(9)).toBeCloseTo(2 * 0.09, 12);
    expect(noise.sigmaAt(10)).toBeCloseTo(2 * 0.0009, 12);
    const grads = { a: tf.ones([100, 500]), b: tf.zeros([300]) };
    for (const step of [0, 10]) {
      const noisy = noise.apply(grads, step);
      expect(Object.keys(noisy).sort()).toEqual(['a', 'b']);
      expect(noisy['a']!.shape).toEqual([100, 500]);
      const diff = tf.sub(noisy['a']!, grads.a);
      const { mean, std } = moments(diff.dataSync());
      expect(Math.abs(mean)).toBeLessThan(0.01 * noise.sigmaAt(step));
      expect(Math.abs(std / noise.sigmaAt(step) - 1)).toBeLessThan(0.02);
      tf.dispose([noisy, diff]);
    }
    expect(Array.from(grads.a.dataSync()).every((v) => v === 1)).toBe(true); // inputs untouched
    tf.dispose(grads);
  });

  it('defaults to p = 1, records a power-of config, and draws per (seed, step, name)', () => {
    const noise = gradientNoise({ learningRate: 0.5, coefficient: 3, seed: 4 });
    expect(noise.sigmaAt(0)).toBe(1.5);
    expect(noise.config).toEqual({
      kind: 'gradient-noise',
      seed: 4,
      sigma: { kind: 'power-of', coefficient: 3, power: 1, schedule: { kind: 'constant', value: 0.5 } },
    });
    expect(gradientNoise({ learningRate: (s) => 0.1 / (1 + s), coefficient: 1, seed: 4 }).config).toBeUndefined();
    const g = { x: tf.zeros([64]), y: tf.zeros([64]) };
    const draw = (n: typeof noise, step: number, grads: tf.NamedTensorMap = g) => {
      const out = n.apply(grads, step);
      const values = Object.fromEntries(Object.entries(out).map(([k, t]) => [k, Array.from(t.dataSync())]));
      tf.dispose(out);
      return values;
    };
    const a = draw(noise, 3);
    expect(draw(gradientNoise({ learningRate: 0.5, coefficient: 3, seed: 4 }), 3)).toEqual(a);
    expect(draw(noise, 3, { y: g.y, x: g.x })).toEqual(a); // independent of the map's order
    expect(a['x']).not.toEqual(a['y']);
    expect(draw(noise, 4)['x']).not.toEqual(a['x']);
    expect(draw(gradientNoise({ learningRate: 0.5, coefficient: 3, seed: 5 }), 3)['x']).not.toEqual(a['x']);
    tf.dispose(g);
  });

  it('returns grads itself when σ = 0, leaks nothing, and works on tf.variableGrads output', () => {
    const vars = variables('grad-noise');
    const grads0 = { a: tf.ones([3]) };
    expect(gradientNoise({ learningRate: lr, coefficient: 0, seed: 1 }).apply(grads0, 0)).toBe(grads0);
    expect(gradientNoise({ learningRate: constant(0), coefficient: 1, seed: 1 }).apply(grads0, 0)).toBe(grads0);
    grads0.a.dispose();
    const noise = gradientNoise({ learningRate: lr, coefficient: 1, seed: 1 });
    const before = tf.memory().numTensors;
    for (let step = 0; step < 3; step++) {
      const { value, grads } = tf.variableGrads(() => tf.sum(tf.add(tf.sum(vars[0]!, 0), vars[1]!)));
      const noisy = noise.apply(grads, step);
      expect(Object.keys(noisy).sort()).toEqual(['grad-noise/b1', 'grad-noise/w1']);
      tf.dispose([value, grads, noisy]);
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(vars);
  });

  it('rejects bad arguments with ConfigErrors naming the field', () => {
    const cases: [() => unknown, RegExp][] = [
      [() => gradientNoise({ learningRate: -0.1, coefficient: 1, seed: 1 }), /learningRate.*-0\.1/],
      [() => gradientNoise({ learningRate: 0.1, coefficient: -1, seed: 1 }), /coefficient.*-1/],
      [() => gradientNoise({ learningRate: 0.1, coefficient: NaN, seed: 1 }), /coefficient.*NaN/],
      [() => gradientNoise({ learningRate: 0.1, coefficient: 1, power: Infinity, seed: 1 }), /power.*Infinity/],
      [() => gradientNoise({ learningRate: 0.1, coefficient: 1, seed: -1 }), /seed.*-1/],
      [() => gradientNoise({ learningRate: 0, coefficient: 1, power: -1, seed: 1 }).sigmaAt(0), /sigma\(0\).*Infinity/],
      [() => gradientNoise({ learningRate: 0.1, coefficient: 1, seed: 1 }).apply({}, -1), /step.*-1/],
    ];
    for (const [fn, message] of cases) {
      expect(fn).toThrow(ConfigError);
      expect(fn).toThrow(message);
    }
  });
});

describe('weightNoise', () => {
  it('changes variables in place by ≈ σ(step), per (seed, step, name), without leaks', () => {
    const vars = variables('weight-noise');
    const sigma = piecewiseConstant({ boundaries: [5], values: [0.1, 0] });
    const noise = weightNoise({ sigma, seed: 3 });
    const w = vars[0]!;
    const original = w.dataSync().slice();
    const before = tf.memory().numTensors;
    noise.apply(vars, 0);
    expect(tf.memory().numTensors).toBe(before);
    const changed = w.dataSync();
    const delta = changed.map((v, i) => v - original[i]!);
    const { mean, std } = moments(delta);
    expect(Math.abs(mean)).toBeLessThan(0.002);
    expect(Math.abs(std / 0.1 - 1)).toBeLessThan(0.02);
    // σ = 0 from step 5: nothing changes.
    const held = w.dataSync().slice();
    noise.apply(vars, 5);
    expect(Array.from(w.dataSync())).toEqual(Array.from(held));
    expect(noise.config).toEqual({ kind: 'weight-noise', seed: 3, sigma: sigma.config });
    tf.dispose(vars);
  });

  it('draws the same as an array or a map by name, and differently per step and variable', () => {
    const delta = (apply: (vars: tf.Variable[]) => void, prefix: string) => {
      const vars = variables(prefix);
      const start = vars.map((v) => v.dataSync().slice());
      apply(vars);
      const out = vars.map((v, i) => Array.from(v.dataSync()).map((x, j) => x - start[i]![j]!).slice(0, 50));
      tf.dispose(vars);
      return out;
    };
    const noise = weightNoise({ sigma: 1, seed: 2 });
    const asArray = delta((vars) => noise.apply(vars, 7), 'same');
    // A map's keys name the draws: the same names give the same noise, in any key order.
    const asMap = delta((vars) => noise.apply({ 'same/b1': vars[1]!, 'same/w1': vars[0]! }, 7), 'other');
    const otherNames = delta((vars) => noise.apply({ 'x/w1': vars[0]!, 'x/b1': vars[1]! }, 7), 'same');
    expect(asMap).toEqual(asArray);
    expect(otherNames).not.toEqual(asArray);
    expect(delta((vars) => noise.apply(vars, 8), 'same')).not.toEqual(asArray);
    expect(asArray[0]!.slice(0, 10)).not.toEqual(asArray[1]!.slice(0, 10));
  });

  it('rejects bad arguments with ConfigErrors naming the field', () => {
    const vars = variables('weight-bad');
    const cases: [() => unknown, RegExp][] = [
      [() => weightNoise({ sigma: -2, seed: 1 }), /sigma.*-2/],
      [() => weightNoise({ sigma: NaN, seed: 1 }), /sigma.*NaN/],
      [() => weightNoise({ sigma: 1, seed: 2 ** 60 }), /seed/],
      [() => weightNoise({ sigma: 1, seed: 1 }).apply([vars[0]!, vars[0]!], 0), /duplicate "weight-bad\/w1"/],
      [() => weightNoise({ sigma: 1, seed: 1 }).apply([tf.zeros([2]) as never], 0), /tf\.Variable/],
      [() => weightNoise({ sigma: () => -1, seed: 1 }).apply(vars, 3), /sigma\(3\).*-1/],
    ];
    for (const [fn, message] of cases) {
      expect(fn).toThrow(ConfigError);
      expect(fn).toThrow(message);
    }
    tf.dispose(vars);
  });
});
