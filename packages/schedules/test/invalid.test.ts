import { ConfigError } from '@lrlab/core';
import {
  buildSchedule,
  constant,
  cosineDecay,
  cyclic,
  joinSchedules,
  mapSchedule,
  multiStep,
  oneCycle,
  perEpoch,
  piecewiseConstant,
  scale,
  scheduleConfig,
  sgdr,
  stepDecay,
  warmup,
} from '../src';

describe('invalid arguments are rejected with a ConfigError naming the value', () => {
  it.each([
    ['negative LR', () => constant(-0.1), /Invalid value: expected a finite number >= 0, got -0.1/],
    ['NaN', () => constant(Number.NaN), /got NaN/],
    ['unsorted boundaries', () => piecewiseConstant({ boundaries: [10, 5], values: [1, 2, 3] }), /Invalid boundaries\[1\].*greater than boundaries\[0\] = 10.*got 5/],
    ['duplicate milestones', () => multiStep({ initialValue: 0.1, milestones: [5, 5], gamma: 0.1 }), /milestones\[1\]/],
    ['negative boundary', () => piecewiseConstant({ boundaries: [-1], values: [1, 2] }), /boundaries\[0\].*a step >= 0, got -1/],
    ['mismatched lengths', () => piecewiseConstant({ boundaries: [1, 2], values: [1, 2] }), /Invalid values: expected an array with boundaries.length \+ 1 = 3 elements, got \[1,2\]/],
    ['zero step size', () => stepDecay({ initialValue: 0.1, stepSize: 0, gamma: 0.1 }), /stepSize: expected a finite number > 0, got 0/],
    ['infinite steps', () => cosineDecay({ initialValue: 0.1, steps: Number.POSITIVE_INFINITY }), /steps.*got Infinity/],
    ['unknown cyclic mode', () => cyclic({ baseValue: 0, maxValue: 1, stepSizeUp: 1, mode: 'sine' as 'triangular' }), /mode.*"sine"/],
    ['pctStart of 1', () => oneCycle({ peakValue: 1, totalSteps: 10, pctStart: 1 }), /pctStart.*got 1/],
    ['zero cycles', () => sgdr({ initialValue: 1, firstPeriodSteps: 2, cycles: 0 }), /cycles: expected an integer >= 1/],
    ['a join with too few boundaries', () => joinSchedules([constant(1), constant(2)], []), /Invalid boundaries: expected 1 boundaries, one fewer than the 2 schedules, got \[\]/],
    ['a non-function piece', () => joinSchedules([constant(1), 3 as never], [1]), /schedules\[1\]/],
    ['a number where perEpoch takes a schedule', () => perEpoch(0.3 as never, 10), /Invalid epochSchedule: expected a schedule \(a function of the step\), got 0\.3.*constant\(0\.3\)/s],
    ['a number inside a combinator', () => scale(2 as never, 0.5), /Invalid schedule\[0\].*constant\(2\)/s],
    ['a warm-up with a negative peak', () => warmup({ warmupSteps: 2, peakValue: -1, then: constant(1) }), /peakValue.*got -1/],
  ])('%s', (_name, make, message) => {
    expect(make).toThrow(ConfigError);
    expect(make).toThrow(message);
  });

  it('names the full path of a bad field in a nested config', () => {
    const bad = { kind: 'join', boundaries: [5], schedules: [{ kind: 'constant', value: 1 }, { kind: 'linear', initialValue: 1, finalValue: 0, steps: -3 }] };
    expect(() => buildSchedule(bad, 'learningRate')).toThrow(/Invalid learningRate\.schedules\[1\]\.steps: expected a finite number > 0, got -3/);
    expect(() => buildSchedule({ kind: 'cosine', steps: 3 }, 'lr')).toThrow(/Invalid lr\.kind: expected a schedule kind: one of "constant".*got "cosine"/);
    expect(() => buildSchedule({ kind: 'multi-step', initalValue: 0.1, milestones: [], gamma: 0.1 }, 'lr')).toThrow(/Invalid lr\.initalValue: expected no such field for kind "multi-step"/);
    expect(() => buildSchedule(null)).toThrow(/Invalid schedule: expected an object with a "kind" field \(a schedule kind: "constant"/);
    expect(() => buildSchedule({ kind: 'scale', schedule: { kind: 'constant', value: -2 }, factor: 1 }, 'sigma')).toThrow(/Invalid sigma\.schedule\.value/);
  });

  it('refuses to save a schedule that cannot be described', () => {
    const plain = mapSchedule(constant(1), (v) => v * 2);
    expect(plain(3)).toBe(2);
    expect(() => scheduleConfig(plain, 'learningRate')).toThrow(/Invalid learningRate: expected a schedule built by an @lrlab\/schedules factory/);
  });
});
