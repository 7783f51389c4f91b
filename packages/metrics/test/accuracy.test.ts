import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '@lrlab/core';
import { initBackend } from '@lrlab/backends';
import { accuracyMetric, exampleOutcomes, type ExampleOutcomes } from '../src';
import { FIVE, batchOf, fiveBatch } from './helpers';

beforeAll(() => initBackend({ prefer: 'cpu' }));

function fiveOutcomes(): ExampleOutcomes {
  const logits = tf.tensor2d(FIVE.logits.map((r) => [...r]));
  try {
    return exampleOutcomes(logits, fiveBatch());
  } finally {
    logits.dispose();
  }
}

function binaryOutcomes(f: number[], labels: number[], groups: number[], names: string[]): ExampleOutcomes {
  const logits = tf.tensor1d(f);
  try {
    return exampleOutcomes(logits, batchOf(labels, groups, names));
  } finally {
    logits.dispose();
  }
}

describe('accuracyMetric', () => {
  it('counts per group, ties as wrong, and leaves a named group without examples absent', () => {
    const acc = accuracyMetric();
    const result = acc.result(acc.update(acc.init(), fiveOutcomes()));
    // a-only: {correct, tie} → 1/2; b-only: {all tied, correct} → 1/2; both: {wrong} → 0.
    expect(result).toEqual({
      overall: { examples: 5, accuracy: 2 / 5 },
      groups: {
        'a-only': { examples: 2, accuracy: 0.5 },
        'b-only': { examples: 2, accuracy: 0.5 },
        both: { examples: 1, accuracy: 0 },
      },
    });
    expect(Object.keys(result.groups)).not.toContain('clean');
  });

  it('reports top-k with ties counted against the model', () => {
    const acc = accuracyMetric({ topK: [2, 3] });
    const result = acc.result(acc.update(acc.init(), fiveOutcomes()));
    // ranks [0, 1, 2, 0, 1]: top-2 misses only the all-tied example; top-3 hits everything.
    expect(result.overall).toEqual({ examples: 5, accuracy: 0.4, topK: { '2': 0.8, '3': 1 } });
    expect(result.groups['a-only']).toEqual({ examples: 2, accuracy: 0.5, topK: { '2': 1, '3': 1 } });
    expect(result.groups['b-only']).toEqual({ examples: 2, accuracy: 0.5, topK: { '2': 0.5, '3': 1 } });
    expect(result.groups.both).toEqual({ examples: 1, accuracy: 0, topK: { '2': 1, '3': 1 } });
  });

  it('gives 0% accuracy at a zero-output init: f = 0 decides nothing', () => {
    const acc = accuracyMetric();
    const o = binaryOutcomes([0, 0, 0, 0], [0, 1, 0, 1], [0, 0, 1, 1], ['a-only', 'b-only']);
    expect(acc.result(acc.update(acc.init(), o)).overall).toEqual({ examples: 4, accuracy: 0 });
  });

  it('weights groups 20/20/60 for the overall value when asked', () => {
    const acc = accuracyMetric({ groupWeights: { 'a-only': 0.2, 'b-only': 0.2, both: 0.6 }, topK: [2] });
    const result = acc.result(acc.update(acc.init(), fiveOutcomes()));
    expect(result.overall!.examples).toBe(5);
    expect(result.overall!.accuracy).toBeCloseTo(0.2 * 0.5 + 0.2 * 0.5 + 0.6 * 0, 15);
    expect(result.overall!.topK!['2']).toBeCloseTo(0.2 * 1 + 0.2 * 0.5 + 0.6 * 1, 15);
  });

  it('normalises weights that do not sum to 1, and a weight of 0 excludes a group', () => {
    const acc = accuracyMetric({ groupWeights: { 'a-only': 1, 'b-only': 3, both: 0 } });
    const result = acc.result(acc.update(acc.init(), fiveOutcomes()));
    expect(result.overall!.accuracy).toBeCloseTo((1 * 0.5 + 3 * 0.5) / 4, 15);
  });

  it('leaves a weighted overall absent when a weighted group has no examples', () => {
    const acc = accuracyMetric({ groupWeights: { 'a-only': 0.2, 'b-only': 0.2, both: 0.6 } });
    const o = binaryOutcomes([1, -1], [1, 1], [0, 1], ['a-only', 'b-only']);
    const result = acc.result(acc.update(acc.init(), o));
    expect(result.overall).toBeUndefined();
    expect(result.groups).toEqual({ 'a-only': { examples: 1, accuracy: 1 }, 'b-only': { examples: 1, accuracy: 0 } });
  });

  it('rejects a batch with a group the weights do not mention', () => {
    const acc = accuracyMetric({ groupWeights: { 'a-only': 1 } });
    expect(() => acc.update(acc.init(), fiveOutcomes())).toThrow(/weight for group "b-only"/);
  });

  it('has no overall and no groups before any example', () => {
    const acc = accuracyMetric();
    expect(acc.result(acc.init())).toEqual({ groups: {} });
  });

  it('streams: two batches equal one, update does not modify its input, and the state survives JSON', () => {
    const acc = accuracyMetric({ topK: [2] });
    const whole = acc.result(acc.update(acc.init(), fiveOutcomes()));
    const first = binaryOutcomes([1, 0], [1, 1], [0, 1], ['a-only', 'b-only']);
    const s0 = acc.init();
    const s1 = acc.update(s0, first);
    const frozen = JSON.stringify(s1);
    const restored = JSON.parse(frozen) as typeof s1;
    const s2 = acc.update(restored, first);
    expect(JSON.stringify(s1)).toBe(frozen);
    expect(s0).toEqual({ groups: {} });
    expect(acc.result(s2).groups).toEqual({
      'a-only': { examples: 2, accuracy: 1, topK: { '2': 1 } },
      'b-only': { examples: 2, accuracy: 0, topK: { '2': 1 } },
    });
    // Streaming the five examples in two batches gives the one-batch result.
    const logits = tf.tensor2d(FIVE.logits.map((r) => [...r]));
    const [a, b] = tf.split(logits, [2, 3]);
    const oa = exampleOutcomes(a!, batchOf(FIVE.labels.slice(0, 2), [0, 0], ['a-only', 'b-only', 'both']));
    const ob = exampleOutcomes(b!, batchOf(FIVE.labels.slice(2), [0, 0, 1], ['b-only', 'both']));
    tf.dispose([logits, a!, b!]);
    expect(acc.result(acc.update(acc.update(acc.init(), oa), ob))).toEqual(whole);
  });

  it.each([
    [{ topK: [1] }, 'topK[0]'],
    [{ topK: [2, 2] }, 'topK'],
    [{ topK: [2.5] }, 'topK[0]'],
    [{ groupWeights: { 'a-only': -1 } }, 'groupWeights.a-only'],
    [{ groupWeights: { 'a-only': 0 } }, 'groupWeights'],
  ])('rejects %j', (options, field) => {
    let caught: unknown;
    try {
      accuracyMetric(options);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).field).toBe(field);
  });
});
