/**
 * Checks shared by the model config resolvers: each names the offending field by its full path
 * and throws a `ConfigError`.
 */
import { ConfigError, checkInteger } from '@lrlab/core';

/** A config object seen as a record of unknown fields. */
export type Fields = Readonly<Record<string, unknown>>;

/**
 * Requires a plain object whose fields are all among `allowed` (a typo is worth reporting).
 *
 * @param field - the config's path, e.g. `model`
 * @param value - the config
 * @param allowed - the field names the config may have
 * @returns the config as a record
 */
export function checkFields(field: string, value: unknown, allowed: readonly string[]): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(field, value, 'an object');
  }
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      throw new ConfigError(`${field}.${key}`, (value as Fields)[key], `no such field (known: ${allowed.join(', ')})`, `Remove ${field}.${key} or fix its spelling.`);
    }
  }
  return value as Fields;
}

/**
 * Requires a boolean, or takes the default when the field is absent.
 *
 * @param field - dotted path of the field
 * @param value - the value, possibly undefined
 * @param fallback - the default
 * @returns the boolean
 */
export function checkBoolean(field: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new ConfigError(field, value, 'true or false');
  return value;
}

/**
 * Requires the shape of one image, `[height, width, channels]`, each a positive integer.
 *
 * @param field - dotted path of the field
 * @param value - the value to check
 * @returns the shape as a tuple
 */
export function checkImageShape(field: string, value: unknown): [number, number, number] {
  if (!Array.isArray(value) || value.length !== 3) {
    throw new ConfigError(field, value, '[height, width, channels], e.g. [32, 32, 3] or [28, 28, 1]');
  }
  return value.map((d, i) => checkInteger(`${field}[${i}]`, d, { min: 1 })) as [number, number, number];
}

/**
 * Requires a number of classes (an integer ≥ 2) and returns it with the number of logits it
 * implies: one logit for two classes, k logits otherwise.
 *
 * @param field - dotted path of the field
 * @param value - the value to check
 * @returns the number of classes
 */
export function checkNumClasses(field: string, value: unknown): number {
  return checkInteger(field, value, { min: 2 });
}

/**
 * The number of logits for a number of classes: 1 (a scalar logit, logistic loss) for two
 * classes, k (softmax cross-entropy) for k > 2.
 *
 * @param numClasses - the number of classes, ≥ 2
 * @returns the number of logits
 */
export function outputUnitsFor(numClasses: number): number {
  return numClasses === 2 ? 1 : numClasses;
}
