import { paperLearningRate, perEpoch, stepsPerEpoch, bindOptimizer, preactivationNoise, powerOf } from '../src';

// The README's example, kept compiling and true.
describe('README example', () => {
  it('builds the decay_early schedule, a bound Nesterov optimizer and LR-tied noise', () => {
    const spe = stepsPerEpoch({ examples: 50_000, batchSize: 128 });
    expect(spe).toBe(391);
    const lr = perEpoch(paperLearningRate('decay_early', 0.1), spe);
    expect(lr(29 * spe - 1)).toBeCloseTo(0.1, 12);
    expect(lr(29 * spe)).toBeCloseTo(0.004, 12);
    const bound = bindOptimizer({
      optimizer: { kind: 'nesterov', momentum: 0.9 },
      learningRate: lr,
      weightDecay: { mode: 'coupled', value: 5e-4 },
    });
    const noise = preactivationNoise({ sigma: powerOf(lr, { coefficient: 13.33, power: 2 }), mode: 'iid', seed: 7 });
    expect(noise.sigmaAt(0)).toBeCloseTo(13.33 * 0.01, 12);
    bound.dispose();
  });
});
