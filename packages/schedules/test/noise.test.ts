import * as tf from '@tensorflow/tfjs';
import { ConfigError, seededNormal, type NoiseContext, type NoiseInjector, type NoiseSite } from '@lrlab/core';
import { initBackend } from '@lrlab/backends';
import { powerOf } from '../src/lr/combinators';
import { piecewiseConstant } from '../src/lr/piecewise';
import { combineNoise } from '../src/noise/combine';
import { isPreactivationNoise, preactivationNoise, type PreactivationNoise } from '../src/noise/preactivation';

beforeAll(() => initBackend({ prefer: 'cpu' }));

const HIDDEN: NoiseSite = { index: 0, name: 'hidden' };
const train = (step: number): NoiseContext => ({ step, training: true });

/** Mean and (population) standard deviation. */
function moments(values: ArrayLike<number>): { mean: number; std: number } {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  const mean = sum / values.length;
  let sq = 0;
  for (let i = 0; i < values.length; i++) sq += (values[i]! - mean) ** 2;
  return { mean, std: Math.sqrt(sq / values.length) };
}

/** The noise an injector adds to x at (step, site), as numbers; disposes everything it makes. */
function addedNoise(injector: NoiseInjector, x: tf.Tensor, step: number, site: NoiseSite = HIDDEN): Float32Array {
  const y = injector.apply(x, site, train(step));
  const diff = tf.sub(y, x);
  const values = diff.dataSync() as Float32Array;
  tf.dispose([y, diff]);
  return values;
}

/** Noise drawn over several steps and sites, concatenated. */
function manyDraws(injector: NoiseInjector, x: tf.Tensor, draws: number): Float64Array {
  const out = new Float64Array(draws * x.size);
  for (let d = 0; d < draws; d++) out.set(addedNoise(injector, x, d, { index: d % 3, name: `s${d % 3}` }), d * x.size);
  return out;
}

describe('preactivationNoise: statistics', () => {
  it('iid: mean ≈ 0 and std ≈ σ over 1e5 draws of a [50, 200] batch', () => {
    const x = tf.zeros([50, 200]);
    const { mean, std } = moments(manyDraws(preactivationNoise({ sigma: 2, mode: 'iid', seed: 1 }), x, 10));
    expect(Math.abs(mean)).toBeLessThan(0.03); // standard error 2/√1e5 ≈ 0.006
    expect(std).toBeCloseTo(2, 1);
    expect(Math.abs(std / 2 - 1)).toBeLessThan(0.02);
    x.dispose();
  });

  it('shared-map: mean ≈ 0 and std ≈ σ over many maps', () => {
    const x = tf.zeros([2, 16, 16, 3]);
    const noise = preactivationNoise({ sigma: 0.4, mode: 'shared-map', seed: 2 });
    // One distinct value per (h, w) and draw: 256 × 200 = 51,200 samples.
    const maps = new Float64Array(200 * 256);
    for (let d = 0; d < 200; d++) {
      const values = addedNoise(noise, x, d);
      for (let p = 0; p < 256; p++) maps[d * 256 + p] = values[p * 3]!; // example 0, channel 0
    }
    const { mean, std } = moments(maps);
    expect(Math.abs(mean)).toBeLessThan(0.01); // standard error 0.4/√51200 ≈ 0.0018
    expect(Math.abs(std / 0.4 - 1)).toBeLessThan(0.025);
    x.dispose();
  });

  it('follows a schedule derived from the learning rate: σ = 13.33 · lr²', () => {
    const lr = piecewiseConstant({ boundaries: [100], values: [3, 0.3] });
    const noise = preactivationNoise({ sigma: (s) => 13.33 * lr(s) ** 2, mode: 'iid', seed: 3 });
    expect(noise.sigmaAt(99)).toBeCloseTo(119.97, 10);
    expect(noise.sigmaAt(100)).toBeCloseTo(1.1997, 10);
    const x = tf.zeros([50, 200]);
    expect(moments(addedNoise(noise, x, 0)).std / 119.97).toBeCloseTo(1, 1);
    expect(moments(addedNoise(noise, x, 100)).std / 1.1997).toBeCloseTo(1, 1);
    x.dispose();
    // A plain function cannot be saved; a described schedule can.
    expect(noise.config).toBeUndefined();
    const described = preactivationNoise({ sigma: powerOf(lr, { coefficient: 13.33, power: 2 }), mode: 'iid', seed: 3 });
    expect(described.config).toEqual({
      kind: 'preactivation-noise',
      mode: 'iid',
      seed: 3,
      sigma: { kind: 'power-of', coefficient: 13.33, power: 2, schedule: lr.config },
    });
    expect(JSON.parse(JSON.stringify(described.config))).toEqual(described.config);
  });

  it('defaults to the reference mode, shared-map, and exposes mode, seed and a constant σ config', () => {
    const noise = preactivationNoise({ sigma: 0.4, seed: 9 });
    expect(noise.mode).toBe('shared-map');
    expect(noise.seed).toBe(9);
    expect(noise.kind).toBe('preactivation-noise');
    expect(isPreactivationNoise(noise)).toBe(true);
    expect(isPreactivationNoise({ ...noise })).toBe(false);
    expect(noise.config).toEqual({ kind: 'preactivation-noise', mode: 'shared-map', seed: 9, sigma: { kind: 'constant', value: 0.4 } });
  });
});

