/**
 * The model registry: a plain object from kind name to {@link ModelKindEntry} (no registration at
 * import time), and the three functions a run calls on any model config — complete it from the
 * data, resolve it, build it. Each takes the registry, so a user's kinds merged with `withKinds`
 * go the same way as the built-in ones.
 */
import { checkSeed, ConfigError, formatValue, lookupKind, type KindConfig, type Registry, type Seed } from '@lrlab/core';
import type { ModelConfig, ResolvedModelConfig } from './config';
import { LINEAR_KIND } from './linear/kind';
import type { Model } from './model';
import type { AnyModelConfig, ModelKindEntry } from './model-kind';
import { SMALL_CNN_KIND } from './small-cnn/kind';
import { TWO_LAYER_KIND } from './two-layer/kind';
import { WIDE_RESNET_KIND } from './wide-resnet/kind';

/**
 * Every built-in model kind, by name. Add your own with
 * `withKinds(MODELS, { 'my-model': entry }, 'model kind')` and pass the result as `registry`.
 */
export const MODELS: Registry<ModelKindEntry> = Object.freeze({
  'two-layer': TWO_LAYER_KIND,
  linear: LINEAR_KIND,
  'wide-resnet': WIDE_RESNET_KIND,
  'small-cnn': SMALL_CNN_KIND,
});

/** What a model config may take from its data. */
export interface ModelDataFacts {
  /** The shape of one example, without the batch axis: `[d]` or `[height, width, channels]`. */
  readonly exampleShape: readonly number[];
  /** The number of classes (≥ 2). */
  readonly numClasses: number;
}

function isModelKindEntry(entry: Partial<ModelKindEntry> | null): boolean {
  return (
    typeof entry === 'object' &&
    entry !== null &&
    typeof entry.fields === 'object' &&
    entry.fields !== null &&
    (entry.input === 'flat' || entry.input === 'image') &&
    typeof entry.resolve === 'function' &&
    typeof entry.build === 'function'
  );
}

/**
 * The entry a config names in a registry. Every entry is checked first: a registry put together
 * by hand, not with `withKinds`, must not fail with a TypeError halfway through a run.
 */
function entryFor(registry: Registry<ModelKindEntry>, config: unknown, field: string): ModelKindEntry {
  if (typeof registry !== 'object' || registry === null) {
    throw new ConfigError('registry', registry, 'a model registry (MODELS, or withKinds(MODELS, { ... }, "model kind"))');
  }
  for (const [kind, entry] of Object.entries(registry)) {
    if (!isModelKindEntry(entry)) {
      throw new ConfigError(
        `model kind ${formatValue(kind)}`,
        entry,
        'a model kind entry { description, fields, input: "flat" | "image", resolve, build }',
        'Describe the kind as a ModelKindEntry and add it with withKinds(MODELS, { ... }, "model kind").',
      );
    }
  }
  return lookupKind(registry, config, field, 'a model kind').entry;
}

/** A field of a config object, own properties only (as spreading it sees them). */
function ownField(config: object, name: string): unknown {
  return Object.getOwnPropertyDescriptor(config, name)?.value;
}

function checkDataFacts(data: ModelDataFacts): void {
  if (typeof data !== 'object' || data === null) throw new ConfigError('data', data, 'an object { exampleShape, numClasses }');
  const shape: unknown = data.exampleShape;
  if (!Array.isArray(shape) || shape.length === 0 || !shape.every((d) => Number.isSafeInteger(d) && d >= 1)) {
    throw new ConfigError('data.exampleShape', shape, 'the shape of one example, a non-empty array of positive integers');
  }
  if (!Number.isSafeInteger(data.numClasses) || data.numClasses < 2) throw new ConfigError('data.numClasses', data.numClasses, 'an integer ≥ 2');
}

/**
 * Fills a model config's data-dependent fields from the data where the config leaves them out:
 * for a kind whose `input` is `flat`, `inputSize` = the product of the example's shape; for
 * `image`, `inputShape` = the example's shape; and `numClasses`, for every kind that has that
 * field. A field the kind does not declare is never added, and a field the config sets is kept.
 *
 * @param config - a model config (typically parsed JSON), of a kind in `registry`
 * @param data - the example shape and number of classes of the run's data
 * @param registry - the model kinds; default {@link MODELS}
 * @param field - the config's path, for errors; default `model`
 * @returns a new config, the given fields first, in their order, then the filled ones
 * @throws ConfigError for an unknown kind (`model.kind`), an unknown field (`model.<field>`) or
 *   data facts that are not a shape and a number of classes
 * @example
 * ```ts
 * completeModelConfig({ kind: 'two-layer', width: 8 }, { exampleShape: [2002], numClasses: 2 });
 * // { kind: 'two-layer', width: 8, inputSize: 2002, numClasses: 2 }
 * completeModelConfig({ kind: 'small-cnn' }, { exampleShape: [28, 28, 1], numClasses: 10 });
 * // { kind: 'small-cnn', inputShape: [28, 28, 1], numClasses: 10 }
 * ```
 */
