/**
 * Schedules made from other schedules: pointwise product and sum, a constant factor, a power law,
 * and the root of a sum of squares. Each is a function of schedules (described or not) and a
 * registry kind whose nested schedules are built through the registry of the build context.
 */
import { ConfigError, checkFinite, type KindConfig, type Schedule } from '@lrlab/core';
import { isDescribed, withConfig, type DescribedSchedule } from '../schedule';
import type { ScheduleKindEntry } from './kind';
import { at, checkConfigList, checkScheduleArgument, checkValue } from './values';

/** `product(...)`: the pointwise product of schedules. */
export interface ProductConfig<Nested extends KindConfig = KindConfig> {
  /** Discriminator. */
  readonly kind: 'product';
  /** The factors. */
  readonly schedules: readonly Nested[];
}

/** `sum(...)`: the pointwise sum of schedules. */
export interface SumConfig<Nested extends KindConfig = KindConfig> {
  /** Discriminator. */
  readonly kind: 'sum';
  /** The terms. */
  readonly schedules: readonly Nested[];
}

/** `product(...)` or `sum(...)`: a pointwise combination of schedules. */
export type PointwiseConfig = ProductConfig | SumConfig;

/** `scale(schedule, factor)`: factor · schedule(step). */
export interface ScaleConfig<Nested extends KindConfig = KindConfig> {
  /** Discriminator. */
  readonly kind: 'scale';
  /** The schedule scaled. */
  readonly schedule: Nested;
  /** The factor (≥ 0). */
  readonly factor: number;
}

/** `powerOf(schedule, { coefficient, power })`: coefficient · schedule(step)^power (e.g. σ = 13.33·lr²). */
export interface PowerOfConfig<Nested extends KindConfig = KindConfig> {
  /** Discriminator. */
  readonly kind: 'power-of';
  /** The base schedule (often the learning rate). */
  readonly schedule: Nested;
  /** The multiplier c (≥ 0). */
  readonly coefficient: number;
  /** The exponent p (finite). */
  readonly power: number;
}

/** Options of {@link powerOf}: its config without the base schedule, which it takes as a function. */
export type PowerOfOptions = Omit<PowerOfConfig, 'kind' | 'schedule'>;

/** `rootSumSquares(...)`: √(Σ schedule_i(step)²), how independent noise levels combine. */
export interface RootSumSquaresConfig<Nested extends KindConfig = KindConfig> {
  /** Discriminator. */
  readonly kind: 'root-sum-squares';
  /** The schedules combined. */
  readonly schedules: readonly Nested[];
}

function checkSchedules(field: string, schedules: readonly Schedule[]): Schedule[] {
  if (!Array.isArray(schedules) || schedules.length === 0) throw new ConfigError(field, schedules, 'at least one schedule');
  return schedules.map((s, i) => checkScheduleArgument(`${field}[${i}]`, s));
}

/** Attaches `config(inner configs)` when every input is described; otherwise returns `fn` as is. */
function describeIfAll(fn: Schedule, inputs: readonly Schedule[], config: (inner: KindConfig[]) => KindConfig): Schedule {
  return inputs.every(isDescribed) ? withConfig(fn, config(inputs.map((s) => s.config))) : fn;
}

// The step → value functions, shared by the combinators and the registry kinds.
const productOf = (inputs: readonly Schedule[]): Schedule => (step) => inputs.reduce((acc, s) => acc * s(step), 1);
const sumOf = (inputs: readonly Schedule[]): Schedule => (step) => inputs.reduce((acc, s) => acc + s(step), 0);
const scaled = (inner: Schedule, factor: number): Schedule => (step) => factor * inner(step);
const powered = (inner: Schedule, coefficient: number, power: number): Schedule => (step) => coefficient * inner(step) ** power;
const rootSumSquaresOf = (inputs: readonly Schedule[]): Schedule => (step) => Math.sqrt(inputs.reduce((acc, s) => acc + s(step) ** 2, 0));

/**
 * Applies any function to a schedule's values. The result is a plain schedule: it cannot be
 * saved as JSON (use the other combinators when the run must record it).
 *
 * @param schedule - the input schedule
 * @param fn - maps (value, step) to the new value
 * @returns the mapped schedule
 * @example
 * ```ts
 * const clipped = mapSchedule(lr, (v) => Math.min(v, 0.05));
 * ```
 */
