/**
 * The synthetic two-pattern data (SPEC §1), the paper's theory setting: x = (x1, x2) with
 *
 * - pattern A, x1 ∈ R^d1: x1 = y·γ·e1 + σ·ξ, ξ ~ N(0, I) — linearly separable with a margin,
 *   high-dimensional and noisy (easy to fit, hard to generalize);
 * - pattern B, x2 ∈ R^d2: fixed z = ‖z‖·e1 and ζ = ‖ζ‖·e2 ⟂ z, a random scale α = ±U[αmin, αmax];
 *   y = −1 (label 0): x2 = α·z; y = +1 (label 1): x2 = α·(z ± ζ) with a random sign — low-noise
 *   and clustered but not linearly separable (hard to fit, easy to generalize).
 *
 * Groups: `a-only` (x2 = 0), `b-only` (x1 = 0), `both`. Labels: y = −1 is stored as label 0 and
 * y = +1 as label 1. Within each group the labels are balanced exactly (an odd count gives the
 * extra example a random label), and the training set is shuffled so groups are interleaved.
 */
import { Prng, SYNTHETIC_GROUPS, checkSeed, deriveSeed, fillNormal, permutation, sign, uniform, type Seed } from '@lrlab/core';
import { createDataset, type LabeledDataset } from '../dataset';
import { resolveTwoPatternConfig, type ResolvedTwoPatternConfig, type TwoPatternConfig } from './config';

/** One of the synthetic groups. */
export type SyntheticGroup = (typeof SYNTHETIC_GROUPS)[number];

/** The generated data: a training set and one test set per group. */
export interface TwoPatternData {
  /** The resolved config the data were drawn from. */
  readonly config: ResolvedTwoPatternConfig;
  /** N training examples, groups interleaved, features `[d1 + d2]` (x1 first, then x2). */
  readonly train: LabeledDataset;
  /** `testPerGroup` test examples of each group. */
  readonly test: Readonly<Record<SyntheticGroup, LabeledDataset>>;
}

const A_ONLY = 0;
const B_ONLY = 1;
const BOTH = 2;

/**
 * The number of training examples of each group: fractions rounded, remainder to `both`.
 *
 * @param config - a resolved config
 * @returns counts for a-only, b-only and both, summing to trainSize
 * @throws ConfigError for a config that does not resolve
 */
export function syntheticGroupSizes(config: ResolvedTwoPatternConfig): Record<SyntheticGroup, number> {
  // Resolving a resolved config returns it unchanged; anything else is checked.
  const { groupFractions, trainSize } = resolveTwoPatternConfig(config, 'config');
  const aOnly = Math.round(groupFractions['a-only'] * trainSize);
  const bOnly = Math.min(trainSize - aOnly, Math.round(groupFractions['b-only'] * trainSize));
  return { 'a-only': aOnly, 'b-only': bOnly, both: trainSize - aOnly - bOnly };
}

/**
 * Draws the two-pattern data from a seed.
 *
 * Seeds: the training set from `deriveSeed(seed, 'synthetic', 'train')`, each test set from
 * `deriveSeed(seed, 'synthetic', 'test', group)`, so changing `testPerGroup` never changes the
 * training set.
 *
 * @param config - a partial config (default: SPEC §1's starting regime, variant `spec`)
 * @param seed - the data seed
 * @returns the training set and per-group test sets
 * @throws ConfigError for a bad config or seed
 * @example
 * ```ts
 * const { train, test } = generateTwoPattern({ variant: 'small' }, 7);
 * train.size; // 250
 * test['a-only'].size; // 1000
 * ```
 */
export function generateTwoPattern(config: TwoPatternConfig, seed: Seed): TwoPatternData {
  const resolved = resolveTwoPatternConfig(config);
  checkSeed('seed', seed);
  const sizes = syntheticGroupSizes(resolved);
  const trainGroups = new Uint8Array(resolved.trainSize);
  trainGroups.fill(A_ONLY, 0, sizes['a-only']);
  trainGroups.fill(B_ONLY, sizes['a-only'], sizes['a-only'] + sizes['b-only']);
  trainGroups.fill(BOTH, sizes['a-only'] + sizes['b-only']);
  const train = drawSet(resolved, trainGroups, Prng.fromSeed(deriveSeed(seed, 'synthetic', 'train')), 'synthetic/train', true);
  const test = Object.fromEntries(
    SYNTHETIC_GROUPS.map((group, g) => {
      const groups = new Uint8Array(resolved.testPerGroup).fill(g);
      const rng = Prng.fromSeed(deriveSeed(seed, 'synthetic', 'test', group));
      return [group, drawSet(resolved, groups, rng, `synthetic/test/${group}`, false)];
    }),
  ) as Record<SyntheticGroup, LabeledDataset>;
  return Object.freeze({ config: resolved, train, test: Object.freeze(test) });
}

/** Balanced labels for each group's examples, then (optionally) a shuffle of the whole set. */
function drawSet(config: ResolvedTwoPatternConfig, groupsInOrder: Uint8Array, rng: Prng, name: string, shuffle: boolean): LabeledDataset {
  const n = groupsInOrder.length;
  const labelsInOrder = new Int32Array(n);
  let start = 0;
  while (start < n) {
    let end = start;
    while (end < n && groupsInOrder[end] === groupsInOrder[start]) end++;
    const count = end - start;
    const positives = Math.floor(count / 2) + (count % 2 === 1 && rng.nextFloat() < 0.5 ? 1 : 0);
    labelsInOrder.fill(1, start, start + positives);
    start = end;
  }
  const order = shuffle ? permutation(rng, n) : Int32Array.from({ length: n }, (_, i) => i);
  const groups = new Uint8Array(n);
  const labels = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    groups[k] = groupsInOrder[order[k]!]!;
    labels[k] = labelsInOrder[order[k]!]!;
  }
  const { d1, d2 } = config;
  const width = d1 + d2;
  const features = new Float32Array(n * width);
  for (let k = 0; k < n; k++) {
    const y = labels[k] === 1 ? 1 : -1;
    const row = features.subarray(k * width, (k + 1) * width);
    if (groups[k] !== B_ONLY) {
      const x1 = fillNormal(rng, row.subarray(0, d1), 0, config.sigma);
      x1[0] = x1[0]! + y * config.gamma;
    }
    if (groups[k] !== A_ONLY) {
      const magnitude = uniform(rng, config.alphaMin, config.alphaMax);
      const alpha = config.alphaSign === 'random' ? sign(rng) * magnitude : magnitude;
      row[d1] = alpha * config.zNorm; // α·z, z = ‖z‖·e1
      if (y === 1) row[d1 + 1] = alpha * sign(rng) * config.zetaNorm; // + α·(±ζ), ζ = ‖ζ‖·e2
    }
  }
  return createDataset({
    name,
    features,
    exampleShape: [width],
    labels,
    groups,
    groupNames: SYNTHETIC_GROUPS,
    numClasses: 2,
    classNames: ['y=-1', 'y=+1'],
  });
}
