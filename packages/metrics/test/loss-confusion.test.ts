import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@lrlab/backends';
import { confusionMetric, exampleOutcomes, lossMetric, type ExampleOutcomes } from '../src';
import { FIVE, FIVE_LOSSES, batchOf, fiveBatch } from './helpers';

beforeAll(() => initBackend({ prefer: 'cpu' }));

function outcomesOf(logits: tf.Tensor, labels: number[], groups: number[], names: string[]): ExampleOutcomes {
  try {
    return exampleOutcomes(logits, batchOf(labels, groups, names));
  } finally {
    logits.dispose();
  }
}

function fiveOutcomes(): ExampleOutcomes {
  const logits = tf.tensor2d(FIVE.logits.map((r) => [...r]));
  try {
    return exampleOutcomes(logits, fiveBatch());
  } finally {
    logits.dispose();
  }
}

describe('lossMetric', () => {
  it('gives the mean cross-entropy per group and pooled overall', () => {
    const loss = lossMetric();
    const result = loss.result(loss.update(loss.init(), fiveOutcomes()));
    const [l0, l1, l2, l3, l4] = FIVE_LOSSES as [number, number, number, number, number];
    expect(result.overall!.examples).toBe(5);
    expect(result.overall!.meanLoss).toBeCloseTo((l0 + l1 + l2 + l3 + l4) / 5, 5);
    expect(result.groups['a-only']!.meanLoss).toBeCloseTo((l0 + l1) / 2, 5);
    expect(result.groups['b-only']!.meanLoss).toBeCloseTo((l2 + l3) / 2, 5);
    expect(result.groups.both).toEqual({ examples: 1, meanLoss: expect.closeTo(l4, 5) });
    expect(result.groups.clean).toBeUndefined();
  });

  it('gives the mean logistic loss for a binary logit, and log 2 at a zero-output init', () => {
    const loss = lossMetric();
    const zero = outcomesOf(tf.zeros([4]), [0, 1, 0, 1], [0, 0, 1, 1], ['a-only', 'b-only']);
    const s = loss.update(loss.init(), zero);
    expect(s.kind).toBe('logistic');
    expect(loss.result(s).overall!.meanLoss).toBeCloseTo(Math.LN2, 6);
    const margins = outcomesOf(tf.tensor1d([3, -3]), [1, 1], [0, 1], ['a-only', 'b-only']);
    const r = loss.result(loss.update(loss.init(), margins));
    expect(r.groups['a-only']!.meanLoss).toBeCloseTo(Math.log1p(Math.exp(-3)), 6);
    expect(r.groups['b-only']!.meanLoss).toBeCloseTo(Math.log1p(Math.exp(3)), 6);
  });

  it('weights group means for the overall value', () => {
    const loss = lossMetric({ groupWeights: { 'a-only': 0.2, 'b-only': 0.2, both: 0.6 } });
    const r = loss.result(loss.update(loss.init(), fiveOutcomes()));
    const [l0, l1, l2, l3, l4] = FIVE_LOSSES as [number, number, number, number, number];
    expect(r.overall!.meanLoss).toBeCloseTo(0.2 * ((l0 + l1) / 2) + 0.2 * ((l2 + l3) / 2) + 0.6 * l4, 5);
  });

  it('refuses to mix logistic and cross-entropy batches in one state', () => {
    const loss = lossMetric();
    const s = loss.update(loss.init(), fiveOutcomes());
    const binary = outcomesOf(tf.tensor1d([1]), [1], [0], ['a-only']);
    expect(() => loss.update(s, binary)).toThrow(/cross-entropy logits like the earlier batches/);
  });
});

describe('confusionMetric', () => {
  it('counts true × predicted per group, with tied tops kept apart as undecided', () => {
    const cm = confusionMetric();
    const result = cm.result(cm.update(cm.init(), fiveOutcomes()));
    // predictions [0, -1, -1, 2, 0] for labels [0, 1, 2, 2, 2].
    expect(result.overall).toEqual({
      examples: 5,
      counts: [
        [1, 0, 0],
        [0, 0, 0],
        [1, 0, 1],
      ],
      undecided: [0, 1, 1],
    });
    expect(result.groups['a-only']).toEqual({
      examples: 2,
      counts: [
        [1, 0, 0],
        [0, 0, 0],
        [0, 0, 0],
      ],
      undecided: [0, 1, 0],
    });
    expect(result.groups.both!.counts[2]).toEqual([1, 0, 0]);
    expect(result.groups.clean).toBeUndefined();
  });

  it('uses the sign for a binary logit (0 undecided) and accumulates over batches', () => {
    const cm = confusionMetric();
    const a = outcomesOf(tf.tensor1d([2, -1, 0]), [1, 1, 0], [0, 0, 0], ['clean']);
    const b = outcomesOf(tf.tensor1d([-3, 4]), [0, 0], [0, 0], ['clean']);
    const result = cm.result(cm.update(cm.update(cm.init(), a), b));
    expect(result.groups.clean).toEqual({
      examples: 5,
      counts: [
        [1, 1],
        [1, 1],
      ],
      undecided: [1, 0],
    });
    expect(result.overall).toEqual(result.groups.clean);
  });

  it('returns copies: editing a result does not change the state', () => {
    const cm = confusionMetric();
    const s = cm.update(cm.init(), fiveOutcomes());
    const r = cm.result(s);
    (r.overall!.counts[0] as number[])[0] = 99;
    (r.groups['a-only']!.counts[0] as number[])[0] = 99;
    expect(cm.result(s).groups['a-only']!.counts[0]![0]).toBe(1);
  });

  it('refuses batches with a different number of classes', () => {
    const cm = confusionMetric();
    const s = cm.update(cm.init(), fiveOutcomes());
    const binary = outcomesOf(tf.tensor1d([1]), [1], [0], ['a-only']);
    expect(() => cm.update(s, binary)).toThrow(/3 classes like the earlier batches/);
  });
});
