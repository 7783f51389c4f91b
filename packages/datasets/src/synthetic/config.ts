/**
 * The configuration of the synthetic two-pattern data (SPEC §1): the named variants and how a
 * partial config resolves to every constant.
 */
import { ConfigError, checkInteger, checkNonNegative, checkNumber, checkOneOf, checkPositive } from '@lrlab/core';

/** The most float32 values a synthetic dataset may hold (train + test sets): 2^29, 2 GiB. */
export const MAX_SYNTHETIC_FLOATS = 2 ** 29;

/** The named variants: the SPEC's starting regime and two smaller ones for fast CPU runs. */
export const SYNTHETIC_VARIANTS = ['spec', 'small', 'tiny'] as const;

/** A named variant of the synthetic data; see {@link SYNTHETIC_VARIANT_SIZES}. */
export type SyntheticVariant = (typeof SYNTHETIC_VARIANTS)[number];

/** The sizes that distinguish the variants; every other constant is shared. */
export interface SyntheticVariantSizes {
  /** Dimension d1 of pattern A. */
  readonly d1: number;
  /** Training examples N. */
  readonly trainSize: number;
  /** Test examples per group. */
  readonly testPerGroup: number;
}

/**
 * The variants. Each keeps what drives the effect: d1 is 10× the number of A-only training examples
 * (0.2·N), the per-direction signal-to-noise ratio γ/σ is 1.5 and ‖σξ‖ ≈ 0.5 (σ = 0.5/√d1), and B's
 * geometry is unchanged.
 *
 * - `spec`: SPEC §1's starting regime, d1 = 2000, N = 1000 (200/200/600), 2000 test examples per group.
 * - `small`: d1 = 500, N = 250 (50/50/150), 1000 per group; about 16× cheaper per epoch.
 * - `tiny`: d1 = 100, N = 50 (10/10/30), 100 per group; for unit tests.
 */
export const SYNTHETIC_VARIANT_SIZES: Readonly<Record<SyntheticVariant, SyntheticVariantSizes>> = Object.freeze({
  spec: Object.freeze({ d1: 2000, trainSize: 1000, testPerGroup: 2000 }),
  small: Object.freeze({ d1: 500, trainSize: 250, testPerGroup: 1000 }),
  tiny: Object.freeze({ d1: 100, trainSize: 50, testPerGroup: 100 }),
});

/** Fractions of the training set in each group; they must sum to 1. */
export interface GroupFractions {
  /** Pattern A only (x2 = 0). */
  readonly 'a-only': number;
  /** Pattern B only (x1 = 0). */
  readonly 'b-only': number;
  /** Both patterns. */
  readonly both: number;
}

/** How the scale α of pattern B is signed. */
export type AlphaSign = 'random' | 'positive';

/**
 * The JSON config of the two-pattern data. Every field is optional: `variant` (default `spec`)
 * sets d1, trainSize and testPerGroup; the rest default to SPEC §1's values.
 */
export interface TwoPatternConfig {
  /** The named variant that supplies d1, trainSize and testPerGroup; default `spec`. */
  readonly variant?: SyntheticVariant;
  /** Dimension of x1 (pattern A). */
  readonly d1?: number;
  /** Dimension of x2 (pattern B), at least 2; default 2. */
  readonly d2?: number;
  /** Training examples N. */
  readonly trainSize?: number;
  /** Group fractions; default 0.2 / 0.2 / 0.6. Counts are rounded, the remainder goes to `both`. */
  readonly groupFractions?: GroupFractions;
  /** Test examples per group. */
  readonly testPerGroup?: number;
  /** Noise σ of x1 = y·γ·e1 + σ·ξ; default 0.5/√d1. */
  readonly sigma?: number;
  /** Margin γ of pattern A; default 1.5·σ. */
  readonly gamma?: number;
  /** ‖z‖, with z = ‖z‖·e1 in R^d2; default 3. */
  readonly zNorm?: number;
  /** ‖ζ‖, with ζ = ‖ζ‖·e2 ⟂ z; default 3. */
  readonly zetaNorm?: number;
  /** Smallest |α|; default 0.5. */
  readonly alphaMin?: number;
  /** Largest |α|; default 1. */
  readonly alphaMax?: number;
  /** `random` (default): α = ±U[alphaMin, alphaMax], rays on both sides of the origin; `positive`: α > 0 only. */
  readonly alphaSign?: AlphaSign;
}

