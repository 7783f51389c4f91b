import { ConfigError, checkNumber, formatValue, type Schedule } from '@lrlab/core';

/**
 * Checks a schedule value (a learning rate, a noise σ, a momentum): finite and ≥ 0.
 * Internal to the factories.
 */
export function checkValue(field: string, value: unknown): number {
  return checkNumber(field, value, { min: 0 });
}

/**
 * Checks an argument that must be a schedule (a function of the step), so a number passed where a
 * schedule belongs fails at the call, naming the field and the way to make one.
 */
export function checkScheduleArgument(field: string, value: unknown): Schedule {
  if (typeof value !== 'function') {
    const hint = typeof value === 'number' ? `Wrap a constant as constant(${formatValue(value)}).` : 'Build one with a factory such as constant, multiStep or cosineDecay.';
    throw new ConfigError(field, value, 'a schedule (a function of the step)', hint);
  }
  return value as Schedule;
}

/** Checks a step count: a finite number > 0 (fractional counts are allowed, as in PyTorch's OneCycleLR). */
export function checkSteps(field: string, value: unknown): number {
  return checkNumber(field, value, { min: 0, minExclusive: true });
}

/**
 * The path of a field inside a config at `path`, for errors: `at('lr', 'steps')` is `lr.steps`,
 * `at('lr', 'values[1]')` is `lr.values[1]`. A factory called directly resolves at path `''`,
 * so its errors name the bare field (`steps`), as its options do.
 */
export function at(path: string, field: string): string {
  return path === '' ? field : `${path}.${field}`;
}

/**
 * Checks a list of nested schedule configs: a non-empty array. Each config is checked when it is
 * built, through the registry of the build context.
 */
export function checkConfigList<Config>(field: string, value: readonly Config[]): readonly Config[] {
  if (!Array.isArray(value) || value.length === 0) throw new ConfigError(field, value, 'a non-empty array of schedule configs');
  return [...value];
}
