import { ConfigError, withKinds, type Registry } from '@lrlab/core';
import {
  buildSchedule,
  constant,
  multiStep,
  resolveSchedule,
  scheduleChangePoints,
  SCHEDULE_KINDS,
  SCHEDULES,
  type ScheduleConfig,
  type ScheduleKindEntry,
} from '../src';

/** One config per built-in kind, giving every field the kind accepts. */
const SAMPLES: Record<ScheduleConfig['kind'], ScheduleConfig> = {
  constant: { kind: 'constant', value: 0.1 },
  'piecewise-constant': { kind: 'piecewise-constant', boundaries: [5, 10], values: [1, 0.5, 0.1] },
  'multi-step': { kind: 'multi-step', initialValue: 0.1, milestones: [3, 6], gamma: 0.2 },
  'step-decay': { kind: 'step-decay', initialValue: 0.1, stepSize: 7, gamma: 0.5 },
  'exponential-decay': { kind: 'exponential-decay', initialValue: 1, decayRate: 0.9, decaySteps: 3, staircase: true, finalValue: 0.2 },
  linear: { kind: 'linear', initialValue: 0, finalValue: 1, steps: 9 },
  polynomial: { kind: 'polynomial', initialValue: 1, finalValue: 0.1, steps: 9, power: 2 },
  'cosine-decay': { kind: 'cosine-decay', initialValue: 1, finalValue: 0.1, steps: 9 },
  cyclic: { kind: 'cyclic', baseValue: 0.1, maxValue: 1, stepSizeUp: 3, stepSizeDown: 5, mode: 'exp-range', gamma: 0.99 },
  'inverse-sqrt': { kind: 'inverse-sqrt', initialValue: 1, timescale: 4 },
  join: { kind: 'join', schedules: [{ kind: 'constant', value: 1 }, { kind: 'linear', initialValue: 1, finalValue: 0, steps: 5 }], boundaries: [3] },
  product: { kind: 'product', schedules: [{ kind: 'constant', value: 2 }, { kind: 'linear', initialValue: 0, finalValue: 1, steps: 4 }] },
  sum: { kind: 'sum', schedules: [{ kind: 'constant', value: 2 }, { kind: 'cosine-decay', initialValue: 1, steps: 4 }] },
  scale: { kind: 'scale', schedule: { kind: 'constant', value: 3 }, factor: 0.5 },
  'power-of': { kind: 'power-of', schedule: { kind: 'constant', value: 0.3 }, coefficient: 13.33, power: 2 },
  'root-sum-squares': { kind: 'root-sum-squares', schedules: [{ kind: 'constant', value: 3 }, { kind: 'constant', value: 4 }] },
  'per-epoch': { kind: 'per-epoch', schedule: { kind: 'multi-step', initialValue: 0.1, milestones: [2], gamma: 0.1 }, stepsPerEpoch: 5 },
};

describe('SCHEDULES: every kind documents and accepts exactly its fields (contract over the registry)', () => {
  it('has one sample per kind, and SCHEDULE_KINDS are its names', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual(Object.keys(SCHEDULES).sort());
    expect([...SCHEDULE_KINDS]).toEqual(Object.keys(SCHEDULES));
    expect(Object.isFrozen(SCHEDULES)).toBe(true);
  });

  it.each(Object.entries(SAMPLES))('%s', (kind, sample) => {
    const entry = SCHEDULES[kind]!;
    expect(entry.description).toMatch(/\S/);
    const fields = Object.keys(entry.fields);
    // The sample gives every documented field, and only those.
    expect(Object.keys(sample).filter((k) => k !== 'kind').sort()).toEqual([...fields].sort());
    for (const field of fields) expect(entry.fields[field as keyof typeof entry.fields]).toMatch(/\S/);

    // resolve accepts them, returns only documented fields, and is idempotent.
    const resolved = entry.resolve(sample, 'learningRate');
    expect(Object.keys(resolved).every((k) => k === 'kind' || fields.includes(k))).toBe(true);
    expect(entry.resolve(resolved, 'learningRate')).toEqual(resolved);

    // build makes a schedule with finite values ≥ 0 that carries its resolved config, which rebuilds it.
    const schedule = buildSchedule(sample, 'learningRate');
    for (const step of [0, 1, 5, 100]) {
      expect(Number.isFinite(schedule(step))).toBe(true);
      expect(schedule(step)).toBeGreaterThanOrEqual(0);
    }
    expect(resolveSchedule(sample)).toEqual(schedule.config);
    const rebuilt = buildSchedule(JSON.parse(JSON.stringify(schedule.config)));
    expect([0, 1, 3, 9, 100].map(rebuilt)).toEqual([0, 1, 3, 9, 100].map(schedule));

    // A field it does not document is a typo, named by its full path.
    expect(() => buildSchedule({ ...sample, bogus: 1 }, 'learningRate')).toThrow(
      new RegExp(`Invalid learningRate\\.bogus: expected no such field for kind "${kind}"`),
    );
  });

  it('fills defaults once, in resolve: the resolved config is what a run records', () => {
    expect(resolveSchedule({ kind: 'cosine-decay', initialValue: 0.1, steps: 100 })).toEqual({ kind: 'cosine-decay', initialValue: 0.1, finalValue: 0, steps: 100 });
    expect(resolveSchedule({ kind: 'join', boundaries: [2], schedules: [{ kind: 'cyclic', baseValue: 0, maxValue: 1, stepSizeUp: 2 }, { kind: 'constant', value: 1 }] }, 'lr')).toEqual({
      kind: 'join',
      schedules: [{ kind: 'cyclic', baseValue: 0, maxValue: 1, stepSizeUp: 2, stepSizeDown: 2, mode: 'triangular', gamma: 1 }, { kind: 'constant', value: 1 }],
      boundaries: [2],
    });
  });
});

