import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@lrlab/backends';
import { accuracyMetric, evaluate, learningOrder, marginMetric, pairedComparison, summarizeSeeds } from '../src';

beforeAll(() => initBackend({ prefer: 'cpu' }));

// The README's example, kept compiling and true.
describe('README example', () => {
  it('evaluates per group, orders learning, and summarises seeds', async () => {
    const before = tf.memory().numTensors;

    // 1. Per-group metrics over many batches: one forward per batch, supplied by the caller.
    const w = tf.tensor2d([[1], [-1]]); // a scalar-logit "model": f(x) = x₁ − x₂
    const batches = [
      { features: new Float32Array([2, 0, 0, 1]), shape: [2, 2], labels: new Int32Array([1, 0]), groups: new Uint8Array([0, 1]), groupNames: ['a-only', 'b-only'] },
      { features: new Float32Array([1, 1, 0, 3]), shape: [2, 2], labels: new Int32Array([1, 1]), groups: new Uint8Array([1, 2]), groupNames: ['a-only', 'b-only', 'both'] },
    ];
    const results = await evaluate({
      batches,
      forward: (b) => tf.matMul(tf.tensor2d(b.features, [b.shape[0]!, b.shape[1]!]), w),
      metrics: { accuracy: accuracyMetric({ groupWeights: { 'a-only': 0.2, 'b-only': 0.2, both: 0.6 } }), margin: marginMetric() },
    });
    expect(results.accuracy.groups['b-only']).toEqual({ examples: 2, accuracy: 0.5 });
    expect(results.accuracy.groups['a-only']).toEqual({ examples: 1, accuracy: 1 });
    expect(results.accuracy.overall!.examples).toBe(4);
    expect(results.accuracy.overall!.accuracy).toBeCloseTo(0.2 * 1 + 0.2 * 0.5 + 0.6 * 0, 15);
    expect(results.margin.groups.both?.min).toBe(-3);
    w.dispose();
    expect(tf.memory().numTensors).toBe(before);

    // 2. When was each group learned?
    const history = [
      { step: 0, epoch: 1, values: { 'a-only': 1, 'b-only': 0.5 } },
      { step: 20, epoch: 2, values: { 'a-only': 1, 'b-only': 0.6 } },
      { step: 40, epoch: 3, values: { 'a-only': 1, 'b-only': 1 } },
    ];
    const order = learningOrder(history, { threshold: 0.99, timeAxis: 'epoch', event: { name: 'anneal', epoch: 2 } });
    expect(order.order).toEqual([['a-only'], ['b-only']]);
    expect(order.metAtStart).toEqual(['a-only']);
    expect(order.series['b-only']?.crossing).toMatchObject({ crossed: true, at: { epoch: 3 }, sinceEvent: 1 });

    // 3. Across seeds.
    const ci = summarizeSeeds([1, 2, 3, 4, 5]).ci!;
    expect(ci.low).toBeCloseTo(1.0368, 4);
    expect(ci.high).toBeCloseTo(4.9632, 4);
    expect(ci.degreesOfFreedom).toBe(4);
    const paired = pairedComparison({ 1: 0.91, 2: 0.9, 3: 0.93 }, { 1: 0.85, 2: 0.86, 3: 0.86 });
    expect(paired.meanDifference).toBeCloseTo(0.0567, 4);
    expect(paired.ci!.halfWidth).toBeCloseTo(0.038, 3);
  });
});