export function completeModelConfig<Config extends KindConfig>(config: Config, data: ModelDataFacts, registry: Registry<ModelKindEntry> = MODELS, field = 'model'): Config {
  const entry = entryFor(registry, config, field);
  checkDataFacts(data);
  const declares = (name: string): boolean => Object.hasOwn(entry.fields, name);
  const fill = (name: string, value: unknown): Record<string, unknown> => (declares(name) ? { [name]: ownField(config, name) ?? value } : {});
  const shape = data.exampleShape;
  return {
    ...config,
    ...(entry.input === 'flat' ? fill('inputSize', shape.reduce((a, b) => a * b, 1)) : {}),
    ...(entry.input === 'image' ? fill('inputShape', [...shape]) : {}),
    ...fill('numClasses', data.numClasses),
  };
}

/**
 * Validates a built-in model config and fills in its defaults.
 *
 * @param config - a model config
 * @param field - its path in error messages; default `model`
 * @returns the resolved config (resolving it again returns an equal object)
 * @throws ConfigError for an unknown kind (`model.kind`), an unknown field (`model.<field>`) or
 *   an invalid value
 * @example
 * ```ts
 * resolveModelConfig({ kind: 'wide-resnet', depth: 10, widthFactor: 1 }).inputShape; // [32, 32, 3]
 * ```
 */
export function resolveModelConfig(config: ModelConfig | ResolvedModelConfig, field?: string): ResolvedModelConfig;
/**
 * Validates a model config of any kind in a registry (built-in kinds and a user's, merged with
 * `withKinds`) and fills in its defaults.
 *
 * @param config - a model config, typically parsed JSON
 * @param field - its path in error messages; default `model`
 * @param registry - the model kinds; default {@link MODELS}
 * @returns the resolved config, as the kind's `resolve` returns it
 * @throws ConfigError for an unknown kind (`model.kind`), an unknown field (`model.<field>`) or
 *   an invalid value
 */
export function resolveModelConfig(config: AnyModelConfig, field?: string, registry?: Registry<ModelKindEntry>): KindConfig;
export function resolveModelConfig(config: AnyModelConfig, field = 'model', registry: Registry<ModelKindEntry> = MODELS): KindConfig {
  return entryFor(registry, config, field).resolve(config, field);
}

/** Options of {@link buildModel}. */
export interface BuildModelOptions {
  /**
   * The instance name, the prefix of every variable name (`<name>/<path>`); it must not be in use
   * by a live model. Default `<kind>-<n>` with a process-wide counter.
   */
  readonly name?: string | undefined;
  /** The model kinds; default {@link MODELS}. Pass `withKinds(MODELS, { ... }, 'model kind')` for your own. */
  readonly registry?: Registry<ModelKindEntry> | undefined;
}

/**
 * Builds a built-in model from its config and a seed: the same config and seed give the same
 * weights, on every backend. The config is resolved once, here.
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
export function buildModel(config: ModelConfig | ResolvedModelConfig, seed: Seed, options?: BuildModelOptions): Model<ResolvedModelConfig>;
/**
 * Builds a model of any kind in a registry (built-in kinds and a user's, merged with `withKinds`)
 * from its config and a seed: resolves the config once with the kind's `resolve`, then calls its
 * `build`.
 *
 * @param config - a model config (resolved or not), typically parsed JSON
 * @param seed - the root seed (a non-negative safe integer)
 * @param options - the instance name and the registry (default {@link MODELS})
 * @returns the model
 * @throws ConfigError for an unknown kind (`model.kind`), an unknown field (`model.<field>`), an
 *   invalid value, seed or name
 * @example
 * ```ts
 * const registry = withKinds(MODELS, { 'my-logistic': logistic }, 'model kind');
 * const model = buildModel({ kind: 'my-logistic', inputSize: 4 }, 7, { registry });
 * ```
 */
export function buildModel(config: AnyModelConfig, seed: Seed, options?: BuildModelOptions): Model;
export function buildModel(config: AnyModelConfig, seed: Seed, options: BuildModelOptions = {}): Model {
  if (typeof options !== 'object' || options === null) throw new ConfigError('options', options, 'an object { name?, registry? }');
  const entry = entryFor(options.registry === undefined ? MODELS : options.registry, config, 'model');
  const resolved = entry.resolve(config, 'model');
  return entry.build(resolved, { seed: checkSeed('seed', seed), name: options.name });
}