describe('preactivationNoise: shapes and shared-map broadcasting', () => {
  it('shared-map adds one H×W map, constant across batch and channels, varying across H×W', () => {
    const [B, H, W, C] = [3, 5, 4, 2];
    const x = seededNormal([B, H, W, C], 11);
    const noise = preactivationNoise({ sigma: 1, mode: 'shared-map', seed: 4 });
    const y = noise.apply(x, HIDDEN, train(7));
    expect(y.shape).toEqual([B, H, W, C]);
    const diff = tf.sub(y, x);
    const d = diff.arraySync() as number[][][][];
    const map = d[0]!.map((row) => row.map((cell) => cell[0]!));
    for (let b = 0; b < B; b++) {
      for (let h = 0; h < H; h++) {
        for (let w = 0; w < W; w++) {
          for (let c = 0; c < C; c++) expect(d[b]![h]![w]![c]).toBeCloseTo(map[h]![w]!, 5);
        }
      }
    }
    expect(new Set(map.flat().map((v) => v.toFixed(6))).size).toBe(H * W);
    tf.dispose([x, y, diff]);
  });

  it('iid keeps the shape of any input and varies every element', () => {
    for (const shape of [[50, 200], [7], [2, 3, 4, 5]]) {
      const x = tf.zeros(shape);
      const y = preactivationNoise({ sigma: 1, mode: 'iid', seed: 5 }).apply(x, HIDDEN, train(0));
      expect(y.shape).toEqual(shape);
      const values = y.dataSync();
      // float32 draws may collide by chance (birthday bound), but only rarely.
      expect(new Set(values).size).toBeGreaterThan(0.99 * values.length);
      tf.dispose([x, y]);
    }
  });

  it('shared-map on non-NHWC input is a ConfigError naming the mode, the shape and the site', () => {
    const x = tf.zeros([50, 200]);
    const noise = preactivationNoise({ sigma: 1, mode: 'shared-map', seed: 1 });
    for (const training of [true, false]) {
      expect(() => noise.apply(x, HIDDEN, { step: 0, training })).toThrow(ConfigError);
      for (const part of [/^Invalid mode/, /"shared-map"/, /\[50, 200\]/, /"hidden"/, /rank-4/]) {
        expect(() => noise.apply(x, HIDDEN, { step: 0, training })).toThrow(part);
      }
    }
    x.dispose();
  });
});

