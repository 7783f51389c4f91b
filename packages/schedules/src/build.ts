/**
 * Rebuilds a schedule from its JSON config: the inverse of `schedule.config`. Validates as it
 * goes, and names the offending field by its full path (`learningRate.schedules[1].steps`).
 */
import { ConfigError } from '@lrlab/core';
import type { DescribedSchedule } from './schedule';
import type { ScheduleConfig } from './schedule-config';
import { product, powerOf, rootSumSquares, scale, sum } from './lr/combinators';
import { constant } from './lr/constant';
import { cosineDecay } from './lr/cosine';
import { cyclic } from './lr/cyclic';
import { perEpoch } from './lr/epochs';
import { exponentialDecay } from './lr/exponential';
import { inverseSqrt } from './lr/inverse-sqrt';
import { joinSchedules } from './lr/join';
import { linear } from './lr/linear';
import { multiStep } from './lr/multi-step';
import { piecewiseConstant } from './lr/piecewise';
import { polynomial } from './lr/polynomial';
import { stepDecay } from './lr/step-decay';

/** Every `kind` a {@link ScheduleConfig} may have. */

type Fields = Record<string, unknown>;

/** The fields each kind accepts besides `kind`; anything else is a typo worth reporting. */
const FIELDS: Readonly<Record<ScheduleConfig['kind'], readonly string[]>> = {
  constant: ['value'],
  'piecewise-constant': ['boundaries', 'values'],
  'multi-step': ['initialValue', 'milestones', 'gamma'],
  'step-decay': ['initialValue', 'stepSize', 'gamma'],
  'exponential-decay': ['initialValue', 'decayRate', 'decaySteps', 'staircase', 'finalValue'],
  linear: ['initialValue', 'finalValue', 'steps'],
  polynomial: ['initialValue', 'finalValue', 'steps', 'power'],
  'cosine-decay': ['initialValue', 'finalValue', 'steps'],
  cyclic: ['baseValue', 'maxValue', 'stepSizeUp', 'stepSizeDown', 'mode', 'gamma'],
  'inverse-sqrt': ['initialValue', 'timescale'],
  join: ['schedules', 'boundaries'],
  product: ['schedules'],
  sum: ['schedules'],
  scale: ['schedule', 'factor'],
  'power-of': ['schedule', 'coefficient', 'power'],
  'root-sum-squares': ['schedules'],
  'per-epoch': ['schedule', 'stepsPerEpoch'],
};

function nestedList(value: unknown, path: string): DescribedSchedule[] {
  if (!Array.isArray(value) || value.length === 0) throw new ConfigError(path, value, 'a non-empty array of schedule configs');
  return value.map((item, i) => buildSchedule(item, `${path}[${i}]`));
}

function buildKnown(c: Fields, path: string): DescribedSchedule {
  // Factories validate numbers and arrays; each one's own checks name the field.
  switch (c['kind'] as ScheduleConfig['kind']) {
    case 'constant':
      return constant(c['value'] as number);
    case 'piecewise-constant':
      return piecewiseConstant(c as never);
    case 'multi-step':
      return multiStep(c as never);
    case 'step-decay':
      return stepDecay(c as never);
    case 'exponential-decay':
      return exponentialDecay(c as never);
    case 'linear':
      return linear(c as never);
    case 'polynomial':
      return polynomial(c as never);
    case 'cosine-decay':
      return cosineDecay(c as never);
    case 'cyclic':
      return cyclic(c as never);
    case 'inverse-sqrt':
      return inverseSqrt(c as never);
    case 'join':
      return joinSchedules(nestedList(c['schedules'], `${path}.schedules`), c['boundaries'] as number[]) as DescribedSchedule;
    case 'product':
      return product(...nestedList(c['schedules'], `${path}.schedules`)) as DescribedSchedule;
    case 'sum':
      return sum(...nestedList(c['schedules'], `${path}.schedules`)) as DescribedSchedule;
    case 'root-sum-squares':
      return rootSumSquares(...nestedList(c['schedules'], `${path}.schedules`)) as DescribedSchedule;
    case 'scale':
      return scale(buildSchedule(c['schedule'], `${path}.schedule`), c['factor'] as number) as DescribedSchedule;
    case 'power-of':
      return powerOf(buildSchedule(c['schedule'], `${path}.schedule`), c as never) as DescribedSchedule;
    case 'per-epoch':
      return perEpoch(buildSchedule(c['schedule'], `${path}.schedule`), c['stepsPerEpoch'] as number) as DescribedSchedule;
  }
}

/**
 * Builds a schedule from its JSON config (as stored in a run record).
 *
 * @param config - a {@link ScheduleConfig}, typically parsed from JSON
 * @param path - the config's path, used to name fields in errors; default `schedule`
 * @returns the schedule, carrying `config`
 * @throws ConfigError naming the full path of the first invalid field
 * @example
 * ```ts
 * const lr = buildSchedule({ kind: 'multi-step', initialValue: 0.1, milestones: [29], gamma: 0.04 });
 * buildSchedule(JSON.parse(JSON.stringify(lr.config)))(29); // 0.004
 * ```
 */
export function buildSchedule(config: unknown, path = 'schedule'): DescribedSchedule {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new ConfigError(path, config, 'a schedule config object with a "kind" field');
  }
  const fields = config as Fields;
  if (!SCHEDULE_KINDS.includes(fields['kind'] as ScheduleConfig['kind'])) {
    throw new ConfigError(`${path}.kind`, fields['kind'], `one of ${SCHEDULE_KINDS.map((k) => JSON.stringify(k)).join(', ')}`);
  }
  const kind = fields['kind'] as ScheduleConfig['kind'];
  for (const key of Object.keys(fields)) {
    if (key !== 'kind' && !FIELDS[kind].includes(key)) {
      throw new ConfigError(`${path}.${key}`, fields[key], `no such field for kind "${kind}" (allowed: ${FIELDS[kind].join(', ')})`, `Remove or rename ${path}.${key}.`);
    }
  }
  try {
    return buildKnown(fields, path);
  } catch (error) {
    // Errors from nested builds already carry the full path; factory errors get this level's.
    if (error instanceof ConfigError && !error.field.startsWith(path)) throw error.withFieldPrefix(path);
    throw error;
  }
}

/** Every `kind` a {@link ScheduleConfig} may have. */
export const SCHEDULE_KINDS = Object.keys(FIELDS) as readonly ScheduleConfig['kind'][];