/** A {@link TwoPatternConfig} with every constant filled in (what a run saves). */
export type ResolvedTwoPatternConfig = Required<TwoPatternConfig>;

const FIELDS: readonly (keyof TwoPatternConfig)[] = [
  'variant',
  'd1',
  'd2',
  'trainSize',
  'groupFractions',
  'testPerGroup',
  'sigma',
  'gamma',
  'zNorm',
  'zetaNorm',
  'alphaMin',
  'alphaMax',
  'alphaSign',
];

/**
 * Fills in and checks a two-pattern config.
 *
 * @param config - a partial config
 * @param field - the config's path, for error messages
 * @returns the resolved config
 * @throws ConfigError naming the bad field
 * @example
 * ```ts
 * resolveTwoPatternConfig({ variant: 'small' }).sigma; // 0.5 / Math.sqrt(500)
 * ```
 */
export function resolveTwoPatternConfig(config: TwoPatternConfig = {}, field = 'data'): ResolvedTwoPatternConfig {
  if (typeof config !== 'object' || config === null) throw new ConfigError(field, config, 'an object');
  for (const key of Object.keys(config)) {
    if (!(FIELDS as readonly string[]).includes(key)) {
      throw new ConfigError(`${field}.${key}`, (config as Record<string, unknown>)[key], `no such option (one of ${FIELDS.join(', ')})`, `Remove ${field}.${key}.`);
    }
  }
  const variant = checkOneOf(`${field}.variant`, config.variant ?? 'spec', SYNTHETIC_VARIANTS);
  const sizes = SYNTHETIC_VARIANT_SIZES[variant];
  const d1 = checkInteger(`${field}.d1`, config.d1 ?? sizes.d1, { min: 1 });
  const d2 = checkInteger(`${field}.d2`, config.d2 ?? 2, { min: 2 });
  const trainSize = checkInteger(`${field}.trainSize`, config.trainSize ?? sizes.trainSize, { min: 1 });
  const testPerGroup = checkInteger(`${field}.testPerGroup`, config.testPerGroup ?? sizes.testPerGroup, { min: 1 });
  // All examples live in memory as float32: refuse sizes that cannot fit before allocating them.
  const floats = (trainSize + 3 * testPerGroup) * (d1 + d2);
  if (floats > MAX_SYNTHETIC_FLOATS) {
    throw new ConfigError(
      `${field}.d1`,
      d1,
      `(trainSize + 3·testPerGroup) · (d1 + d2) ≤ ${MAX_SYNTHETIC_FLOATS} floats (here ${floats})`,
      `Lower ${field}.d1, ${field}.trainSize or ${field}.testPerGroup: the data must fit in memory (4 bytes per value).`,
    );
  }
  const sigma = checkNonNegative(`${field}.sigma`, config.sigma ?? 0.5 / Math.sqrt(d1));
  const gamma = checkNonNegative(`${field}.gamma`, config.gamma ?? 1.5 * sigma);
  const fractions = config.groupFractions ?? { 'a-only': 0.2, 'b-only': 0.2, both: 0.6 };
  const groupFractions: GroupFractions = {
    'a-only': checkNumber(`${field}.groupFractions.a-only`, fractions['a-only'], { min: 0, max: 1 }),
    'b-only': checkNumber(`${field}.groupFractions.b-only`, fractions['b-only'], { min: 0, max: 1 }),
    both: checkNumber(`${field}.groupFractions.both`, fractions.both, { min: 0, max: 1 }),
  };
  const total = groupFractions['a-only'] + groupFractions['b-only'] + groupFractions.both;
  if (Math.abs(total - 1) > 1e-9) {
    throw new ConfigError(`${field}.groupFractions`, fractions, 'fractions that sum to 1');
  }
  const alphaMin = checkPositive(`${field}.alphaMin`, config.alphaMin ?? 0.5);
  const alphaMax = checkNumber(`${field}.alphaMax`, config.alphaMax ?? 1, { min: alphaMin });
  return Object.freeze({
    variant,
    d1,
    d2,
    trainSize,
    groupFractions: Object.freeze(groupFractions),
    testPerGroup,
    sigma,
    gamma,
    zNorm: checkNonNegative(`${field}.zNorm`, config.zNorm ?? 3),
    zetaNorm: checkNonNegative(`${field}.zetaNorm`, config.zetaNorm ?? 3),
    alphaMin,
    alphaMax,
    alphaSign: checkOneOf(`${field}.alphaSign`, config.alphaSign ?? 'random', ['random', 'positive'] as const),
  });
}