describe('preactivationNoise: determinism', () => {
  const x = () => tf.zeros([4, 6, 6, 2]);

  it('is a pure function of (seed, step, site)', () => {
    for (const mode of ['iid', 'shared-map'] as const) {
      const input = x();
      const a = addedNoise(preactivationNoise({ sigma: 1, mode, seed: 42 }), input, 10, { index: 2, name: 'b' });
      const b = addedNoise(preactivationNoise({ sigma: 1, mode, seed: 42 }), input, 10, { index: 2, name: 'renamed' });
      expect(Array.from(b)).toEqual(Array.from(a));
      const others = [
        addedNoise(preactivationNoise({ sigma: 1, mode, seed: 42 }), input, 11, { index: 2, name: 'b' }),
        addedNoise(preactivationNoise({ sigma: 1, mode, seed: 42 }), input, 10, { index: 3, name: 'b' }),
        addedNoise(preactivationNoise({ sigma: 1, mode, seed: 43 }), input, 10, { index: 2, name: 'b' }),
      ];
      for (const other of others) expect(Array.from(other)).not.toEqual(Array.from(a));
      input.dispose();
    }
  });

  it('draws iid and shared-map noise independently from the same (seed, step, site)', () => {
    const input = x();
    const iid = addedNoise(preactivationNoise({ sigma: 1, mode: 'iid', seed: 1 }), input, 0);
    const map = addedNoise(preactivationNoise({ sigma: 1, mode: 'shared-map', seed: 1 }), input, 0);
    expect(iid[0]).not.toBeCloseTo(map[0]!, 6);
    input.dispose();
  });
});

describe('preactivationNoise: adds exactly nothing when it should', () => {
  it('returns x itself in evaluation and when σ = 0 (constant or scheduled)', () => {
    const dense = tf.ones([5, 3]);
    const conv = tf.ones([2, 4, 4, 3]);
    const off = preactivationNoise({ sigma: piecewiseConstant({ boundaries: [10], values: [1, 0] }), mode: 'iid', seed: 1 });
    expect(off.apply(dense, HIDDEN, { step: 3, training: false })).toBe(dense);
    expect(off.apply(dense, HIDDEN, train(10))).toBe(dense);
    expect(off.apply(dense, HIDDEN, train(9))).not.toBe(dense);
    expect(preactivationNoise({ sigma: 0, mode: 'iid', seed: 1 }).apply(dense, HIDDEN, train(0))).toBe(dense);
    expect(preactivationNoise({ sigma: 0, mode: 'shared-map', seed: 1 }).apply(conv, HIDDEN, train(0))).toBe(conv);
    expect(preactivationNoise({ sigma: 5, mode: 'shared-map', seed: 1 }).apply(conv, HIDDEN, { step: 0, training: false })).toBe(conv);
    tf.dispose([dense, conv]);
  });
});

describe('preactivationNoise: draw', () => {
  const site: NoiseSite = { index: 1, name: 'block1.bn1' };
  const bits = (t: tf.Tensor): number[] => Array.from(new Uint32Array(Float32Array.from(t.dataSync()).buffer));

  it.each(['iid', 'shared-map'] as const)('%s: x + draw() is apply(x) to the bit; nothing in evaluation or at σ = 0', (mode) => {
    const noise = preactivationNoise({ sigma: (step) => (step === 2 ? 0 : 0.7), mode, seed: 5 });
    const shape = [3, 4, 5, 2];
    const x = seededNormal(shape, 9);
    const values = noise.draw!(shape, site, { step: 1, training: true })!;
    expect(values).toHaveLength(3 * 4 * 5 * 2);
    const viaDraw = tf.add(x, tf.tensor(values, shape));
    const viaApply = noise.apply(x, site, { step: 1, training: true });
    expect(bits(viaDraw)).toEqual(bits(viaApply));
    expect(noise.draw!(shape, site, { step: 1, training: false })).toBeUndefined();
    expect(noise.draw!(shape, site, { step: 2, training: true })).toBeUndefined();
    tf.dispose([x, viaDraw, viaApply]);
  });
});

