/**
 * Small argument checks this package's public functions and dataset kinds share: an options
 * object, its known fields, a boolean, a non-empty string, a function. Each throws core's
 * ConfigError naming the field, so a wrong call never ends in a raw TypeError.
 */
import { ConfigError, checkOneOf } from '@lrlab/core';

/**
 * Checks that a value is a plain object (not null, not an array) and returns it as a record.
 *
 * @param value - the value
 * @param path - its path, for errors
 * @param expected - what it must be, for errors
 * @returns the object
 * @throws ConfigError when it is not an object
 */
export function objectOf(value: unknown, path: string, expected: string): Readonly<Record<string, unknown>> {
  if (!isRecord(value)) throw new ConfigError(path, value, expected);
  return value;
}

/**
 * Whether a value is a plain object (not null, not an array), whose fields can be read.
 *
 * @param value - the value
 * @returns true for an object
 */
export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Refuses fields other than `allowed` (a typo).
 *
 * @param value - a nested options object
 * @param allowed - its fields
 * @param path - its path, for errors
 * @throws ConfigError naming `path.<field>` for the first unknown field
 */
export function checkKnownFields(value: Readonly<Record<string, unknown>>, allowed: readonly string[], path: string): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      throw new ConfigError(`${path}.${key}`, value[key], `no such option (one of ${allowed.join(', ')})`, `Remove or rename ${path}.${key}.`);
    }
  }
}

/**
 * Checks a boolean.
 *
 * @param path - the field's path
 * @param value - the value
 * @returns the value
 * @throws ConfigError unless it is true or false
 */
export function checkBoolean(path: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new ConfigError(path, value, 'true or false');
  return value;
}

/**
 * Checks a non-empty string.
 *
 * @param path - the field's path
 * @param value - the value
 * @returns the value
 * @throws ConfigError unless it is a non-empty string
 */
export function checkString(path: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') throw new ConfigError(path, value, 'a non-empty string');
  return value;
}

/**
 * Checks a data split name.
 *
 * @param field - the argument's name
 * @param value - the value
 * @returns `train` or `test`
 * @throws ConfigError for anything else
 */
export function checkSplit(field: string, value: unknown): 'train' | 'test' {
  return checkOneOf(field, value, ['train', 'test'] as const);
}

/**
 * Checks an optional options object: `undefined` gives `{}`.
 *
 * @param field - the argument's name
 * @param value - the value
 * @param expected - what it must be, for errors, e.g. `{ batchSize, seed, ... }`
 * @returns the object, or `{}`
 * @throws ConfigError unless it is undefined or an object
 */
export function optionsOf(field: string, value: unknown, expected: string): Readonly<Record<string, unknown>> {
  return value === undefined ? {} : objectOf(value, field, expected);
}

/**
 * Checks a function argument.
 *
 * @param field - the argument's name
 * @param value - the value
 * @param expected - what it must be, for errors
 * @throws ConfigError unless it is a function
 */
export function checkFunction(field: string, value: unknown, expected: string): void {
  if (typeof value !== 'function') throw new ConfigError(field, value, expected);
}