describe('errors name the full path', () => {
  it.each<[string, unknown, RegExp]>([
    ['an unknown kind', { kind: 'cosine' }, /Invalid lr\.kind: expected a schedule kind: one of "constant"/],
    ['an unknown nested kind', { kind: 'join', boundaries: [1], schedules: [{ kind: 'constant', value: 1 }, { kind: 'halving' }] }, /Invalid lr\.schedules\[1\]\.kind: expected a schedule kind/],
    ['an unknown nested field', { kind: 'scale', factor: 1, schedule: { kind: 'per-epoch', stepsPerEpoch: 2, schedule: { kind: 'constant', value: 1, vlaue: 2 } } }, /Invalid lr\.schedule\.schedule\.vlaue: expected no such field for kind "constant" \(allowed: value\)/],
    ['a bad nested value', { kind: 'sum', schedules: [{ kind: 'constant', value: 1 }, { kind: 'multi-step', initialValue: 1, milestones: [4, 2], gamma: 0.1 }] }, /Invalid lr\.schedules\[1\]\.milestones\[1\]/],
    ['a non-object nested schedule', { kind: 'power-of', schedule: 3, coefficient: 1, power: 1 }, /Invalid lr\.schedule: expected an object with a "kind" field/],
    ['a non-boolean staircase', { kind: 'exponential-decay', initialValue: 1, decayRate: 0.5, staircase: 'yes' }, /Invalid lr\.staircase: expected true or false/],
  ])('%s', (_name, config, message) => {
    expect(() => buildSchedule(config, 'lr')).toThrow(ConfigError);
    expect(() => buildSchedule(config, 'lr')).toThrow(message);
  });
});

/** A user's kind, as a plugin would define it: a plain function from its build. */
interface HalvingConfig {
  readonly kind: 'halving';
  readonly initialValue: number;
  readonly every?: number;
}
const halving: ScheduleKindEntry<HalvingConfig, Required<HalvingConfig>> = {
  description: 'halves the value every `every` steps',
  fields: { initialValue: 'the value at step 0', every: 'steps between halvings; default 10' },
  resolve(config, path) {
    if (typeof config.initialValue !== 'number' || config.initialValue < 0) throw new ConfigError(`${path}.initialValue`, config.initialValue, 'a number >= 0');
    return { kind: 'halving', initialValue: config.initialValue, every: config.every ?? 10 };
  },
  build: (config) => (step) => config.initialValue / 2 ** Math.floor(step / config.every),
  changesAt: () => [10, 20],
};
/** A user's composite kind: it builds its nested schedule through the context. */
interface ClampConfig {
  readonly kind: 'clamp';
  readonly schedule: unknown;
  readonly max: number;
}
const clamp: ScheduleKindEntry<ClampConfig> = {
  description: 'a schedule capped at max',
  fields: { schedule: 'the schedule capped (a schedule config)', max: 'the cap' },
  resolve: (config) => config,
  build(config, context) {
    const inner = context.buildSchedule(config.schedule, `${context.path}.schedule`);
    return (step) => Math.min(inner(step), config.max);
  },
};
const MINE: Registry<ScheduleKindEntry> = withKinds(SCHEDULES, { halving, clamp }, 'schedule kind');

