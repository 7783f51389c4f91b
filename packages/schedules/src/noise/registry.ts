/**
 * The built-in noise-injector kinds, and building any injector (built-in or a user's) from its
 * config generically. Adding a kind is its entry in one file plus one line here.
 */
import { ConfigError, formatValue, lookupKind, type Registry } from '@lrlab/core';
import { gradientNoiseKind, type GradientNoiseSpec } from './gradient';
import type { BuiltNoise, NoiseBuildContext, NoiseKindConfig, NoiseKindEntry, NoiseTarget } from './kind';
import { preactivationNoiseKind, type PreactivationNoiseSpec } from './preactivation';
import { weightNoiseKind, type WeightNoiseSpec } from './weight';

/**
 * A built-in noise injector in a run's config.
 *
 * @typeParam Sigma - how the composer writes σ
 */
export type NoiseInjectorSpec<Sigma = unknown> = PreactivationNoiseSpec<Sigma> | GradientNoiseSpec<Sigma> | WeightNoiseSpec<Sigma>;

/** Every built-in kind, checked at compile time against the {@link NoiseInjectorSpec} union. */
const BUILT_IN = {
  preactivation: preactivationNoiseKind,
  gradient: gradientNoiseKind,
  weight: weightNoiseKind,
} satisfies Record<NoiseInjectorSpec['kind'], NoiseKindEntry>;

/**
 * The built-in noise-injector kinds, by name: a plain frozen object of {@link NoiseKindEntry}.
 * A user's kinds join them with `withKinds(NOISE_INJECTORS, { 'my-noise': entry }, 'noise kind')`.
 */
export const NOISE_INJECTORS: Registry<NoiseKindEntry> = Object.freeze(BUILT_IN);

/** Where an injector may act: the values of `acts`. */
const TARGETS: readonly NoiseTarget[] = ['preactivation', 'gradient', 'weight'];

/** A noise config's entry and its resolved config, as {@link resolveNoiseInjector} returns them. */
export interface ResolvedNoiseInjector {
  /** The kind's entry (narrow on `entry.acts` to know what its `build` returns). */
  readonly entry: NoiseKindEntry;
  /** The config with the kind's own fields validated and its defaults filled in; `sigma` untouched. */
  readonly config: NoiseKindConfig;
}

/**
 * Validates a noise config against its kind: a known `kind`, no unknown fields, valid own fields
 * (e.g. `mode`). Its `sigma` is passed through untouched: the composer reads and resolves it.
 *
 * @param config - a noise config, typically parsed from JSON
 * @param path - its path, for errors (`noise[1]`)
 * @param registry - the kinds; default the built-in {@link NOISE_INJECTORS}
 * @returns the entry and the resolved config
 * @throws ConfigError naming the offending field by its full path, or the kind when its entry's
 *   `acts` is not one of `preactivation`, `gradient`, `weight`
 * @example
 * ```ts
 * resolveNoiseInjector({ kind: 'preactivation', sigma: 0.1, mode: 'iid' }, 'noise[0]').config;
 * // { kind: 'preactivation', sigma: 0.1, mode: 'iid' }
 * ```
 */
export function resolveNoiseInjector(config: unknown, path: string, registry: Registry<NoiseKindEntry> = NOISE_INJECTORS): ResolvedNoiseInjector {
  const { kind, entry } = lookupKind(registry, config, path, 'a noise kind');
  if (!TARGETS.includes(entry.acts)) {
    throw new ConfigError(`${path}.kind`, kind, `a noise kind whose entry says where it acts (acts: ${TARGETS.map(formatValue).join(', ')}), got acts ${formatValue(entry.acts)}`);
  }
  // lookupKind has checked that config is an object with this kind and only the entry's fields.
  return { entry, config: entry.resolve(config as NoiseKindConfig, path) };
}

/**
 * Builds a noise injector of any kind in the registry from its config, its σ schedule and its seed.
 *
 * @param config - a noise config (`{ kind, sigma, ... }`), resolved or not
 * @param path - its path, for errors (`noise[1]`)
 * @param context - σ over steps (the composer's resolution of `config.sigma`) and the injector's seed
 * @param registry - the kinds; default the built-in {@link NOISE_INJECTORS}
 * @returns the injector with where it acts
 * @throws ConfigError naming the offending field, or the kind when its build returns no injector
 * @example
 * ```ts
 * const built = buildNoiseInjector({ kind: 'preactivation', sigma: 0.1, mode: 'iid' }, 'noise[0]', { sigma: constant(0.1), seed: 7 });
 * if (built.acts === 'preactivation') model.setNoise(built.injector);
 * ```
 */
export function buildNoiseInjector(config: unknown, path: string, context: NoiseBuildContext, registry: Registry<NoiseKindEntry> = NOISE_INJECTORS): BuiltNoise {
  const { entry, config: resolved } = resolveNoiseInjector(config, path, registry);
  const built = buildFrom(entry, resolved, context);
  if (typeof built.injector?.apply !== 'function') {
    throw new ConfigError(path, built.injector, `a noise injector (an object with apply) from the build of kind ${formatValue(resolved.kind)}`);
  }
  return built;
}

function buildFrom(entry: NoiseKindEntry, config: NoiseKindConfig, context: NoiseBuildContext): BuiltNoise {
  switch (entry.acts) {
    case 'preactivation':
      return { acts: entry.acts, injector: entry.build(config, context) };
    case 'gradient':
      return { acts: entry.acts, injector: entry.build(config, context) };
    case 'weight':
      return { acts: entry.acts, injector: entry.build(config, context) };
  }
}