export function mapSchedule(schedule: Schedule, fn: (value: number, step: number) => number): Schedule {
  const [inner] = checkSchedules('schedule', [schedule]);
  return (step) => fn(inner!(step), step);
}

/**
 * The pointwise product of schedules, e.g. a base rate times a warm-up factor.
 *
 * @param schedules - the factors
 * @returns value(step) = Π schedules_i(step), described when every factor is
 */
export function product<Config extends KindConfig>(...schedules: DescribedSchedule<Config>[]): DescribedSchedule<ProductConfig<Config>>;
export function product(...schedules: Schedule[]): Schedule;
export function product(...schedules: Schedule[]): Schedule {
  const inputs = checkSchedules('schedules', schedules);
  return describeIfAll(productOf(inputs), inputs, (inner) => ({ kind: 'product', schedules: inner }));
}

/**
 * The pointwise sum of schedules.
 *
 * @param schedules - the terms
 * @returns value(step) = Σ schedules_i(step), described when every term is
 */
export function sum<Config extends KindConfig>(...schedules: DescribedSchedule<Config>[]): DescribedSchedule<SumConfig<Config>>;
export function sum(...schedules: Schedule[]): Schedule;
export function sum(...schedules: Schedule[]): Schedule {
  const inputs = checkSchedules('schedules', schedules);
  return describeIfAll(sumOf(inputs), inputs, (inner) => ({ kind: 'sum', schedules: inner }));
}

/**
 * A schedule multiplied by a constant factor.
 *
 * @param schedule - the input
 * @param factor - the multiplier (≥ 0)
 * @returns value(step) = factor · schedule(step), described when the input is
 */
export function scale<Config extends KindConfig>(schedule: DescribedSchedule<Config>, factor: number): DescribedSchedule<ScaleConfig<Config>>;
export function scale(schedule: Schedule, factor: number): Schedule;
export function scale(schedule: Schedule, factor: number): Schedule {
  const [inner] = checkSchedules('schedule', [schedule]);
  const f = checkValue('factor', factor);
  return describeIfAll(scaled(inner!, f), [inner!], ([config]) => ({ kind: 'scale', schedule: config!, factor: f }));
}

/**
 * A schedule derived from another by a power law: c · s(step)^p. This is how a noise level tied to
 * the learning rate is written, e.g. SPEC §1's σ = 13.33 · lr²:
 * `powerOf(lr, { coefficient: 13.33, power: 2 })`.
 *
 * @param schedule - the base schedule (often the learning rate)
 * @param options - coefficient and power
 * @returns value(step) = coefficient · schedule(step)^power, described when the base is
 */
export function powerOf<Config extends KindConfig>(schedule: DescribedSchedule<Config>, options: PowerOfOptions): DescribedSchedule<PowerOfConfig<Config>>;
export function powerOf(schedule: Schedule, options: PowerOfOptions): Schedule;
export function powerOf(schedule: Schedule, options: PowerOfOptions): Schedule {
  const [inner] = checkSchedules('schedule', [schedule]);
  const coefficient = checkValue('coefficient', options.coefficient);
  const power = checkFinite('power', options.power);
  return describeIfAll(powered(inner!, coefficient, power), [inner!], ([config]) => ({
    kind: 'power-of',
    schedule: config!,
    coefficient,
    power,
  }));
}

/**
 * The root of the sum of squares of schedules: the standard deviation of a sum of independent
 * zero-mean noises with these standard deviations (variances add).
 *
 * @param schedules - the standard deviations
 * @returns value(step) = √(Σ schedules_i(step)²), described when every input is
 */
export function rootSumSquares<Config extends KindConfig>(...schedules: DescribedSchedule<Config>[]): DescribedSchedule<RootSumSquaresConfig<Config>>;
export function rootSumSquares(...schedules: Schedule[]): Schedule;
export function rootSumSquares(...schedules: Schedule[]): Schedule {
  const inputs = checkSchedules('schedules', schedules);
  return describeIfAll(rootSumSquaresOf(inputs), inputs, (inner) => ({ kind: 'root-sum-squares', schedules: inner }));
}

