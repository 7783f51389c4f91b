/**
 * Config resolution: parse and validate a {@link DatasetConfig}, fill in every default once, and
 * return the JSON a run saves (re-resolving a resolved config returns it unchanged).
 */
import { ConfigError, checkInteger, checkOneOf, checkProbability } from '@lrlab/core';
import { FASHION_MNIST_DEFAULT_DIR } from '../idx/mnist-like';
import { CIFAR10_MD5, CIFAR10_RECORDS_PER_FILE, CIFAR10_URL } from '../cifar10/read';
import { resolveTwoPatternConfig } from '../synthetic/config';
import {
  CIFAR10_NORMALIZATION,
  FASHION_MNIST_NORMALIZATION,
  MNIST_NORMALIZATION,
  checkNormalization,
  type NormalizationStats,
} from '../transforms/normalize';
import { resolvePatchMixtureConfig } from '../transforms/patch-mixture';
import type {
  Cifar10DatasetConfig,
  DatasetConfig,
  DatasetKind,
  FashionMnistDatasetConfig,
  ImageDatasetConfig,
  MnistDatasetConfig,
  ResolvedAugmentConfig,
  ResolvedBatchingConfig,
  ResolvedCifar10DatasetConfig,
  ResolvedDatasetConfig,
  ResolvedFashionMnistDatasetConfig,
  ResolvedImageDatasetConfig,
  ResolvedMnistDatasetConfig,
  ResolvedSubsetConfig,
  ResolvedSyntheticDatasetConfig,
  SyntheticDatasetConfig,
} from './config';

/** Every dataset kind {@link buildDataset} knows. */
export const DATASET_KINDS: readonly DatasetKind[] = Object.freeze(['synthetic', 'fashion-mnist', 'mnist', 'cifar10']);

type Fields = Record<string, unknown>;

const BATCHING_FIELDS = ['kind', 'batchSize', 'dropLast'];
const IMAGE_FIELDS = [...BATCHING_FIELDS, 'subset', 'testSubset', 'normalization', 'patch', 'augment'];
const MNIST_FIELDS = [...IMAGE_FIELDS, 'dir', 'padTo', 'channels'];
const CIFAR_FIELDS = [...IMAGE_FIELDS, 'dir', 'download', 'url', 'md5', 'recordsPerFile'];

function checkFields(config: Fields, allowed: readonly string[], field: string): void {
  for (const key of Object.keys(config)) {
    if (!allowed.includes(key)) {
      throw new ConfigError(`${field}.${key}`, config[key], `no such option for kind ${JSON.stringify(config.kind)} (one of ${allowed.join(', ')})`, `Remove ${field}.${key}.`);
    }
  }
}

function checkBoolean(field: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new ConfigError(field, value, 'true or false');
  return value;
}

function checkString(field: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') throw new ConfigError(field, value, 'a non-empty string');
  return value;
}

function resolveBatching(config: Fields, defaultBatchSize: number, field: string): ResolvedBatchingConfig {
  return {
    batchSize: checkInteger(`${field}.batchSize`, config.batchSize ?? defaultBatchSize, { min: 1 }),
    dropLast: checkBoolean(`${field}.dropLast`, config.dropLast ?? false),
  };
}

function resolveSubset(value: unknown, field: string): ResolvedSubsetConfig | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object') throw new ConfigError(field, value, 'null or { perClass, pick? }');
  checkFields({ kind: 'subset', ...value } as Fields, ['kind', 'perClass', 'pick'], field);
  const subset = value as Fields;
  return {
    perClass: checkInteger(`${field}.perClass`, subset.perClass, { min: 1 }),
    pick: checkOneOf(`${field}.pick`, subset.pick ?? 'first', ['first', 'seeded'] as const),
  };
}

function resolveAugment(value: unknown, field: string): ResolvedAugmentConfig | null {
  if (value === undefined || value === null || value === false) return null;
  const options = value === true ? {} : value;
  if (typeof options !== 'object' || options === null) throw new ConfigError(field, value, 'a boolean, null or { padding?, flipProbability? }');
  checkFields({ kind: 'augment', ...options } as Fields, ['kind', 'padding', 'flipProbability'], field);
  const o = options as Fields;
  return {
    padding: checkInteger(`${field}.padding`, o.padding ?? 4, { min: 0 }),
    flipProbability: checkProbability(`${field}.flipProbability`, o.flipProbability ?? 0.5),
  };
}

