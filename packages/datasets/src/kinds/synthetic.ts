/**
 * The `synthetic` dataset kind: the two-pattern data of SPEC §1, drawn from the seed. Eval sets
 * `train` (the training set itself, for per-group train accuracy) and `test` (the three per-group
 * test sets, concatenated and tagged).
 */
import { SYNTHETIC_GROUPS, deriveSeed } from '@lrlab/core';
import { trainStream } from '../batching';
import { resolveTwoPatternConfig, type ResolvedTwoPatternConfig, type TwoPatternConfig } from '../synthetic/config';
import { generateTwoPattern, syntheticGroupSizes } from '../synthetic/two-pattern';
import { concatDatasets } from '../views';
import { objectOf } from '../checks';
import type { DatasetKindEntry } from './entry';

/** The synthetic two-pattern data (SPEC §1); every {@link TwoPatternConfig} field may be set. */
export interface SyntheticDatasetConfig extends TwoPatternConfig {
  /** Discriminator. */
  readonly kind: 'synthetic';
}

/** A resolved synthetic config. */
export interface ResolvedSyntheticDatasetConfig extends ResolvedTwoPatternConfig {
  /** Discriminator. */
  readonly kind: 'synthetic';
}

/** The `synthetic` kind (SPEC §1): batches of 50 unless set; data drawn from `deriveSeed(seed, 'data')`. */
export const SYNTHETIC_DATASET: DatasetKindEntry<SyntheticDatasetConfig, ResolvedSyntheticDatasetConfig> = Object.freeze<DatasetKindEntry<SyntheticDatasetConfig, ResolvedSyntheticDatasetConfig>>({
  description: 'the two-pattern data of SPEC §1: pattern A (high-dimensional, noisy, separable), pattern B (low-noise, clustered, not separable)',
  fields: Object.freeze({
    variant: 'the named variant that supplies d1, trainSize and testPerGroup: "spec" (default), "small" or "tiny"',
    d1: 'dimension of x1 (pattern A)',
    d2: 'dimension of x2 (pattern B), at least 2; default 2',
    trainSize: 'training examples N',
    groupFractions: 'fractions of the training set in a-only, b-only and both, summing to 1; default 0.2 / 0.2 / 0.6',
    testPerGroup: 'test examples per group',
    sigma: 'noise σ of x1 = y·γ·e1 + σ·ξ; default 0.5/√d1',
    gamma: 'margin γ of pattern A; default 1.5·σ',
    zNorm: '‖z‖ of pattern B; default 3',
    zetaNorm: '‖ζ‖ of pattern B, ζ ⟂ z; default 3',
    alphaMin: 'smallest scale |α| of pattern B; default 0.5',
    alphaMax: 'largest scale |α| of pattern B; default 1',
    alphaSign: '"random" (default): α = ±U[alphaMin, alphaMax]; "positive": α > 0 only',
  }),
  defaultBatchSize: 50,
  resolve: (config, path) => {
    objectOf(config, path, 'a synthetic dataset config');
    const { kind: _kind, ...pattern } = config;
    return { kind: 'synthetic', ...resolveTwoPatternConfig(pattern, path) };
  },
  exampleShape: (config) => [config.d1 + config.d2],
  numClasses: () => 2,
  evalSetNames: () => ['train', 'test'],
  trainGroupSizes: (config) => {
    const { kind: _kind, ...pattern } = config;
    return syntheticGroupSizes(pattern);
  },
  build: async (config, context) => {
    const { kind: _kind, ...pattern } = config;
    const data = generateTwoPattern(pattern, deriveSeed(context.seed, 'data'));
    const test = concatDatasets('synthetic/test', SYNTHETIC_GROUPS.map((group) => data.test[group]));
    const stream = trainStream(data.train, { batchSize: context.batchSize, dropLast: context.dropLast, seed: deriveSeed(context.seed, 'batches') });
    return Object.freeze({
      train: stream,
      evalSets: Object.freeze({ train: data.train, test }),
      numClasses: 2,
      exampleShape: data.train.exampleShape,
    });
  },
});
