import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '@lrlab/core';
import { initBackend } from '@lrlab/backends';
import { exampleOutcomes, exampleOutcomesAsync } from '../src';
import { FIVE, FIVE_LOSSES, batchOf, fiveBatch, leakedBy } from './helpers';

beforeAll(() => initBackend({ prefer: 'cpu' }));

const softplus = (x: number): number => Math.log1p(Math.exp(x));

describe('exampleOutcomes: k classes', () => {
  it('gives exact margins, ranks and predictions, ties counted against the model', () => {
    const logits = tf.tensor2d(FIVE.logits.map((r) => [...r]));
    const o = exampleOutcomes(logits, fiveBatch());
    expect(o.examples).toBe(5);
    expect(o.classes).toBe(3);
    expect(o.lossKind).toBe('cross-entropy');
    expect(Array.from(o.margins)).toEqual(FIVE.margins);
    expect(Array.from(o.ranks)).toEqual(FIVE.ranks);
    expect(Array.from(o.predictions)).toEqual(FIVE.predictions);
    expect(Array.from(o.labels)).toEqual(FIVE.labels);
    o.losses.forEach((loss, i) => expect(loss).toBeCloseTo(FIVE_LOSSES[i]!, 5));
    logits.dispose();
  });

  it('accepts labels as an int32 tensor and leaves caller tensors alive', () => {
    const logits = tf.tensor2d(FIVE.logits.map((r) => [...r]));
    const labels = tf.tensor1d([...FIVE.labels], 'int32');
    const batch = { ...fiveBatch(), labels };
    let margins: number[] = [];
    expect(leakedBy(() => (margins = Array.from(exampleOutcomes(logits, batch).margins)))).toBe(0);
    expect(margins).toEqual(FIVE.margins);
    expect(logits.isDisposed).toBe(false);
    expect(labels.isDisposed).toBe(false);
    tf.dispose([logits, labels]);
  });

  it('stays finite and exact for large logits (stable logsumexp)', () => {
    const logits = tf.tensor2d([
      [1000, 0],
      [0, 1000],
    ]);
    const o = exampleOutcomes(logits, batchOf([1, 1], [0, 0], ['clean']));
    expect(Array.from(o.margins)).toEqual([-1000, 1000]);
    expect(o.losses[0]).toBe(1000);
    expect(o.losses[1]).toBe(0);
    logits.dispose();
  });

  it('handles an empty batch without touching the backend', () => {
    const logits = tf.zeros([0, 3]);
    const o = exampleOutcomes(logits, batchOf([], [], ['clean']));
    expect(o.examples).toBe(0);
    expect(o.margins.length).toBe(0);
    logits.dispose();
  });
});

