/**
 * The JSON config of an optimizer: which update rule, and its hyperparameters other than the
 * learning rate (the learning rate is a schedule and is given to `bindOptimizer` on its own).
 *
 * Config flows one way: {@link resolveOptimizerConfig} validates a config once and fills in every
 * default, and the resolved config is what gets built and saved with a run.
 */
import { ConfigError, checkNumber, checkOneOf, checkPositive } from '@lrlab/core';

/** Every optimizer kind lrlab can build, bind and checkpoint. */
export const OPTIMIZER_KINDS = ['sgd', 'momentum', 'nesterov', 'adam', 'rmsprop'] as const;

/** The update rule of an optimizer: one of {@link OPTIMIZER_KINDS}. */
export type OptimizerKind = (typeof OPTIMIZER_KINDS)[number];

/** Plain SGD: w ← w − lr·g. */
export interface SgdConfig {
  /** The update rule. */
  readonly kind: 'sgd';
}

/**
 * SGD with heavy-ball (`momentum`) or Nesterov (`nesterov`) momentum, as PyTorch's `SGD` without
 * dampening: buf ← μ·buf + g, then w ← w − lr·buf (heavy ball) or w ← w − lr·(g + μ·buf) (Nesterov).
 */
export interface MomentumConfig {
  /** The update rule. */
  readonly kind: 'momentum' | 'nesterov';
  /** The momentum μ, in [0, 1); default 0.9. */
  readonly momentum?: number;
}

/**
 * Adam (Kingma & Ba, 2015) as tfjs implements it: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g²,
 * w ← w − lr·m̂ / (√v̂ + ε) with the bias-corrected m̂ = m / (1−β₁ᵗ), v̂ = v / (1−β₂ᵗ).
 * Decoupled weight decay turns it into AdamW.
 */
export interface AdamConfig {
  /** The update rule. */
  readonly kind: 'adam';
  /** Decay rate β₁ of the first moment, in [0, 1); default 0.9. */
  readonly beta1?: number;
  /** Decay rate β₂ of the second moment, in [0, 1); default 0.999. */
  readonly beta2?: number;
  /** ε added to √v̂, > 0; default 1e-8 (PyTorch's default; tfjs would use its backend epsilon, 1e-7). */
  readonly epsilon?: number;
}

/**
 * RMSProp as tfjs implements it: s ← ρs + (1−ρ)g², buf ← μ·buf + lr·g / √(s + ε), w ← w − buf
 * (centered: s is replaced by s − ḡ², with ḡ ← ρḡ + (1−ρ)g).
 *
 * Two differences from PyTorch's `RMSprop`: ε sits inside the square root, and the learning rate
 * is folded into the momentum buffer, so with μ > 0 a change of learning rate takes effect
 * gradually rather than at once.
 */
export interface RmspropConfig {
  /** The update rule. */
  readonly kind: 'rmsprop';
  /** Decay rate ρ of the mean square, in [0, 1); default 0.9 (tfjs and Keras; PyTorch uses 0.99). */
  readonly decay?: number;
  /** The momentum μ, in [0, 1); default 0. */
  readonly momentum?: number;
  /** ε added under the square root, > 0; default 1e-8. */
  readonly epsilon?: number;
  /** Whether to normalise by the centered second moment (an estimate of the variance); default false. */
  readonly centered?: boolean;
}

/** A JSON-serialisable optimizer config, discriminated by `kind`; omitted fields take their defaults. */
export type OptimizerConfig = SgdConfig | MomentumConfig | AdamConfig | RmspropConfig;


/** An {@link OptimizerConfig} after validation, with every default filled in: what runs save. */
export type ResolvedOptimizerConfig =
  | Required<SgdConfig>
  | Required<MomentumConfig>
  | Required<AdamConfig>
  | Required<RmspropConfig>;

// The defaults resolveOptimizerConfig fills in, by kind (each is also stated in its field's doc comment).
const DEFAULTS = {
  momentum: { momentum: 0.9 },
  nesterov: { momentum: 0.9 },
  adam: { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
  rmsprop: { decay: 0.9, momentum: 0, epsilon: 1e-8, centered: false },
} as const;

const FIELDS: Readonly<Record<OptimizerKind, readonly string[]>> = {
  sgd: ['kind'],
  momentum: ['kind', 'momentum'],
  nesterov: ['kind', 'momentum'],
  adam: ['kind', 'beta1', 'beta2', 'epsilon'],
  rmsprop: ['kind', 'decay', 'momentum', 'epsilon', 'centered'],
};

/** A decay rate or momentum: [0, 1), because 1 would never forget and diverge. */
function checkRate(field: string, value: unknown): number {
  return checkNumber(field, value, { min: 0, max: 1, maxExclusive: true });
}

function checkBoolean(field: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new ConfigError(field, value, 'true or false');
  return value;
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
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new ConfigError(field, config, `an object with a "kind" field (${OPTIMIZER_KINDS.join(', ')})`);
  }
  const kind = checkOneOf(`${field}.kind`, (config as { kind?: unknown }).kind, OPTIMIZER_KINDS);
  const raw = config as unknown as Readonly<Record<string, unknown>>;
  for (const key of Object.keys(raw)) {
    if (!FIELDS[kind].includes(key)) {
      const hint =
        key === 'learningRate'
          ? 'The learning rate is not part of the optimizer config: pass it (a number or a schedule) as bindOptimizer({ learningRate }).'
          : `Remove ${field}.${key}; a "${kind}" optimizer takes ${FIELDS[kind].map((k) => JSON.stringify(k)).join(', ')}.`;
      throw new ConfigError(`${field}.${key}`, raw[key], `no such field for kind "${kind}"`, hint);
    }
  }
  const pick = <T>(key: string, fallback: T): unknown => (raw[key] === undefined ? fallback : raw[key]);
  switch (kind) {
    case 'sgd':
      return { kind };
    case 'momentum':
    case 'nesterov':
      return { kind, momentum: checkRate(`${field}.momentum`, pick('momentum', DEFAULTS[kind].momentum)) };
    case 'adam': {
      const d = DEFAULTS.adam;
      return {
        kind,
        beta1: checkRate(`${field}.beta1`, pick('beta1', d.beta1)),
        beta2: checkRate(`${field}.beta2`, pick('beta2', d.beta2)),
        epsilon: checkPositive(`${field}.epsilon`, pick('epsilon', d.epsilon)),
      };
    }
    case 'rmsprop': {
      const d = DEFAULTS.rmsprop;
      return {
        kind,
        decay: checkRate(`${field}.decay`, pick('decay', d.decay)),
        momentum: checkRate(`${field}.momentum`, pick('momentum', d.momentum)),
        epsilon: checkPositive(`${field}.epsilon`, pick('epsilon', d.epsilon)),
        centered: checkBoolean(`${field}.centered`, pick('centered', d.centered)),
      };
    }
  }
}
