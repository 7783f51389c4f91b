import { withKinds } from '@lrlab/core';
import {
  paperLearningRate,
  perEpoch,
  stepsPerEpoch,
  bindOptimizer,
  preactivationNoise,
  powerOf,
  buildSchedule,
  resolveSchedule,
  scheduleChangePoints,
  SCHEDULES,
  type ScheduleKindEntry,
} from '../src';

// The README's examples, kept compiling and true.
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

  it('builds, resolves and reads the change points of a schedule config', () => {
    const lr = buildSchedule({ kind: 'multi-step', initialValue: 0.1, milestones: [29], gamma: 0.04 }, 'learningRate');
    expect(buildSchedule(JSON.parse(JSON.stringify(lr.config)))(29)).toBe(lr(29));
    expect(lr(29)).toBeCloseTo(0.004, 15);
    expect(resolveSchedule({ kind: 'cosine-decay', initialValue: 0.1, steps: 100 })).toEqual({ kind: 'cosine-decay', initialValue: 0.1, finalValue: 0, steps: 100 });
    expect(scheduleChangePoints(lr.config)).toEqual([29]);
  });

  it("builds a user's kind nested in a built-in join", () => {
    interface HalvingConfig { readonly kind: 'halving'; readonly initialValue: number; readonly every?: number }
    const halving: ScheduleKindEntry<HalvingConfig, Required<HalvingConfig>> = {
      description: 'halves the value every `every` steps',
      fields: { initialValue: 'the value at step 0', every: 'steps between halvings; default 10' },
      resolve: (config) => ({ kind: 'halving', initialValue: config.initialValue, every: config.every ?? 10 }),
      build: (config) => (step) => config.initialValue / 2 ** Math.floor(step / config.every),
      changesAt: (config) => [config.every],
    };
    const registry = withKinds(SCHEDULES, { halving }, 'schedule kind');
    const lr = buildSchedule(
      { kind: 'join', boundaries: [5], schedules: [{ kind: 'linear', initialValue: 0, finalValue: 0.8, steps: 5 }, { kind: 'halving', initialValue: 0.8 }] },
      'learningRate',
      registry,
    );
    expect([0, 5, 14, 15].map(lr)).toEqual([0, 0.8, 0.8, 0.4]);
    expect(JSON.parse(JSON.stringify(lr.config)).schedules[1]).toEqual({ kind: 'halving', initialValue: 0.8, every: 10 });
    const rebuilt = buildSchedule(lr.config, 'learningRate', registry);
    expect([0, 5, 14, 15].map(rebuilt)).toEqual([0, 0.8, 0.8, 0.4]);
    expect(scheduleChangePoints(lr.config, 'learningRate', registry)).toEqual([5, 15]);
  });
});
