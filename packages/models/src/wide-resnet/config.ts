/**
 * The config of a pre-activation WideResNet-d-k (Zagoruyko & Komodakis 2016), as the paper's
 * reference implementation builds it.
 */
import { ConfigError, checkInteger, checkNumber, type FieldsOf } from '@lrlab/core';
import { checkFields, checkImageShape, checkNumClasses } from '../config-checks';
import { resolveBatchNormSettings, type BatchNormConfig, type BatchNormSettings } from '../layers/batch-norm';

/**
 * A WideResNet's config. Defaults: 32×32×3 input, 10 classes, no dropout, batch norm with
 * momentum 0.1 and epsilon 1e-5 (PyTorch's, as the reference).
 *
 * @example
 * ```ts
 * const paper: WideResNetConfig = { kind: 'wide-resnet', depth: 16, widthFactor: 10 }; // WRN-16-10
 * ```
 */
export interface WideResNetConfig {
  /** Discriminator. */
  readonly kind: 'wide-resnet';
  /** The depth d, with d ≡ 4 (mod 6): (d − 4)/6 blocks per group (16 → 2, 10 → 1, 28 → 4). */
  readonly depth: number;
  /** The width factor k: the groups have 16k, 32k and 64k channels. */
  readonly widthFactor: number;
  /** One image, `[height, width, channels]`; default `[32, 32, 3]`. */
  readonly inputShape?: readonly [number, number, number];
  /** Number of classes; default 10. Two classes give one logit and the logistic loss. */
  readonly numClasses?: number;
  /** Dropout rate between the two convolutions of each block, in [0, 1); default 0. */
  readonly dropout?: number;
  /** Batch-norm momentum and epsilon. */
  readonly batchNorm?: BatchNormConfig;
}

/** {@link WideResNetConfig} with every default filled in. */
export interface ResolvedWideResNetConfig {
  /** Discriminator. */
  readonly kind: 'wide-resnet';
  /** The depth d. */
  readonly depth: number;
  /** The width factor k. */
  readonly widthFactor: number;
  /** One image, `[height, width, channels]`. */
  readonly inputShape: readonly [number, number, number];
  /** Number of classes. */
  readonly numClasses: number;
  /** Dropout rate between the convolutions of each block. */
  readonly dropout: number;
  /** Batch-norm momentum and epsilon. */
  readonly batchNorm: BatchNormSettings;
}

/** Every field of {@link WideResNetConfig}, described: the kind's schema (and the fields its resolver accepts). */
export const WIDE_RESNET_FIELDS: FieldsOf<WideResNetConfig> = Object.freeze({
  depth: 'the depth d, with d ≡ 4 (mod 6): (d − 4)/6 blocks per group (16 → 2, 10 → 1, 28 → 4)',
  widthFactor: 'the width factor k: the groups have 16k, 32k and 64k channels',
  inputShape: 'one image, [height, width, channels] (default [32, 32, 3]); filled from the data when absent',
  numClasses: 'number of classes (default 10); 2 gives one logit and the logistic loss',
  dropout: 'dropout rate between the two convolutions of each block, in [0, 1) (default 0)',
  batchNorm: '{ momentum?, epsilon? } of every batch norm (default 0.1 and 1e-5, as PyTorch)',
});

/**
 * Validates a WideResNet config and fills in its defaults.
 *
 * @param config - the config
 * @param field - its path in error messages
 * @returns the resolved config
 * @throws ConfigError naming the first invalid field (e.g. a depth that is not 4 mod 6)
 */
export function resolveWideResNetConfig(config: WideResNetConfig, field = 'model'): ResolvedWideResNetConfig {
  const c = checkFields(field, config, ['kind', ...Object.keys(WIDE_RESNET_FIELDS)]);
  const depth = checkInteger(`${field}.depth`, c['depth'], { min: 10 });
  if ((depth - 4) % 6 !== 0) {
    throw new ConfigError(`${field}.depth`, depth, 'a depth d with d ≡ 4 (mod 6), e.g. 10, 16, 22, 28, 40', `Set ${field}.depth to 6·n + 4 for n blocks per group.`);
  }
  return {
    kind: 'wide-resnet',
    depth,
    widthFactor: checkInteger(`${field}.widthFactor`, c['widthFactor'], { min: 1 }),
    inputShape: checkImageShape(`${field}.inputShape`, c['inputShape'] ?? [32, 32, 3]),
    numClasses: checkNumClasses(`${field}.numClasses`, c['numClasses'] ?? 10),
    dropout: checkNumber(`${field}.dropout`, c['dropout'] ?? 0, { min: 0, max: 1, maxExclusive: true }),
    batchNorm: resolveBatchNormSettings(`${field}.batchNorm`, c['batchNorm']),
  };
}