/** The union of the change points of nested schedules. */
const changesOfAll = (schedules: readonly KindConfig[], changesOf: (config: KindConfig) => readonly number[]): number[] =>
  schedules.flatMap((s) => changesOf(s));

/** The `product` schedule kind. */
export const productKind: ScheduleKindEntry<ProductConfig, ProductConfig, DescribedSchedule> = {
  description: 'the pointwise product of schedules',
  fields: { schedules: 'the factors (schedule configs)' },
  resolve: (config, path) => ({ kind: 'product', schedules: checkConfigList(at(path, 'schedules'), config.schedules) }),
  build(config, context) {
    const inputs = config.schedules.map((s, i) => context.buildSchedule(s, `${context.path}.schedules[${i}]`));
    return withConfig(productOf(inputs), { kind: 'product', schedules: inputs.map((s) => s.config) });
  },
  changesAt: (config, changesOf) => changesOfAll(config.schedules, changesOf),
};

/** The `sum` schedule kind. */
export const sumKind: ScheduleKindEntry<SumConfig, SumConfig, DescribedSchedule> = {
  description: 'the pointwise sum of schedules',
  fields: { schedules: 'the terms (schedule configs)' },
  resolve: (config, path) => ({ kind: 'sum', schedules: checkConfigList(at(path, 'schedules'), config.schedules) }),
  build(config, context) {
    const inputs = config.schedules.map((s, i) => context.buildSchedule(s, `${context.path}.schedules[${i}]`));
    return withConfig(sumOf(inputs), { kind: 'sum', schedules: inputs.map((s) => s.config) });
  },
  changesAt: (config, changesOf) => changesOfAll(config.schedules, changesOf),
};

/** The `root-sum-squares` schedule kind. */
export const rootSumSquaresKind: ScheduleKindEntry<RootSumSquaresConfig, RootSumSquaresConfig, DescribedSchedule> = {
  description: '√(Σ schedule_i(step)²): how independent noise levels combine',
  fields: { schedules: 'the schedules combined (schedule configs)' },
  resolve: (config, path) => ({ kind: 'root-sum-squares', schedules: checkConfigList(at(path, 'schedules'), config.schedules) }),
  build(config, context) {
    const inputs = config.schedules.map((s, i) => context.buildSchedule(s, `${context.path}.schedules[${i}]`));
    return withConfig(rootSumSquaresOf(inputs), { kind: 'root-sum-squares', schedules: inputs.map((s) => s.config) });
  },
  changesAt: (config, changesOf) => changesOfAll(config.schedules, changesOf),
};

/** The `scale` schedule kind. */
export const scaleKind: ScheduleKindEntry<ScaleConfig, ScaleConfig, DescribedSchedule> = {
  description: 'a schedule multiplied by a constant factor',
  fields: { schedule: 'the schedule scaled (a schedule config)', factor: 'the factor (≥ 0)' },
  resolve: (config, path) => ({ kind: 'scale', schedule: config.schedule, factor: checkValue(at(path, 'factor'), config.factor) }),
  build(config, context) {
    const inner = context.buildSchedule(config.schedule, `${context.path}.schedule`);
    return withConfig(scaled(inner, config.factor), { kind: 'scale', schedule: inner.config, factor: config.factor });
  },
  changesAt: (config, changesOf) => changesOf(config.schedule),
};

/** The `power-of` schedule kind. */
export const powerOfKind: ScheduleKindEntry<PowerOfConfig, PowerOfConfig, DescribedSchedule> = {
  description: 'coefficient · schedule(step)^power, e.g. a noise level tied to the learning rate',
  fields: {
    schedule: 'the base schedule (a schedule config; often the learning rate)',
    coefficient: 'the multiplier c (≥ 0)',
    power: 'the exponent p (finite)',
  },
  resolve: (config, path) => ({
    kind: 'power-of',
    schedule: config.schedule,
    coefficient: checkValue(at(path, 'coefficient'), config.coefficient),
    power: checkFinite(at(path, 'power'), config.power),
  }),
  build(config, context) {
    const inner = context.buildSchedule(config.schedule, `${context.path}.schedule`);
    const { coefficient, power } = config;
    return withConfig(powered(inner, coefficient, power), { kind: 'power-of', schedule: inner.config, coefficient, power });
  },
  changesAt: (config, changesOf) => changesOf(config.schedule),
};
