/**
 * The JSON config of an optimizer: which update rule, and its hyperparameters other than the
 * learning rate (the learning rate is a schedule and is given to `bindOptimizer` on its own).
 * Each kind is an entry of {@link OPTIMIZERS}, defined in its own file.
 *
 * Config flows one way: {@link resolveOptimizerConfig} validates a config once and fills in every
 * default, and the resolved config is what gets built and saved with a run.
 */
import { ConfigError, lookupKind, type Registry } from '@lrlab/core';
import { adamKind, type AdamConfig } from './adam';
import type { OptimizerKindEntry } from './kind';
import { heavyBallKind, nesterovKind, type MomentumConfig } from './momentum';
import { rmspropKind, type RmspropConfig } from './rmsprop';
import { sgdKind, type SgdConfig } from './sgd';

/** A JSON-serialisable optimizer config, discriminated by `kind`; omitted fields take their defaults. */
export type OptimizerConfig = SgdConfig | MomentumConfig | AdamConfig | RmspropConfig;

/** An {@link OptimizerConfig} after validation, with every default filled in: what runs save. */
export type ResolvedOptimizerConfig =
  | Required<SgdConfig>
  | Required<MomentumConfig>
  | Required<AdamConfig>
  | Required<RmspropConfig>;

/** Every built-in kind, checked at compile time against the {@link OptimizerConfig} union. */
const BUILT_IN = {
  sgd: sgdKind,
  momentum: heavyBallKind,
  nesterov: nesterovKind,
  adam: adamKind,
  rmsprop: rmspropKind,
} satisfies Record<OptimizerConfig['kind'], OptimizerKindEntry>;

/** The optimizer kinds lrlab can build, bind and checkpoint, by name: a plain frozen object of {@link OptimizerKindEntry}. */
export const OPTIMIZERS: Registry<OptimizerKindEntry> = Object.freeze(BUILT_IN);

/** Every optimizer kind lrlab can build, bind and checkpoint. */
export const OPTIMIZER_KINDS = ['sgd', 'momentum', 'nesterov', 'adam', 'rmsprop'] as const satisfies readonly OptimizerConfig['kind'][];

/** The update rule of an optimizer: one of {@link OPTIMIZER_KINDS}. */
export type OptimizerKind = (typeof OPTIMIZER_KINDS)[number];

/**
 * The entry of a config's kind after checking the config (an object, a known kind, no unknown
 * field), with the hint a misplaced learning rate deserves.
 */
function entryOf(config: unknown, field: string): OptimizerKindEntry {
  try {
    return lookupKind(OPTIMIZERS, config, field, 'an optimizer kind').entry;
  } catch (error) {
    if (error instanceof ConfigError && error.field === `${field}.learningRate`) {
      throw new ConfigError(
        error.field,
        error.value,
        error.expected,
        'The learning rate is not part of the optimizer config: pass it (a number or a schedule) as bindOptimizer({ learningRate }).',
      );
    }
    throw error;
  }
}

/**
 * Validates an optimizer config and fills in its defaults (stated on each field).
 *
 * Unknown fields are rejected rather than ignored, so `{ kind: 'sgd', momentum: 0.9 }` (SGD has no
 * momentum; use kind `momentum`) or a `learningRate` field (it belongs to `bindOptimizer`) fail loudly.
 *
 * @param config - the config, typically parsed from JSON
 * @param field - name of the config in error messages
 * @returns the config with every field present
 * @throws ConfigError naming the first invalid field and its value
 * @example
 * ```ts
 * resolveOptimizerConfig({ kind: 'nesterov' }); // { kind: 'nesterov', momentum: 0.9 }
 * ```
 */
export function resolveOptimizerConfig(config: OptimizerConfig, field = 'optimizer'): ResolvedOptimizerConfig {
  // The entry of a built-in kind resolves to that kind's resolved config.
  return entryOf(config, field).resolve(config, field) as ResolvedOptimizerConfig;
}
