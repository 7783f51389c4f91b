import type { Schedule } from '@lrlab/core';
import {
  constant,
  cosineDecay,
  cyclic,
  exponentialDecay,
  inverseSqrt,
  joinSchedules,
  linear,
  multiStep,
  oneCycle,
  piecewiseConstant,
  polynomial,
  sgdr,
  stepDecay,
  warmup,
  warmupCosineDecay,
} from '../src';

const at = (s: Schedule, steps: number[]) => steps.map((step) => s(step));
const FAR = 1e9;

describe('simple schedules: exact values at b − 1, b, the end and far past it', () => {
  it('constant', () => {
    expect(at(constant(0.1), [0, 1, FAR])).toEqual([0.1, 0.1, 0.1]);
  });

  it('piecewiseConstant: a piece starts at its boundary', () => {
    const s = piecewiseConstant({ boundaries: [10, 20], values: [1, 0.5, 0.25] });
    expect(at(s, [0, 9, 10, 19, 20, FAR])).toEqual([1, 1, 0.5, 0.5, 0.25, 0.25]);
    expect(at(piecewiseConstant({ boundaries: [], values: [3] }), [0, FAR])).toEqual([3, 3]);
  });

  it('multiStep accumulates gamma one milestone at a time', () => {
    const s = multiStep({ initialValue: 0.1, milestones: [3, 6], gamma: 0.2 });
    expect(at(s, [0, 2, 3, 5, 6, FAR])).toEqual([0.1, 0.1, 0.1 * 0.2, 0.1 * 0.2, 0.1 * 0.2 * 0.2, 0.1 * 0.2 * 0.2]);
  });

  it('stepDecay (PyTorch StepLR closed form)', () => {
    const s = stepDecay({ initialValue: 0.1, stepSize: 30, gamma: 0.1 });
    expect(at(s, [0, 29, 30, 59, 60])).toEqual([0.1, 0.1, 0.1 * 0.1 ** 1, 0.1 * 0.1 ** 1, 0.1 * 0.1 ** 2]);
  });

  it('exponentialDecay: continuous, staircase, and clipped at finalValue', () => {
    const smooth = exponentialDecay({ initialValue: 1, decayRate: 0.5, decaySteps: 10 });
    expect(at(smooth, [0, 5, 10, 20])).toEqual([1, 0.5 ** 0.5, 0.5, 0.25]);
    const stairs = exponentialDecay({ initialValue: 1, decayRate: 0.5, decaySteps: 10, staircase: true });
    expect(at(stairs, [9, 10, 19, 20])).toEqual([1, 0.5, 0.5, 0.25]);
    const floored = exponentialDecay({ initialValue: 1, decayRate: 0.5, finalValue: 0.2 });
    expect(at(floored, [0, 1, 2, 3, FAR])).toEqual([1, 0.5, 0.25, 0.2, 0.2]);
    const capped = exponentialDecay({ initialValue: 1, decayRate: 2, finalValue: 3 });
    expect(at(capped, [1, 2, FAR])).toEqual([2, 3, 3]);
  });

  it('linear and polynomial reach finalValue at `steps` and stay', () => {
    const s = linear({ initialValue: 0, finalValue: 0.1, steps: 10 });
    expect(at(s, [0, 5, 9, 10, FAR])).toEqual([0, 0.05, 0.09, 0.1, 0.1]);
    const p = polynomial({ initialValue: 1, finalValue: 0, steps: 4, power: 2 });
    expect(at(p, [0, 1, 2, 3, 4, FAR])).toEqual([1, 0.5625, 0.25, 0.0625, 0, 0]);
  });

  it('cosineDecay follows the half cosine and stays at finalValue', () => {
    const s = cosineDecay({ initialValue: 1, finalValue: 0.1, steps: 4 });
    expect(s(0)).toBe(1);
    expect(s(2)).toBeCloseTo(0.55, 15);
    expect(s(1)).toBeCloseTo(0.1 + 0.9 * 0.5 * (1 + Math.SQRT1_2), 15);
    expect(at(s, [4, 5, FAR])).toEqual([0.1, 0.1, 0.1]);
    // Rising cosine (used by one-cycle).
    expect(cosineDecay({ initialValue: 0, finalValue: 2, steps: 2 })(1)).toBeCloseTo(1, 15);
  });

  it('cyclic matches PyTorch CyclicLR in every mode', () => {
    const tri = cyclic({ baseValue: 1, maxValue: 3, stepSizeUp: 2, stepSizeDown: 2 });
    expect(at(tri, [0, 1, 2, 3, 4, 5, 6])).toEqual([1, 2, 3, 2, 1, 2, 3]);
    const tri2 = cyclic({ baseValue: 1, maxValue: 3, stepSizeUp: 2, mode: 'triangular2' });
    expect(at(tri2, [2, 4, 6, 10])).toEqual([3, 1, 2, 1.5]);
    const exp = cyclic({ baseValue: 1, maxValue: 3, stepSizeUp: 2, mode: 'exp-range', gamma: 0.5 });
    expect(at(exp, [1, 2])).toEqual([1 + 2 * 0.5 * 0.5, 1 + 2 * 1 * 0.25]);
    const asym = cyclic({ baseValue: 0, maxValue: 1, stepSizeUp: 1, stepSizeDown: 3 });
    expect(at(asym, [0, 1, 2, 3, 4])).toEqual([0, 1, 2 / 3, 1 / 3, 0].map((v) => expect.closeTo(v, 15)) as unknown as number[]);
  });

  it('inverseSqrt', () => {
    const s = inverseSqrt({ initialValue: 1, timescale: 4 });
    expect(at(s, [0, 4, 12])).toEqual([1, 1 / Math.SQRT2, 0.5]);
  });
});

