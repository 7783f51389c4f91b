/**
 * The model registry: a plain object from kind to resolver and builder (no registration at import
 * time), so an experiment can build any model from its JSON config.
 */
import { ConfigError, formatValue, type Seed } from '@lrlab/core';
import type { ModelConfig, ModelKind, ResolvedModelConfig } from './config';
import { resolveLinearConfig, type LinearConfig, type ResolvedLinearConfig } from './linear/config';
import { buildLinearModel } from './linear/model';
import type { Model } from './model';
import { resolveSmallCnnConfig, type ResolvedSmallCnnConfig, type SmallCnnConfig } from './small-cnn/config';
import { buildSmallCnn } from './small-cnn/model';
import { resolveTwoLayerConfig, type ResolvedTwoLayerConfig, type TwoLayerConfig } from './two-layer/config';
import { buildTwoLayerNet } from './two-layer/model';
import { resolveWideResNetConfig, type ResolvedWideResNetConfig, type WideResNetConfig } from './wide-resnet/config';
import { buildWideResNet } from './wide-resnet/model';

/** How one kind of model is resolved and built. */
export interface ModelKindEntry<C extends ModelConfig = ModelConfig, R extends ResolvedModelConfig = ResolvedModelConfig> {
  /**
   * Validates a config and fills in its defaults.
   *
   * @param config - the config
   * @param field - its path in error messages
   * @returns the resolved config
   */
  resolve(config: C, field?: string): R;
  /**
   * Builds a model.
   *
   * @param config - the config (resolved or not)
   * @param seed - the root seed
   * @param name - the instance name, or undefined for an automatic one
   * @returns the model
   */
  build(config: C | R, seed: Seed, name?: string): Model;
}

/** The registry: one entry per model kind, typed by its config. */
export interface ModelKinds {
  /** The theory's two-layer network. */
  readonly 'two-layer': ModelKindEntry<TwoLayerConfig, ResolvedTwoLayerConfig>;
  /** Logistic (or softmax) regression on a range of input coordinates. */
  readonly linear: ModelKindEntry<LinearConfig, ResolvedLinearConfig>;
  /** The pre-activation WideResNet-d-k. */
  readonly 'wide-resnet': ModelKindEntry<WideResNetConfig, ResolvedWideResNetConfig>;
  /** The small CNN. */
  readonly 'small-cnn': ModelKindEntry<SmallCnnConfig, ResolvedSmallCnnConfig>;
}

/** Every model kind, with its resolver and builder. */
export const MODEL_KINDS: ModelKinds = Object.freeze({
  'two-layer': { resolve: resolveTwoLayerConfig, build: buildTwoLayerNet },
  linear: { resolve: resolveLinearConfig, build: buildLinearModel },
  'wide-resnet': { resolve: resolveWideResNetConfig, build: buildWideResNet },
  'small-cnn': { resolve: resolveSmallCnnConfig, build: buildSmallCnn },
});

function entryFor(config: unknown, field: string): ModelKindEntry {
  const kind = (config as { kind?: unknown } | null)?.kind;
  if (typeof config !== 'object' || config === null || typeof kind !== 'string' || !Object.hasOwn(MODEL_KINDS, kind)) {
    throw new ConfigError(`${field}.kind`, kind, `one of ${Object.keys(MODEL_KINDS).map((k) => formatValue(k)).join(', ')}`);
  }
  return MODEL_KINDS[kind as ModelKind] as unknown as ModelKindEntry;
}

/**
 * Validates any model config and fills in its defaults.
 *
 * @param config - a model config
 * @param field - its path in error messages; default `model`
 * @returns the resolved config (resolving it again returns an equal object)
 * @throws ConfigError for an unknown kind or an invalid field
 */
export function resolveModelConfig(config: ModelConfig, field = 'model'): ResolvedModelConfig {
  return entryFor(config, field).resolve(config, field);
}

/** Options of {@link buildModel}. */
export interface BuildModelOptions {
  /**
   * The instance name, the prefix of every variable name (`<name>/<path>`); it must not be in use
   * by a live model. Default `<kind>-<n>` with a process-wide counter.
   */
  readonly name?: string;
}

/**
 * Builds any model from its config and a seed: the same config and seed give the same weights,
 * on every backend.
 *
 * @param config - a model config (resolved or not)
 * @param seed - the root seed (a non-negative safe integer); initialisation draws from
 *   `deriveSeed(seed, 'init', path)` and dropout from `deriveSeed(seed, 'dropout', step, site)`
 * @param options - the instance name
 * @returns the model
 * @throws ConfigError for an invalid config, seed or name
 * @example
 * ```ts
 * const model = buildModel({ kind: 'two-layer', inputSize: 2002, width: 200 }, 7);
 * model.outputUnits; // 1: a scalar logit with the logistic loss
 * ```
 */
export function buildModel(config: ModelConfig | ResolvedModelConfig, seed: Seed, options: BuildModelOptions = {}): Model {
  const entry = entryFor(config, 'model');
  return entry.build(entry.resolve(config as ModelConfig), seed, options.name);
}