describe('preactivationNoise: gradients', () => {
  it('additive noise leaves the gradient of a linear loss unchanged (iid, dense)', () => {
    const x = seededNormal([5, 4], 1);
    const w = tf.variable(seededNormal([4, 3], 2), true, 'noise-test/w-dense');
    const gradient = (noise: NoiseInjector | undefined) => {
      const { value, grads } = tf.variableGrads(() => {
        const h = tf.matMul(x, w);
        return tf.sum(noise ? noise.apply(h, HIDDEN, train(3)) : h);
      }, [w]);
      const g = grads['noise-test/w-dense']!.arraySync();
      tf.dispose([value, grads]);
      return g as number[][];
    };
    const clean = gradient(undefined);
    const noisy = gradient(preactivationNoise({ sigma: 10, mode: 'iid', seed: 7 }));
    // d/dw sum(x·w + ξ) = xᵀ·1: every column is the column sums of x.
    const columnSums = (tf.sum(x, 0).arraySync() as number[]);
    for (let i = 0; i < 4; i++) for (let j = 0; j < 3; j++) {
      expect(noisy[i]![j]).toBeCloseTo(clean[i]![j]!, 5);
      expect(noisy[i]![j]).toBeCloseTo(columnSums[i]!, 4);
    }
    tf.dispose([x, w]);
  });

  it('shared-map: the broadcast map does not change the gradient w.r.t. a conv-shaped input', () => {
    const x = seededNormal([2, 4, 4, 3], 3);
    const v = tf.variable(seededNormal([1, 4, 4, 3], 4), true, 'noise-test/v-conv');
    const noise = preactivationNoise({ sigma: 3, mode: 'shared-map', seed: 8 });
    const { value, grads } = tf.variableGrads(() => tf.sum(noise.apply(tf.mul(x, v), HIDDEN, train(0))), [v]);
    const expected = tf.sum(x, 0, true);
    expect(Array.from(grads['noise-test/v-conv']!.dataSync()).map((g, i) => g - expected.dataSync()[i]!).every((e) => Math.abs(e) < 1e-5)).toBe(true);
    tf.dispose([value, grads, expected, x, v]);
  });
});

