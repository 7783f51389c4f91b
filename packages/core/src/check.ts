/**
 * Argument checks for validating factories: each takes the field's name (a dotted path) and the
 * value, returns the value narrowed to its type when it is valid, and throws a
 * {@link ConfigError} naming the field and the value when it is not.
 *
 * @example
 * ```ts
 * const batchSize = checkInteger('batchSize', config.batchSize, { min: 1 });
 * ```
 */
import { ConfigError } from './errors';

/**
 * Requires a finite number (not NaN, not ±Infinity, not a numeric string).
 *
 * @param field - dotted path of the field, used in the error message
 * @param value - the value to check
 * @returns the value as a number
 */
export function checkFinite(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ConfigError(field, value, 'a finite number');
  }
  return value;
}

/** Bounds for {@link checkNumber} and {@link checkInteger}; each bound is inclusive unless marked exclusive. */
export interface NumberBounds {
  /** Smallest allowed value. */
  readonly min?: number;
  /** Largest allowed value. */
  readonly max?: number;
  /** When true, `min` itself is not allowed. */
  readonly minExclusive?: boolean;
  /** When true, `max` itself is not allowed. */
  readonly maxExclusive?: boolean;
}

function describeBounds(kind: string, bounds: NumberBounds): string {
  const parts: string[] = [];
  if (bounds.min !== undefined) parts.push(`${bounds.minExclusive ? '>' : '>='} ${bounds.min}`);
  if (bounds.max !== undefined) parts.push(`${bounds.maxExclusive ? '<' : '<='} ${bounds.max}`);
  return parts.length === 0 ? kind : `${kind} ${parts.join(' and ')}`;
}

function withinBounds(value: number, bounds: NumberBounds): boolean {
  const { min, max } = bounds;
  if (min !== undefined && (bounds.minExclusive ? value <= min : value < min)) return false;
  if (max !== undefined && (bounds.maxExclusive ? value >= max : value > max)) return false;
  return true;
}

/**
 * Requires a finite number within optional bounds.
 *
 * @param field - dotted path of the field
 * @param value - the value to check
 * @param bounds - optional inclusive/exclusive bounds
 * @returns the value as a number
 */
export function checkNumber(field: string, value: unknown, bounds: NumberBounds = {}): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !withinBounds(value, bounds)) {
    throw new ConfigError(field, value, describeBounds('a finite number', bounds));
  }
  return value;
}

/**
 * Requires a finite number > 0 (a learning rate, a scale, a standard deviation that may not vanish).
 *
 * @param field - dotted path of the field
 * @param value - the value to check
 * @returns the value as a number
 */
export function checkPositive(field: string, value: unknown): number {
  return checkNumber(field, value, { min: 0, minExclusive: true });
}

/**
 * Requires a finite number ≥ 0 (a noise level, a weight decay).
 *
 * @param field - dotted path of the field
 * @param value - the value to check
 * @returns the value as a number
 */
export function checkNonNegative(field: string, value: unknown): number {
  return checkNumber(field, value, { min: 0 });
}

/**
 * Requires a probability, a finite number in [0, 1].
 *
 * @param field - dotted path of the field
 * @param value - the value to check
 * @returns the value as a number
 */
export function checkProbability(field: string, value: unknown): number {
  return checkNumber(field, value, { min: 0, max: 1 });
}

/**
 * Requires a safe integer within optional bounds.
 *
 * @param field - dotted path of the field
 * @param value - the value to check
 * @param bounds - optional bounds
 * @returns the value as a number
 */
export function checkInteger(field: string, value: unknown, bounds: NumberBounds = {}): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || !withinBounds(value, bounds)) {
    throw new ConfigError(field, value, describeBounds('an integer', bounds));
  }
  return value;
}

/**
 * Requires one of a fixed set of string options.
 *
 * @param field - dotted path of the field
 * @param value - the value to check
 * @param options - the allowed values
 * @returns the value, narrowed to the union of `options`
 */
export function checkOneOf<T extends string>(field: string, value: unknown, options: readonly T[]): T {
  if (typeof value !== 'string' || !(options as readonly string[]).includes(value)) {
    throw new ConfigError(field, value, `one of ${options.map((o) => JSON.stringify(o)).join(', ')}`);
  }
  return value as T;
}

/**
 * Requires an array of finite numbers, each strictly greater than the one before
 * (schedule boundaries, milestones).
 *
 * @param field - dotted path of the field
 * @param value - the value to check
 * @returns the array, typed as numbers
 */
export function checkIncreasing(field: string, value: unknown): readonly number[] {
  if (!Array.isArray(value)) throw new ConfigError(field, value, 'an array of numbers');
  value.forEach((item, i) => checkFinite(`${field}[${i}]`, item));
  const numbers = value as number[];
  for (let i = 1; i < numbers.length; i++) {
    if (numbers[i]! <= numbers[i - 1]!) {
      throw new ConfigError(
        `${field}[${i}]`,
        numbers[i],
        `a value greater than ${field}[${i - 1}] = ${numbers[i - 1]} (the list must be strictly increasing)`,
        `Sort ${field} in increasing order and remove duplicates.`,
      );
    }
  }
  return numbers;
}

/**
 * Requires two arrays to have lengths that differ by exactly `offset` (`a.length + offset === b.length`),
 * e.g. n boundaries and n + 1 values.
 *
 * @param fieldA - name of the first array
 * @param a - the first array
 * @param fieldB - name of the second array
 * @param b - the second array
 * @param offset - how many more elements `b` must have than `a` (0 for equal lengths)
 */
export function checkLengths(fieldA: string, a: readonly unknown[], fieldB: string, b: readonly unknown[], offset = 0): void {
  if (a.length + offset !== b.length) {
    const relation = offset === 0 ? `as many elements as ${fieldA} (${a.length})` : `${fieldA}.length + ${offset} = ${a.length + offset} elements`;
    throw new ConfigError(`${fieldB}`, b, `an array with ${relation}`, `Give ${fieldB} exactly ${a.length + offset} elements.`);
  }
}