describe('joins and compound schedules', () => {
  it('joinSchedules hands each piece its local step', () => {
    const s = joinSchedules([constant(5), linear({ initialValue: 0, finalValue: 10, steps: 10 }), constant(1)], [3, 13]);
    expect(at(s, [0, 2, 3, 4, 12, 13, FAR])).toEqual([5, 5, 0, 1, 9, 1, 1]);
  });

  it('warmup then any schedule; fairseq inverse-sqrt as a join', () => {
    const s = warmup({ warmupSteps: 4, peakValue: 0.1, then: multiStep({ initialValue: 0.1, milestones: [2], gamma: 0.5 }) });
    expect(at(s, [0, 2, 3, 4, 5, 6, FAR])).toEqual([0, 0.05, 0.07500000000000001, 0.1, 0.1, 0.05, 0.05]);
    const held = warmup({ warmupSteps: 2, initialValue: 0.01, peakValue: 0.1, mode: 'constant', then: constant(0.1) });
    expect(at(held, [0, 1, 2])).toEqual([0.01, 0.01, 0.1]);
    const fairseq = warmup({ warmupSteps: 4, peakValue: 1, then: inverseSqrt({ initialValue: 1, timescale: 4 }) });
    expect(fairseq(16)).toBeCloseTo(Math.sqrt(4 / 16), 15);
    const wcd = warmupCosineDecay({ peakValue: 1, warmupSteps: 2, steps: 6 });
    expect(at(wcd, [0, 1, 2, 4, 6, FAR])).toEqual([0, 0.5, 1, expect.closeTo(0.5, 15), 0, 0] as unknown as number[]);
  });

  it('sgdr restarts at each period boundary, periods growing by the multiplier', () => {
    const s = sgdr({ initialValue: 1, firstPeriodSteps: 2, periodMultiplier: 2, cycles: 3, peakDecay: 0.5 });
    expect(at(s, [0, 1, 2, 4, 6, 10, 14, FAR])).toEqual([
      1,
      expect.closeTo(0.5, 15),
      0.5,
      expect.closeTo(0.25, 15),
      0.25,
      expect.closeTo(0.125, 15),
      0,
      0,
    ] as unknown as number[]);
  });

  it('oneCycle has PyTorch OneCycleLR phase ends', () => {
    // max_lr 1, total 10, pct 0.3: initial 0.04, peak at step 2 (= 0.3·10 − 1), min 4e-6 at step 9.
    const s = oneCycle({ peakValue: 1, totalSteps: 10 });
    expect(s(0)).toBeCloseTo(0.04, 15);
    expect(s(1)).toBeCloseTo(1 + ((0.04 - 1) / 2) * (Math.cos(Math.PI * 0.5) + 1), 15);
    expect(s(2)).toBe(1);
    const pct = (5 - 2) / 7;
    expect(s(5)).toBeCloseTo(4e-6 + ((1 - 4e-6) / 2) * (Math.cos(Math.PI * pct) + 1), 15);
    expect(s(9)).toBeCloseTo(4e-6, 18);
    expect(s(FAR)).toBeCloseTo(4e-6, 18);
    const lin = oneCycle({ peakValue: 1, totalSteps: 10, annealStrategy: 'linear', threePhase: true });
    expect(at(lin, [0, 2, 4, 9])).toEqual([0.04, 1, 0.04, expect.closeTo(4e-6, 15)] as unknown as number[]);
  });
});