describe('preactivationNoise: memory', () => {
  it('leaks no tensor in either mode, in and out of tf.tidy and tf.variableGrads', () => {
    const dense = tf.zeros([50, 200]);
    const conv = tf.zeros([2, 8, 8, 3]);
    const w = tf.variable(tf.zeros([200, 10]), true, 'noise-test/w-leak');
    const iid = preactivationNoise({ sigma: 1, mode: 'iid', seed: 1 });
    const map = preactivationNoise({ sigma: 1, mode: 'shared-map', seed: 1 });
    const before = tf.memory().numTensors;
    for (let step = 0; step < 3; step++) {
      iid.apply(dense, HIDDEN, train(step)).dispose();
      map.apply(conv, HIDDEN, train(step)).dispose();
      tf.tidy(() => { iid.apply(dense, HIDDEN, train(step)); map.apply(conv, HIDDEN, train(step)); });
      const { value, grads } = tf.variableGrads(() => tf.sum(iid.apply(tf.matMul(dense, w), HIDDEN, train(step))), [w]);
      tf.dispose([value, grads]);
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([dense, conv, w]);
  });
});

describe('preactivationNoise: bad arguments', () => {
  it('are ConfigErrors naming the field and the value', () => {
    const cases: [() => unknown, RegExp][] = [
      [() => preactivationNoise({ sigma: -1, mode: 'iid', seed: 1 }), /sigma.*-1/],
      [() => preactivationNoise({ sigma: NaN, mode: 'iid', seed: 1 }), /sigma.*NaN/],
      [() => preactivationNoise({ sigma: Infinity, mode: 'iid', seed: 1 }), /sigma.*Infinity/],
      [() => preactivationNoise({ sigma: 1, mode: 'gaussian' as never, seed: 1 }), /mode.*"gaussian"/],
      [() => preactivationNoise({ sigma: 1, mode: 'iid', seed: -3 }), /seed.*-3/],
      [() => preactivationNoise({ sigma: 1, mode: 'iid', seed: 1.5 }), /seed.*1\.5/],
      [() => preactivationNoise(undefined as never), /options/],
    ];
    for (const [fn, message] of cases) {
      expect(fn).toThrow(ConfigError);
      expect(fn).toThrow(message);
    }
  });

  it('at apply time: a σ schedule that goes negative or NaN, a bad step, a bad site index', () => {
    const x = tf.zeros([2, 2]);
    const bad = preactivationNoise({ sigma: (s) => (s < 5 ? 1 : s === 5 ? -0.5 : NaN), mode: 'iid', seed: 1 });
    bad.apply(x, HIDDEN, train(4)).dispose();
    expect(() => bad.apply(x, HIDDEN, train(5))).toThrow(/sigma\(5\).*-0\.5/);
    expect(() => bad.sigmaAt(6)).toThrow(ConfigError);
    expect(() => bad.sigmaAt(6)).toThrow(/sigma\(6\).*NaN/);
    const ok: PreactivationNoise = preactivationNoise({ sigma: 1, mode: 'iid', seed: 1 });
    expect(() => ok.apply(x, HIDDEN, train(-1))).toThrow(/context\.step.*-1/);
    expect(() => ok.apply(x, HIDDEN, train(0.5))).toThrow(ConfigError);
    expect(() => ok.apply(x, { index: -2, name: 'oops' }, train(0))).toThrow(/site\.index.*"oops".*-2/);
    x.dispose();
  });
});

describe('combineNoise', () => {
  it('merges same-mode pre-activation noise into one draw with σ = √(σ1² + σ2²)', () => {
    const lr = piecewiseConstant({ boundaries: [180], values: [0.3, 0.03] });
    const base = preactivationNoise({ sigma: powerOf(lr, { coefficient: 13.33, power: 2 }), mode: 'iid', seed: 1 });
    const extra = preactivationNoise({ sigma: piecewiseConstant({ boundaries: [180], values: [120, 0] }), mode: 'iid', seed: 2 });
    const combined = combineNoise([base, extra]);
    expect(isPreactivationNoise(combined)).toBe(true);
    const merged = combined as PreactivationNoise;
    expect(merged.mode).toBe('iid');
    expect(merged.seed).toBe(1);
    expect(merged.sigmaAt(0)).toBeCloseTo(Math.hypot(13.33 * 0.09, 120), 10);
    expect(merged.sigmaAt(180)).toBeCloseTo(13.33 * 0.03 ** 2, 10);
    expect(merged.config?.sigma.kind).toBe('root-sum-squares');
    const x = tf.zeros([50, 200]);
    const { mean, std } = moments(manyDraws(merged, x, 10));
    expect(Math.abs(mean)).toBeLessThan(2);
    expect(Math.abs(std / Math.hypot(13.33 * 0.09, 120) - 1)).toBeLessThan(0.02);
    // One draw: the merged noise is the first injector's standard normals, rescaled.
    const one = addedNoise(merged, x, 3);
    const first = addedNoise(preactivationNoise({ sigma: 1, mode: 'iid', seed: 1 }), x, 3);
    expect(one[17]! / first[17]!).toBeCloseTo(merged.sigmaAt(3), 2);
    x.dispose();
  });

  it('applies mixed modes in sequence; the variances still add', () => {
    const iid = preactivationNoise({ sigma: 0.3, mode: 'iid', seed: 1 });
    const map = preactivationNoise({ sigma: 0.4, mode: 'shared-map', seed: 1 });
    const combined = combineNoise([iid, map]);
    expect(isPreactivationNoise(combined)).toBe(false);
    expect((combined as { kind?: string }).kind).toBe('sequential-noise');
    expect((combined as { config?: unknown }).config).toEqual({ kind: 'sequential-noise', injectors: [iid.config, map.config] });
    const x = tf.zeros([2, 16, 16, 4]);
    const { mean, std } = moments(manyDraws(combined, x, 60)); // 60 draws × 2048 values, 60 × 256 map values
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.abs(std / 0.5 - 1)).toBeLessThan(0.03); // √(0.3² + 0.4²) = 0.5
    x.dispose();
  });

  it('applies foreign injectors in sequence, leaks nothing and returns x when all add nothing', () => {
    const shift: NoiseInjector = { apply: (x, _site, context) => (context.training ? tf.add(x, 1) : x) };
    const combined = combineNoise([shift, preactivationNoise({ sigma: 0.5, mode: 'iid', seed: 1 }), shift]);
    expect((combined as { config?: unknown }).config).toBeUndefined();
    const x = tf.zeros([10, 10]);
    const before = tf.memory().numTensors;
    const y = combined.apply(x, HIDDEN, train(0));
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(moments(y.dataSync()).mean).toBeGreaterThan(1.8);
    y.dispose();
    tf.tidy(() => {
      combined.apply(x, HIDDEN, train(1));
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(combined.apply(x, HIDDEN, { step: 0, training: false })).toBe(x);
    const silent = combineNoise([preactivationNoise({ sigma: 0, mode: 'iid', seed: 1 }), preactivationNoise({ sigma: 0, mode: 'shared-map', seed: 1 })]);
    const conv = tf.zeros([1, 2, 2, 1]);
    expect(silent.apply(conv, HIDDEN, train(0))).toBe(conv);
    const merged = combineNoise([preactivationNoise({ sigma: 0, mode: 'iid', seed: 1 }), preactivationNoise({ sigma: 0, mode: 'iid', seed: 2 })]);
    expect(merged.apply(x, HIDDEN, train(0))).toBe(x);
    tf.dispose([x, conv]);
  });

  it('frees its intermediate sum when a later injector throws', () => {
    const failing: NoiseInjector = { apply: () => { throw new Error('boom'); } };
    const combined = combineNoise([preactivationNoise({ sigma: 1, mode: 'iid', seed: 1 }), failing]);
    const x = tf.zeros([4, 4]);
    const before = tf.memory().numTensors;
    expect(() => combined.apply(x, HIDDEN, train(0))).toThrow('boom');
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('passes gradients through the sequential path', () => {
    const x = seededNormal([3, 2, 2, 2], 5);
    const v = tf.variable(tf.ones([1, 2, 2, 2]), true, 'noise-test/v-seq');
    const combined = combineNoise([preactivationNoise({ sigma: 1, mode: 'iid', seed: 1 }), preactivationNoise({ sigma: 1, mode: 'shared-map', seed: 1 })]);
    const before = tf.memory().numTensors;
    const { value, grads } = tf.variableGrads(() => tf.sum(combined.apply(tf.mul(x, v), HIDDEN, train(2))), [v]);
    const expected = tf.sum(x, 0, true);
    const g = grads['noise-test/v-seq']!.dataSync();
    expected.dataSync().forEach((e, i) => expect(g[i]).toBeCloseTo(e, 5));
    tf.dispose([value, grads, expected]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, v]);
  });

  it('returns a single injector as is and rejects an empty list or a non-injector', () => {
    const one = preactivationNoise({ sigma: 1, mode: 'iid', seed: 1 });
    expect(combineNoise([one])).toBe(one);
    expect(() => combineNoise([])).toThrow(ConfigError);
    expect(() => combineNoise([])).toThrow(/injectors/);
    expect(() => combineNoise([one, {} as never])).toThrow(/injectors\[1\]/);
  });
});
