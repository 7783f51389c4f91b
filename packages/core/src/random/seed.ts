import { ConfigError } from '../errors';

/**
 * A seed: a non-negative safe integer (0 ≤ seed < 2^53).
 *
 * Root seeds come from the user; every other seed is made from one with {@link deriveSeed},
 * which never returns 0 (tfjs reads a seed of 0 as "unseeded", so we never hand it one).
 */
export type Seed = number;

/**
 * Checks that a value can be used as a seed.
 *
 * @param field - dotted path of the field, for the error message
 * @param value - the value to check
 * @returns the seed
 * @throws ConfigError when the value is not a non-negative safe integer
 */
export function checkSeed(field: string, value: unknown): Seed {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new ConfigError(field, value, `an integer seed between 0 and ${Number.MAX_SAFE_INTEGER}`);
  }
  return value;
}