describe("a user's schedule kind, added with withKinds, builds like a built-in one", () => {
  it('at the top level, carrying its resolved config (a round trip through JSON with the same registry)', () => {
    const s = buildSchedule({ kind: 'halving', initialValue: 0.8 }, 'learningRate', MINE);
    expect([0, 9, 10, 25].map(s)).toEqual([0.8, 0.8, 0.4, 0.2]);
    expect(s.config).toEqual({ kind: 'halving', initialValue: 0.8, every: 10 });
    const rebuilt = buildSchedule(JSON.parse(JSON.stringify(s.config)), 'learningRate', MINE);
    expect([0, 9, 10, 25].map(rebuilt)).toEqual([0.8, 0.8, 0.4, 0.2]);
  });

  it('nested inside a built-in join, and with a built-in nested inside it', () => {
    const config = {
      kind: 'join',
      boundaries: [5],
      schedules: [
        { kind: 'linear', initialValue: 0, finalValue: 0.8, steps: 5 },
        { kind: 'clamp', max: 0.5, schedule: { kind: 'halving', initialValue: 0.8, every: 4 } },
      ],
    };
    const s = buildSchedule(config, 'learningRate', MINE);
    expect([0, 5, 8, 9, 13].map(s)).toEqual([0, 0.5, 0.5, 0.4, 0.2]);
    expect(JSON.parse(JSON.stringify(s.config)).schedules[1]).toEqual({ kind: 'clamp', max: 0.5, schedule: { kind: 'halving', initialValue: 0.8, every: 4 } });
    expect(() => buildSchedule(config, 'learningRate')).toThrow(/Invalid learningRate\.schedules\[1\]\.kind: expected a schedule kind/);
  });

  it("names its fields by their full path: unknown fields, and the user's own errors", () => {
    const nested = (inner: unknown) => ({ kind: 'scale', factor: 2, schedule: inner });
    expect(() => buildSchedule(nested({ kind: 'halving', initialValue: 1, evry: 3 }), 'lr', MINE)).toThrow(/Invalid lr\.schedule\.evry: expected no such field for kind "halving"/);
    expect(() => buildSchedule(nested({ kind: 'halving', initialValue: -1 }), 'lr', MINE)).toThrow(/Invalid lr\.schedule\.initialValue: expected a number >= 0/);
  });

  it("names a field by its full path when the user's kind names it relative to its config", () => {
    const relative = withKinds(SCHEDULES, { relative: { ...halving, resolve: () => { throw new ConfigError('rate', -1, 'a rate >= 0'); } } }, 'schedule kind');
    expect(() => buildSchedule({ kind: 'scale', factor: 1, schedule: { kind: 'relative', initialValue: 1 } }, 'lr', relative)).toThrow(/Invalid lr\.schedule\.rate: expected a rate >= 0/);
  });

  it('refuses a build that is not a schedule', () => {
    const broken = withKinds(SCHEDULES, { broken: { ...halving, build: () => 3 as never } }, 'schedule kind');
    expect(() => buildSchedule({ kind: 'broken', initialValue: 1 }, 'lr', broken)).toThrow(/Invalid lr: expected a schedule \(a function of the step\) from the build of kind "broken"/);
  });

  it('gives its change points, shifted into place inside a join', () => {
    expect(scheduleChangePoints({ kind: 'halving', initialValue: 1 }, 'lr', MINE)).toEqual([10, 20]);
    const joined = { kind: 'join', boundaries: [15], schedules: [{ kind: 'halving', initialValue: 1 }, { kind: 'halving', initialValue: 1 }] };
    expect(scheduleChangePoints(joined, 'lr', MINE)).toEqual([10, 15, 25, 35]);
  });
});

describe('scheduleChangePoints', () => {
  it.each<[string, unknown, number[]]>([
    ['multi-step: its milestones', { kind: 'multi-step', initialValue: 0.1, milestones: [59, 119, 149], gamma: 0.2 }, [59, 119, 149]],
    ['piecewise-constant: its boundaries', { kind: 'piecewise-constant', boundaries: [180], values: [120, 0] }, [180]],
    ['constant: none', { kind: 'constant', value: 1 }, []],
    ['cosine-decay: none (continuous)', { kind: 'cosine-decay', initialValue: 1, steps: 10 }, []],
    ['step-decay: none said (its jumps never end)', { kind: 'step-decay', initialValue: 1, stepSize: 3, gamma: 0.5 }, []],
    [
      'join: its boundaries and its pieces’ own, in place',
      { kind: 'join', boundaries: [10, 30], schedules: [{ kind: 'multi-step', initialValue: 1, milestones: [5, 12], gamma: 0.5 }, { kind: 'piecewise-constant', boundaries: [4], values: [1, 2] }, { kind: 'constant', value: 1 }] },
      [5, 10, 14, 30],
    ],
    ['per-epoch: the epoch schedule’s, in steps', { kind: 'per-epoch', stepsPerEpoch: 391, schedule: { kind: 'multi-step', initialValue: 0.1, milestones: [29], gamma: 0.04 } }, [29 * 391]],
  ])('%s', (_name, config, expected) => {
    expect(scheduleChangePoints(config, 'lr')).toEqual(expected);
  });

  it('validates the config it reads, naming the field', () => {
    const config = { kind: 'product', schedules: [{ kind: 'multi-step', initialValue: 1, milestones: [8, 3], gamma: 0.5 }] };
    expect(() => scheduleChangePoints(config, 'lr')).toThrow(/Invalid lr\.schedules\[0\]\.milestones\[1\]/);
  });

  it('merges the change points of composites', () => {
    const config = { kind: 'product', schedules: [multiStep({ initialValue: 1, milestones: [3, 8], gamma: 0.5 }).config, { kind: 'piecewise-constant', boundaries: [3, 5], values: [1, 2, 3] }, constant(2).config] };
    expect(scheduleChangePoints(config)).toEqual([3, 5, 8]);
  });
});
