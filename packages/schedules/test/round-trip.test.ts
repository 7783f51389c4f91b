import type { Schedule } from '@lrlab/core';
import {
  buildSchedule,
  constant,
  cosineDecay,
  cyclic,
  exponentialDecay,
  inverseSqrt,
  joinSchedules,
  linear,
  multiStep,
  oneCycle,
  paperLearningRate,
  paperNoise,
  perEpoch,
  piecewiseConstant,
  polynomial,
  powerOf,
  product,
  rootSumSquares,
  scale,
  scheduleConfig,
  sgdr,
  stepDecay,
  sum,
  warmup,
  warmupCosineDecay,
  SCHEDULE_KINDS,
} from '../src';

const lr = multiStep({ initialValue: 3, milestones: [180], gamma: 0.1 });
const every: Record<string, Schedule> = {
  constant: constant(0.1),
  piecewise: piecewiseConstant({ boundaries: [5, 10], values: [1, 0.5, 0.1] }),
  multiStep: lr,
  stepDecay: stepDecay({ initialValue: 0.1, stepSize: 7, gamma: 0.5 }),
  exponential: exponentialDecay({ initialValue: 1, decayRate: 0.9, decaySteps: 3, staircase: true, finalValue: 0.2 }),
  linear: linear({ initialValue: 0, finalValue: 1, steps: 9 }),
  polynomial: polynomial({ initialValue: 1, finalValue: 0.1, steps: 9, power: 2 }),
  cosine: cosineDecay({ initialValue: 1, finalValue: 0.1, steps: 9 }),
  cyclic: cyclic({ baseValue: 0.1, maxValue: 1, stepSizeUp: 3, stepSizeDown: 5, mode: 'exp-range', gamma: 0.99 }),
  inverseSqrt: inverseSqrt({ initialValue: 1, timescale: 4 }),
  join: joinSchedules([constant(1), linear({ initialValue: 1, finalValue: 0, steps: 5 })], [3]),
  warmup: warmup({ warmupSteps: 3, peakValue: 1, then: cosineDecay({ initialValue: 1, steps: 10 }) }),
  warmupCosine: warmupCosineDecay({ peakValue: 1, warmupSteps: 2, steps: 12 }),
  sgdr: sgdr({ initialValue: 1, firstPeriodSteps: 3, periodMultiplier: 2, cycles: 3 }),
  oneCycle: oneCycle({ peakValue: 1, totalSteps: 20, threePhase: true }),
  product: product(constant(2), linear({ initialValue: 0, finalValue: 1, steps: 4 })),
  sum: sum(constant(2), cosineDecay({ initialValue: 1, steps: 4 })),
  scale: scale(lr, 0.5),
  powerOf: powerOf(lr, { coefficient: 13.33, power: 2 }),
  rootSumSquares: rootSumSquares(powerOf(lr, { coefficient: 13.33, power: 2 }), constant(120)),
  perEpoch: perEpoch(paperLearningRate('default', 0.1), 7),
  paperNoise: paperNoise('cont', { initialValue: 0.4, decayRate: 0.9 }),
};

describe('config round trip', () => {
  it.each(Object.entries(every))('%s: JSON config rebuilds a schedule with identical values', (_name, schedule) => {
    const json = JSON.stringify(scheduleConfig(schedule));
    const rebuilt = buildSchedule(JSON.parse(json));
    for (const step of [0, 1, 2, 3, 4, 5, 9, 10, 17, 179, 180, 181, 1000, 1e7]) expect(rebuilt(step)).toBe(schedule(step));
    expect(JSON.stringify(rebuilt.config)).toBe(json);
  });

  it('covers every kind', () => {
    const kinds = new Set<string>();
    const visit = (config: unknown): void => {
      if (Array.isArray(config)) return config.forEach(visit);
      if (config && typeof config === 'object') {
        const kind = (config as { kind?: string }).kind;
        if (kind) kinds.add(kind);
        Object.values(config).forEach(visit);
      }
    };
    Object.values(every).forEach((s) => visit(scheduleConfig(s)));
    expect([...kinds].sort()).toEqual([...SCHEDULE_KINDS].sort());
  });

  it('derives σ = 13.33·lr² from the LR schedule (SPEC §1)', () => {
    const sigma = every['powerOf']!;
    expect(sigma(0)).toBeCloseTo(119.97, 10);
    expect(sigma(180)).toBeCloseTo(1.1997, 10);
    expect(every['rootSumSquares']!(0)).toBeCloseTo(Math.hypot(119.97, 120), 10);
  });
});
