/**
 * What an optimizer kind is: an entry of core's one registry shape (`KindEntry`) whose `resolve`
 * fills in the update rule's default hyperparameters and whose `build` makes the tfjs optimizer.
 * The learning rate is not part of the config: it is a schedule, given to `bindOptimizer`.
 */
import type * as tf from '@tensorflow/tfjs';
import { ConfigError, checkNumber, type KindConfig, type KindEntry } from '@lrlab/core';

/** What building an optimizer needs besides its config. */
export interface OptimizerBuildContext {
  /** The initial learning rate (≥ 0); a binding sets it before every step from its schedule. */
  readonly learningRate: number;
}

/**
 * One optimizer kind.
 *
 * @typeParam Config - its JSON config (with `kind`); omitted fields take their defaults
 * @typeParam Resolved - the config with every default filled in: what runs save
 */
export type OptimizerKindEntry<Config extends KindConfig = KindConfig, Resolved extends Config = Config> = KindEntry<Config, Resolved, tf.Optimizer, OptimizerBuildContext>;

/** A decay rate or momentum: [0, 1), because 1 would never forget and diverge. */
export function checkRate(field: string, value: unknown): number {
  return checkNumber(field, value, { min: 0, max: 1, maxExclusive: true });
}

/** A boolean flag. */
export function checkBoolean(field: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new ConfigError(field, value, 'true or false');
  return value;
}

/** A field's value, or its default when it is absent (`undefined`; `null` is a value, and invalid). */
export function orDefault<T>(value: T | undefined, fallback: T): T {
  return value === undefined ? fallback : value;
}