describe('exampleOutcomes: one binary logit', () => {
  const f = [2, -1, 0, 0.5];
  const labels = [1, 1, 0, 0];
  const expectedMargins = [2, -1, 0, -0.5];

  it.each([
    ['[batch]', [4]],
    ['[batch, 1]', [4, 1]],
  ])('shape %s: margin y·f, logistic loss, sign prediction, f = 0 undecided', (_name, shape) => {
    const logits = tf.tensor(f, shape);
    const o = exampleOutcomes(logits, batchOf(labels, [0, 1, 2, 0], ['a-only', 'b-only', 'both']));
    expect(o.classes).toBe(2);
    expect(o.lossKind).toBe('logistic');
    expect(Array.from(o.margins)).toEqual(expectedMargins);
    expect(Array.from(o.ranks)).toEqual([0, 1, 1, 1]);
    expect(Array.from(o.predictions)).toEqual([1, 0, -1, 1]);
    o.losses.forEach((loss, i) => expect(loss).toBeCloseTo(softplus(-expectedMargins[i]!), 6));
    logits.dispose();
  });

  it('a zero-output model (the antisymmetric init) has margin 0 and loss log 2 everywhere', () => {
    const logits = tf.zeros([6]);
    const o = exampleOutcomes(logits, batchOf([0, 1, 0, 1, 0, 1], [0, 0, 1, 1, 2, 2], ['a-only', 'b-only', 'both']));
    expect(Array.from(o.margins)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(Array.from(o.ranks)).toEqual([1, 1, 1, 1, 1, 1]);
    o.losses.forEach((loss) => expect(loss).toBeCloseTo(Math.LN2, 6));
    logits.dispose();
  });

  it('does not overflow for large margins', () => {
    const logits = tf.tensor1d([-100, 100]);
    const o = exampleOutcomes(logits, batchOf([1, 1], [0, 0], ['both']));
    expect(o.losses[0]).toBeCloseTo(100, 4);
    expect(o.losses[1]).toBeCloseTo(0, 30);
    logits.dispose();
  });
});

describe('exampleOutcomes: async download', () => {
  it('gives the same outcomes as the synchronous path', async () => {
    const logits = tf.tensor2d(FIVE.logits.map((r) => [...r]));
    const labels = tf.tensor1d([...FIVE.labels], 'int32');
    const before = tf.memory().numTensors;
    const a = await exampleOutcomesAsync(logits, { ...fiveBatch(), labels });
    expect(tf.memory().numTensors).toBe(before);
    const s = exampleOutcomes(logits, fiveBatch());
    expect(a).toEqual(s);
    tf.dispose([logits, labels]);
  });
});

describe('exampleOutcomes: invalid input', () => {
  const logits = (): tf.Tensor => tf.tensor2d(FIVE.logits.map((r) => [...r]));

  it.each([
    ['a label out of range', () => batchOf([0, 1, 3, 2, 2], [0, 0, 1, 1, 2], ['a', 'b', 'c']), 'labels[2]'],
    ['a negative label', () => batchOf([0, -1, 2, 2, 2], [0, 0, 1, 1, 2], ['a', 'b', 'c']), 'labels[1]'],
    ['too few labels', () => batchOf([0, 1], [0, 0, 1, 1, 2], ['a', 'b', 'c']), 'labels'],
    ['too few groups', () => batchOf(FIVE.labels, [0, 0], ['a', 'b', 'c']), 'groups'],
    ['a group index past groupNames', () => batchOf(FIVE.labels, [0, 0, 1, 1, 3], ['a', 'b', 'c']), 'groups[4]'],
    ['an empty group name', () => batchOf(FIVE.labels, [0, 0, 0, 0, 0], ['']), 'groupNames'],
  ])('rejects %s with a ConfigError naming the field, leaking nothing', (_name, makeBatch, field) => {
    const z = logits();
    const before = tf.memory().numTensors;
    let caught: unknown;
    try {
      exampleOutcomes(z, makeBatch());
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).field).toBe(field);
    expect(tf.memory().numTensors).toBe(before);
    z.dispose();
  });

  it('rejects a binary label that is not 0/1', () => {
    const z = tf.tensor1d([1, 2]);
    expect(() => exampleOutcomes(z, batchOf([0, 2], [0, 0], ['a']))).toThrow(/labels\[1\].*0 or 1/);
    z.dispose();
  });

  it('rejects logits of rank 3', () => {
    const z = tf.zeros([2, 2, 2]);
    expect(() => exampleOutcomes(z, batchOf([0, 1], [0, 0], ['a']))).toThrow(ConfigError);
    z.dispose();
  });

  it('rejects non-finite logits as a diverged model, leaking nothing', () => {
    const z = tf.tensor2d([
      [0, 1],
      [NaN, 1],
    ]);
    const before = tf.memory().numTensors;
    expect(() => exampleOutcomes(z, batchOf([0, 1], [0, 0], ['a']))).toThrow(/example 1.*diverged/);
    expect(tf.memory().numTensors).toBe(before);
    z.dispose();
    const inf = tf.tensor1d([Infinity]);
    expect(() => exampleOutcomes(inf, batchOf([1], [0], ['a']))).toThrow(ConfigError);
    inf.dispose();
  });
});