function resolveImage(config: ImageDatasetConfig, defaults: NormalizationStats, channels: number, field: string): ResolvedImageDatasetConfig {
  const stats = checkNormalization(`${field}.normalization`, config.normalization ?? defaults, channels);
  return {
    ...resolveBatching(config as Fields, 128, field),
    subset: resolveSubset(config.subset, `${field}.subset`),
    testSubset: resolveSubset(config.testSubset, `${field}.testSubset`),
    normalization: { mean: [...stats.mean], std: [...stats.std] },
    patch: config.patch === undefined || config.patch === null ? null : { ...resolvePatchMixtureConfig(config.patch, `${field}.patch`) },
    augment: resolveAugment(config.augment, `${field}.augment`),
  };
}

function resolveGreyChannels(value: unknown, field: string): number {
  const channels = checkInteger(field, value ?? 1, { min: 1, max: 3 });
  if (channels === 2) throw new ConfigError(field, channels, '1, or 3 to replicate the grey channel');
  return channels;
}

function resolvePadTo(value: unknown, field: string): number | null {
  return value === undefined || value === null ? null : checkInteger(field, value, { min: 28 });
}

const RESOLVERS: { readonly [K in DatasetKind]: (config: Fields, field: string) => ResolvedDatasetConfig } = {
  synthetic: (config, field): ResolvedSyntheticDatasetConfig => {
    const c = config as unknown as SyntheticDatasetConfig;
    const { kind: _kind, batchSize: _batchSize, dropLast: _dropLast, ...pattern } = c;
    return { kind: 'synthetic', ...resolveTwoPatternConfig(pattern, field), ...resolveBatching(config, 50, field) };
  },
  'fashion-mnist': (config, field): ResolvedFashionMnistDatasetConfig => {
    checkFields(config, MNIST_FIELDS, field);
    const c = config as unknown as FashionMnistDatasetConfig;
    const channels = resolveGreyChannels(c.channels, `${field}.channels`);
    return {
      kind: 'fashion-mnist',
      dir: checkString(`${field}.dir`, c.dir ?? FASHION_MNIST_DEFAULT_DIR),
      padTo: resolvePadTo(c.padTo, `${field}.padTo`),
      channels,
      ...resolveImage(c, FASHION_MNIST_NORMALIZATION, channels, field),
    };
  },
  mnist: (config, field): ResolvedMnistDatasetConfig => {
    checkFields(config, MNIST_FIELDS, field);
    const c = config as unknown as MnistDatasetConfig;
    const channels = resolveGreyChannels(c.channels, `${field}.channels`);
    return {
      kind: 'mnist',
      dir: checkString(`${field}.dir`, c.dir),
      padTo: resolvePadTo(c.padTo, `${field}.padTo`),
      channels,
      ...resolveImage(c, MNIST_NORMALIZATION, channels, field),
    };
  },
  cifar10: (config, field): ResolvedCifar10DatasetConfig => {
    checkFields(config, CIFAR_FIELDS, field);
    const c = config as unknown as Cifar10DatasetConfig;
    return {
      kind: 'cifar10',
      dir: checkString(`${field}.dir`, c.dir),
      download: checkBoolean(`${field}.download`, c.download ?? false),
      url: checkString(`${field}.url`, c.url ?? CIFAR10_URL),
      md5: checkString(`${field}.md5`, c.md5 ?? CIFAR10_MD5),
      recordsPerFile: checkInteger(`${field}.recordsPerFile`, c.recordsPerFile ?? CIFAR10_RECORDS_PER_FILE, { min: 1 }),
      ...resolveImage(c, CIFAR10_NORMALIZATION, 3, field),
    };
  },
};

/**
 * Validates a dataset config and fills in every default. The result is plain JSON: save it with
 * the run, and resolving it again gives the same object.
 *
 * @param config - a dataset config (e.g. parsed from JSON)
 * @param field - the config's path, for error messages; default `data`
 * @returns the resolved config
 * @throws ConfigError naming the bad field: an unknown kind, an unknown option (a typo), a bad value
 * @example
 * ```ts
 * resolveDatasetConfig({ kind: 'synthetic', variant: 'small' }).d1; // 500
 * resolveDatasetConfig({ kind: 'fashion-mnist', patch: {} }).patch?.patchSize; // 7
 * ```
 */
export function resolveDatasetConfig(config: DatasetConfig, field = 'data'): ResolvedDatasetConfig {
  if (typeof config !== 'object' || config === null) throw new ConfigError(field, config, 'a dataset config object with a kind');
  const kind = checkOneOf(`${field}.kind`, (config as unknown as Fields).kind, DATASET_KINDS);
  return RESOLVERS[kind](config as unknown as Fields, field);
}
