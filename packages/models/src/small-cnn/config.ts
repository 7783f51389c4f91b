/**
 * The config of a small plain CNN for the fastest CPU runs (e.g. patched Fashion-MNIST): a few
 * conv3×3 → BN → ReLU layers, the first at stride 1 and the others at stride 2, then global
 * average pooling and a dense classifier. Its batch norm and noise sites follow the WideResNet's
 * conventions, so every experiment that runs on a WideResNet also runs on it.
 */
import { ConfigError, checkInteger, checkNumber, type FieldsOf } from '@lrlab/core';
import { checkFields, checkImageShape, checkNumClasses } from '../config-checks';
import { resolveBatchNormSettings, type BatchNormConfig, type BatchNormSettings } from '../layers/batch-norm';

/**
 * The small CNN's config. Defaults: 28×28×1 input (Fashion-MNIST), 10 classes, channels
 * [16, 32, 64], no dropout, batch norm with momentum 0.1 and epsilon 1e-5.
 *
 * @example
 * ```ts
 * const fast: SmallCnnConfig = { kind: 'small-cnn', channels: [8, 16] };
 * ```
 */
export interface SmallCnnConfig {
  /** Discriminator. */
  readonly kind: 'small-cnn';
  /** One image, `[height, width, channels]`; default `[28, 28, 1]`. */
  readonly inputShape?: readonly [number, number, number];
  /** Number of classes; default 10. Two classes give one logit and the logistic loss. */
  readonly numClasses?: number;
  /** Output channels of each conv layer (the first at stride 1, the rest at stride 2); default [16, 32, 64]. */
  readonly channels?: readonly number[];
  /** Dropout rate after every conv layer but the last, in [0, 1); default 0. */
  readonly dropout?: number;
  /** Batch-norm momentum and epsilon. */
  readonly batchNorm?: BatchNormConfig;
}

/** {@link SmallCnnConfig} with every default filled in. */
export interface ResolvedSmallCnnConfig {
  /** Discriminator. */
  readonly kind: 'small-cnn';
  /** One image, `[height, width, channels]`. */
  readonly inputShape: readonly [number, number, number];
  /** Number of classes. */
  readonly numClasses: number;
  /** Output channels of each conv layer. */
  readonly channels: readonly number[];
  /** Dropout rate after every conv layer but the last. */
  readonly dropout: number;
  /** Batch-norm momentum and epsilon. */
  readonly batchNorm: BatchNormSettings;
}

/** Every field of {@link SmallCnnConfig}, described: the kind's schema (and the fields its resolver accepts). */
export const SMALL_CNN_FIELDS: FieldsOf<SmallCnnConfig> = Object.freeze({
  inputShape: 'one image, [height, width, channels] (default [28, 28, 1]); filled from the data when absent',
  numClasses: 'number of classes (default 10); 2 gives one logit and the logistic loss',
  channels: 'output channels of each conv layer, the first at stride 1 and the rest at stride 2 (default [16, 32, 64])',
  dropout: 'dropout rate after every conv layer but the last, in [0, 1) (default 0)',
  batchNorm: '{ momentum?, epsilon? } of every batch norm (default 0.1 and 1e-5)',
});

/**
 * Validates a small-CNN config and fills in its defaults.
 *
 * @param config - the config
 * @param field - its path in error messages
 * @returns the resolved config
 * @throws ConfigError naming the first invalid field
 */
export function resolveSmallCnnConfig(config: SmallCnnConfig, field = 'model'): ResolvedSmallCnnConfig {
  const c = checkFields(field, config, ['kind', ...Object.keys(SMALL_CNN_FIELDS)]);
  const channels = c['channels'] ?? [16, 32, 64];
  if (!Array.isArray(channels) || channels.length === 0) {
    throw new ConfigError(`${field}.channels`, channels, 'a non-empty array of channel counts, e.g. [16, 32, 64]');
  }
  return {
    kind: 'small-cnn',
    inputShape: checkImageShape(`${field}.inputShape`, c['inputShape'] ?? [28, 28, 1]),
    numClasses: checkNumClasses(`${field}.numClasses`, c['numClasses'] ?? 10),
    channels: channels.map((n, i) => checkInteger(`${field}.channels[${i}]`, n, { min: 1 })),
    dropout: checkNumber(`${field}.dropout`, c['dropout'] ?? 0, { min: 0, max: 1, maxExclusive: true }),
    batchNorm: resolveBatchNormSettings(`${field}.batchNorm`, c['batchNorm']),
  };
}
