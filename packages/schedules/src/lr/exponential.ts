import { ConfigError, type OptionsOf } from '@lrlab/core';
import { withConfig, type DescribedSchedule } from '../schedule';
import type { ScheduleKindEntry, WithDefaults } from './kind';
import { at, checkSteps, checkValue } from './values';

/** `exponentialDecay({ initialValue, decayRate, decaySteps, staircase, finalValue })` (optax). */
export interface ExponentialDecayConfig {
  /** Discriminator. */
  readonly kind: 'exponential-decay';
  /** The value at step 0. */
  readonly initialValue: number;
  /** The factor per `decaySteps` steps (< 1 decays, > 1 grows). */
  readonly decayRate: number;
  /** Steps over which the value is multiplied by `decayRate`; default 1. */
  readonly decaySteps?: number;
  /** Jump every `decaySteps` steps instead of decaying continuously; default false. */
  readonly staircase?: boolean;
  /** A bound the value never crosses (a floor when decaying, a ceiling when growing); none if omitted. */
  readonly finalValue?: number;
}

/** Options of {@link exponentialDecay}. */
export type ExponentialDecayOptions = OptionsOf<ExponentialDecayConfig>;

type Resolved = WithDefaults<ExponentialDecayConfig, 'decaySteps' | 'staircase'>;

function resolveExponentialDecay(config: ExponentialDecayConfig, path: string): Resolved {
  const initialValue = checkValue(at(path, 'initialValue'), config.initialValue);
  const decayRate = checkValue(at(path, 'decayRate'), config.decayRate);
  const decaySteps = checkSteps(at(path, 'decaySteps'), config.decaySteps ?? 1);
  const staircase = config.staircase ?? false;
  if (typeof staircase !== 'boolean') throw new ConfigError(at(path, 'staircase'), staircase, 'true or false');
  const resolved: Resolved = { kind: 'exponential-decay', initialValue, decayRate, decaySteps, staircase };
  return config.finalValue === undefined ? resolved : { ...resolved, finalValue: checkValue(at(path, 'finalValue'), config.finalValue) };
}

function makeExponentialDecay(config: Resolved): DescribedSchedule<Resolved> {
  const { initialValue, decayRate, decaySteps, staircase, finalValue } = config;
  const bound = finalValue === undefined ? undefined : decayRate < 1 ? Math.max : Math.min;
  return withConfig((step) => {
    const exponent = Math.max(0, step) / decaySteps;
    const value = initialValue * decayRate ** (staircase ? Math.floor(exponent) : exponent);
    return bound ? bound(value, finalValue!) : value;
  }, config);
}

/**
 * Exponential decay (optax `exponential_decay`, Keras `ExponentialDecay`, PyTorch `ExponentialLR`
 * with `decaySteps = 1`).
 *
 *   value(step) = initialValue · decayRate^(step / decaySteps)     (exponent floored if staircase)
 *
 * clipped at `finalValue` when given.
 *
 * @param options - initial value, rate, period, staircase and bound
 * @returns the schedule
 * @example
 * ```ts
 * const sigma = exponentialDecay({ initialValue: 0.4, decayRate: 0.9, staircase: true });
 * sigma(2); // 0.4 * 0.9 ** 2
 * ```
 */
export function exponentialDecay(options: ExponentialDecayOptions): DescribedSchedule<ExponentialDecayConfig> {
  return makeExponentialDecay(resolveExponentialDecay({ kind: 'exponential-decay', ...options }, ''));
}

/** The `exponential-decay` schedule kind (no `changesAt`: a staircase jumps without end). */
export const exponentialDecayKind: ScheduleKindEntry<ExponentialDecayConfig, Resolved, DescribedSchedule> = {
  description: 'initialValue · decayRate^(step / decaySteps), optionally in steps and bounded by finalValue',
  fields: {
    initialValue: 'the value at step 0 (≥ 0)',
    decayRate: 'the factor per decaySteps steps (≥ 0; < 1 decays, > 1 grows)',
    decaySteps: 'steps over which the value is multiplied by decayRate (> 0); default 1',
    staircase: 'jump every decaySteps steps instead of decaying continuously; default false',
    finalValue: 'a bound the value never crosses (a floor when decaying, a ceiling when growing); none if omitted',
  },
  resolve: resolveExponentialDecay,
  build: makeExponentialDecay,
};
