import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '@lrlab/core';
import { buildModel, buildTwoLayerNet, resolveTwoLayerConfig, TWO_LAYER_NOISE_SITE, type Model } from '../src';
import { gaussianNoise, randomInput, valuesOf } from './helpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function weights(model: Model, path: string): { values: number[]; shape: number[] } {
  const v = model.variables.find((e) => e.path === path)!.variable;
  return { values: Array.from(v.dataSync()), shape: v.shape };
}

/** f(x) = Σ_j a_j relu(⟨w_j, x⟩ + b_j) computed in plain JavaScript (float64). */
function byHand(x: number[], w: number[], units: number, a: number[], bias?: number[]): number {
  let f = 0;
  for (let j = 0; j < units; j++) {
    let h = bias?.[j] ?? 0;
    for (let i = 0; i < x.length; i++) h += x[i]! * w[i * units + j]!;
    f += a[j]! * Math.max(h, 0);
  }
  return f;
}

describe('two-layer network', () => {
  it('resolves to SPEC §1 defaults', () => {
    expect(resolveTwoLayerConfig({ kind: 'two-layer', inputSize: 2002 })).toEqual({
      kind: 'two-layer',
      inputSize: 2002,
      width: 200,
      numClasses: 2,
      activation: 'relu',
      bias: false,
      trainSecondLayer: false,
      firstLayerStd: 0.5,
      secondLayerScale: 1 / Math.sqrt(200),
      antisymmetric: true,
      split: null,
    });
  });

  it('outputs exactly 0 at initialisation with antisymmetric pairs (SPEC §1 regime: d = 2002, m = 200)', () => {
    const model = buildModel({ kind: 'two-layer', inputSize: 2002, width: 200 }, 5);
    const x = randomInput([16, 2002], 1);
    const logits = valuesOf(model.apply(x, { training: false, step: 0 }));
    expect(logits).toEqual(new Array(16).fill(0));
    // Training mode without noise too; with noise the pairs see different pre-activations.
    expect(valuesOf(model.apply(x, { training: true, step: 0 }))).toEqual(new Array(16).fill(0));
    expect(valuesOf(model.apply(x, { training: true, step: 0, noise: gaussianNoise(1) })).some((v) => v !== 0)).toBe(true);
    x.dispose();
    model.dispose();
  });

  it('pairs units 2i and 2i+1: same w, opposite a = ±1/√m; w ~ N(0, 0.5²); the second layer is fixed', () => {
    const model = buildTwoLayerNet({ kind: 'two-layer', inputSize: 50, width: 40 }, 2);
    const w = weights(model, 'hidden/kernel');
    const a = weights(model, 'output/kernel');
    expect(w.shape).toEqual([50, 40]);
    expect(a.shape).toEqual([40, 1]);
    for (let i = 0; i < 50; i++) for (let j = 0; j < 40; j += 2) expect(w.values[i * 40 + j]).toBe(w.values[i * 40 + j + 1]);
    for (let j = 0; j < 40; j += 2) {
      expect(Math.abs(a.values[j]!)).toBeCloseTo(1 / Math.sqrt(40), 7);
      expect(a.values[j + 1]).toBe(-a.values[j]!);
    }
    expect(new Set(a.values.filter((_, j) => j % 2 === 0).map(Math.sign))).toEqual(new Set([-1, 1]));
    const distinct = w.values.filter((_, k) => k % 2 === 0);
    const std = Math.sqrt(distinct.reduce((s, v) => s + v * v, 0) / distinct.length);
    expect(std).toBeGreaterThan(0.45);
    expect(std).toBeLessThan(0.55);
    expect(model.variables.map((v) => [v.path, v.role])).toEqual([
      ['hidden/kernel', 'trainable'],
      ['output/kernel', 'fixed'],
    ]);
    expect(model.parameterCount()).toBe(50 * 40);
    model.dispose();
  });

  it('computes Σ a_j relu(⟨w_j, x⟩ + b_j), as a hand computation does', () => {
    const model = buildTwoLayerNet({ kind: 'two-layer', inputSize: 3, width: 4, bias: true, antisymmetric: false, trainSecondLayer: true }, 9);
    const bias = [0.3, -0.2, 0.1, -0.4];
    model.variables.find((v) => v.path === 'hidden/bias')!.variable.assign(tf.tensor1d(bias));
    const w = weights(model, 'hidden/kernel').values;
    const a = weights(model, 'output/kernel').values;
    const rows = [
      [1, -2, 0.5],
      [0, 0, 0],
      [-1, 3, 2],
    ];
    const logits = valuesOf(model.apply(tf.tensor2d(rows), { training: false, step: 0 }));
    rows.forEach((x, r) => expect(logits[r]).toBeCloseTo(byHand(x, w, 4, a, bias), 5));
    expect(model.parameterCount()).toBe(3 * 4 + 4 + 4);
    model.dispose();
  });

  it('in split form, feeds x1 and x2 to separate units and sums them', () => {
    const model = buildTwoLayerNet({ kind: 'two-layer', inputSize: 5, width: 6, split: { at: 3, x1Units: 2 }, antisymmetric: false }, 4);
    expect(model.config).toMatchObject({ split: { at: 3, x1Units: 2 } });
    const w1 = weights(model, 'hidden.x1/kernel');
    const w2 = weights(model, 'hidden.x2/kernel');
    expect([w1.shape, w2.shape]).toEqual([
      [3, 2],
      [2, 4],
    ]);
    const a = weights(model, 'output/kernel').values;
    const x = [0.5, -1, 2, 1.5, -0.5];
    const expected = byHand(x.slice(0, 3), w1.values, 2, a.slice(0, 2)) + byHand(x.slice(3), w2.values, 4, a.slice(2));
    const hidden: number[][] = [];
    const logits = model.apply(tf.tensor2d([x, [0.5, -1, 2, 0, 0]]), {
      training: false,
      step: 0,
      onActivation: (_name, h) => hidden.push(...(h.arraySync() as number[][])),
    });
    expect(valuesOf(logits)[0]).toBeCloseTo(expected, 5);
    // Changing x2 leaves the x1 units alone.
    expect(hidden[1]!.slice(0, 2)).toEqual(hidden[0]!.slice(0, 2));
    expect(hidden[1]!.slice(2)).not.toEqual(hidden[0]!.slice(2));
    model.dispose();
  });

  it('has one noise site, `hidden`, on every pre-activation [batch, m]', () => {
    const model = buildTwoLayerNet({ kind: 'two-layer', inputSize: 4, width: 6, split: { at: 2 } }, 1);
    expect(model.noiseSites).toEqual([TWO_LAYER_NOISE_SITE]);
    const shapes: number[][] = [];
    tf.dispose(
      model.apply(tf.ones([3, 4]), {
        training: true,
        step: 0,
        noise: {
          apply: (x, site) => {
            shapes.push([site.index, ...x.shape]);
            return x;
          },
        },
      }),
    );
    expect(shapes).toEqual([[0, 3, 6]]);
    model.dispose();
  });

  it('gives k logits for k > 2 classes, with antisymmetric rows', () => {
    const model = buildTwoLayerNet({ kind: 'two-layer', inputSize: 4, width: 6, numClasses: 3 }, 1);
    expect(model.outputUnits).toBe(3);
    const a = weights(model, 'output/kernel');
    expect(a.shape).toEqual([6, 3]);
    for (let c = 0; c < 3; c++) expect(a.values[3 + c]).toBe(-a.values[c]!);
    expect(valuesOf(model.apply(tf.ones([2, 4]), { training: false, step: 0 }))).toEqual(new Array(6).fill(0));
    model.dispose();
  });

  it('throws if a noise injector adds noise in evaluation', () => {
    const model = buildTwoLayerNet({ kind: 'two-layer', inputSize: 2, width: 2 }, 1);
    const x = tf.ones([1, 2]);
    expect(() => model.apply(x, { training: false, step: 0, noise: { apply: (h) => tf.add(h, 1) } })).toThrow(/NoiseInjector contract/);
    x.dispose();
    model.dispose();
  });

  it('rejects invalid configs, naming the field', () => {
    const bad: [object, RegExp][] = [
      [{ inputSize: 4, width: 5 }, /model\.width: expected an even number/],
      [{ inputSize: 0 }, /model\.inputSize/],
      [{ inputSize: 4, activation: 'gelu' }, /model\.activation/],
      [{ inputSize: 4, firstLayerStd: 0 }, /model\.firstLayerStd/],
      [{ inputSize: 4, split: { at: 4 } }, /model\.split\.at/],
      [{ inputSize: 4, width: 6, split: { at: 2, x1Units: 3 } }, /model\.split\.x1Units/],
      [{ inputSize: 4, widht: 6 }, /model\.widht: expected no such field/],
      [{ inputSize: 4, numClasses: 1 }, /model\.numClasses/],
    ];
    for (const [fields, message] of bad) {
      expect(() => resolveTwoLayerConfig({ kind: 'two-layer', ...fields } as never)).toThrow(ConfigError);
      expect(() => resolveTwoLayerConfig({ kind: 'two-layer', ...fields } as never)).toThrow(message);
    }
  });
});
