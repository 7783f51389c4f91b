import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '@lrlab/core';
import { initBackend } from '@lrlab/backends';
import { DEFAULT_MARGIN_QUANTILES, exampleOutcomes, marginMetric, marginSummary, quantileSorted } from '../src';
import { FIVE, batchOf, fiveBatch } from './helpers';

beforeAll(() => initBackend({ prefer: 'cpu' }));

describe('quantileSorted (type 7)', () => {
  it('interpolates between order statistics like NumPy and R', () => {
    const x = [1, 2, 3, 4];
    expect(quantileSorted(x, 0)).toBe(1);
    expect(quantileSorted(x, 1)).toBe(4);
    expect(quantileSorted(x, 0.5)).toBe(2.5);
    expect(quantileSorted(x, 0.25)).toBe(1.75);
    expect(quantileSorted([7], 0.3)).toBe(7);
    // numpy.quantile([0, 10, 20, 30, 40, 100], 0.9) = 70
    expect(quantileSorted([0, 10, 20, 30, 40, 100], 0.9)).toBeCloseTo(70, 12);
  });

  it('rejects an empty sample and a level outside [0, 1]', () => {
    expect(() => quantileSorted([], 0.5)).toThrow(ConfigError);
    expect(() => quantileSorted([1], 1.5)).toThrow(ConfigError);
  });
});

describe('marginSummary', () => {
  it('gives mean, extremes, quantiles and the fractions below and at or below 0', () => {
    expect(marginSummary([3, -1, 0, 2], [0.5])).toEqual({
      examples: 4,
      mean: 1,
      min: -1,
      max: 3,
      quantiles: { '0.5': 1 },
      fractionBelowZero: 0.25,
      fractionNonPositive: 0.5,
    });
  });

  it('uses the default levels', () => {
    const s = marginSummary([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(Object.keys(s.quantiles)).toEqual(DEFAULT_MARGIN_QUANTILES.map(String));
    expect(s.quantiles).toEqual({ '0.05': 0.5, '0.25': 2.5, '0.5': 5, '0.75': 7.5, '0.95': 9.5 });
  });

  it('refuses an empty or non-finite set', () => {
    expect(() => marginSummary([])).toThrow(/empty group has no margin summary/);
    expect(() => marginSummary([1, NaN])).toThrow(ConfigError);
  });
});

describe('marginMetric', () => {
  it('summarises margins per group and pooled overall', () => {
    const logits = tf.tensor2d(FIVE.logits.map((r) => [...r]));
    const o = exampleOutcomes(logits, fiveBatch());
    logits.dispose();
    const m = marginMetric({ quantiles: [0, 0.5, 1] });
    const r = m.result(m.update(m.init(), o));
    // margins [1, 0 | 0, 3.5 | -4]
    expect(r.groups['a-only']).toEqual({
      examples: 2,
      mean: 0.5,
      min: 0,
      max: 1,
      quantiles: { '0': 0, '0.5': 0.5, '1': 1 },
      fractionBelowZero: 0,
      fractionNonPositive: 0.5,
    });
    expect(r.groups['b-only']!.mean).toBe(1.75);
    expect(r.groups.both).toEqual({
      examples: 1,
      mean: -4,
      min: -4,
      max: -4,
      quantiles: { '0': -4, '0.5': -4, '1': -4 },
      fractionBelowZero: 1,
      fractionNonPositive: 1,
    });
    expect(r.overall).toEqual(marginSummary(FIVE.margins, [0, 0.5, 1]));
    expect(r.groups.clean).toBeUndefined();
  });

  it('shows a poor margin on one group next to a good one on another (binary y·f)', () => {
    // Like a large LR before the anneal: A-bearing examples fitted with margin, B-only at ≈ 0.
    const f = tf.tensor1d([2, -2.5, 3, 0.01, -0.02, 0]);
    const o = exampleOutcomes(f, batchOf([1, 0, 1, 1, 1, 0], [0, 0, 0, 1, 1, 1], ['a-only', 'b-only']));
    f.dispose();
    const m = marginMetric({ quantiles: [0.5] });
    let s = m.init();
    s = m.update(s, o);
    const r = m.result(s);
    expect(r.groups['a-only']!.min).toBe(2);
    expect(r.groups['a-only']!.fractionNonPositive).toBe(0);
    expect(r.groups['b-only']!.quantiles['0.5']).toBeCloseTo(0, 6);
    expect(r.groups['b-only']!.fractionBelowZero).toBeCloseTo(1 / 3, 15);
    expect(r.groups['b-only']!.fractionNonPositive).toBeCloseTo(2 / 3, 15);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });

  it('has no overall and no groups before any example', () => {
    const m = marginMetric();
    expect(m.result(m.init())).toEqual({ groups: {} });
  });
});
