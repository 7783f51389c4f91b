/**
 * The one registry shape of lrlab: every configurable kind — a learning-rate schedule, a noise
 * injector, an optimizer, a dataset, a model — is an entry `{ description, fields, resolve, build,
 * ...facts }` in a plain object keyed by its `kind` name. Nothing registers itself at import time;
 * a user's kind is an entry of the same shape, added with {@link withKinds}, and gets everything a
 * built-in one gets (validation with field paths, defaults, run records).
 *
 * A kind is declared once, by its config type: its options type is `OptionsOf<Config>` (the config
 * without `kind`), and `fields` must document every one of its fields.
 */
import { ConfigError, formatValue } from '../errors';
import { nearestName } from '../nearest-name';

/** A JSON config of some kind: an object with a `kind` name. */
export interface KindConfig {
  /** The entry's name in its registry. */
  readonly kind: string;
}

/** The options a kind's factory takes: its config without the `kind` discriminator. */
export type OptionsOf<Config extends KindConfig> = Omit<Config, 'kind'>;

/** Every field of a config besides `kind`, each with a one-line description (the kind's schema). */
export type FieldsOf<Config extends KindConfig> = { readonly [Field in Exclude<keyof Config, 'kind'>]-?: string };

/**
 * One kind in a registry.
 *
 * @typeParam Config - its JSON config (with `kind`)
 * @typeParam Resolved - the config with every default filled in (often `Config` itself)
 * @typeParam Built - what it builds (a schedule, an injector, a model, ...)
 * @typeParam Context - what building needs besides the config (a seed, the data, ...)
 */
export interface KindEntry<Config extends KindConfig = KindConfig, Resolved = Config, Built = unknown, Context = void> {
  /** One line on what it is (shown by `lrlab list` and in errors). */
  readonly description: string;
  /** Its fields besides `kind`, each described; any other field in a config is reported as a typo. */
  readonly fields: FieldsOf<Config>;
  /**
   * Validates a config of this kind and fills in its defaults; pure, and resolving a resolved
   * config returns an equal one.
   *
   * @param config - the config; its `kind` names this entry and it has only known fields
   * @param path - its path in the run's config, for errors (`learningRate.schedule`)
   * @returns the resolved config
   * @throws ConfigError naming the offending field by its full path
   */
  resolve(config: Config, path: string): Resolved;
  /**
   * Builds it from a resolved config.
   *
   * @param config - the resolved config
   * @param context - what building needs besides the config
   * @returns the built thing
   */
  build(config: Resolved, context: Context): Built;
}

/** A registry: kind name → entry, a plain (frozen) object. */
export type Registry<Entry> = Readonly<Record<string, Entry>>;

/** What {@link lookupKind} needs of an entry: its described fields. */
export interface HasFields {
  /** Its fields besides `kind`, each described. */
  readonly fields: object;
}

/** What {@link lookupKind} found. */
export interface KindLookup<Entry> {
  /** The kind's name, the config's `kind`. */
  readonly kind: string;
  /** Its registry entry. */
  readonly entry: Entry;
}

/**
 * The entry a config names, after checking that the config is an object whose `kind` is in the
 * registry and whose other fields are all the entry's.
 *
 * @typeParam Entry - the registry's entry type
 * @param registry - the registry
 * @param config - a config, typically parsed JSON
 * @param path - its path, for errors (`model`, `noise[1]`)
 * @param what - what the registry holds, for errors (`a model kind`)
 * @returns the entry and the kind name
 * @throws ConfigError naming `path.kind` with the known kinds, or `path.<field>` for an unknown field
 * @example
 * ```ts
 * const { entry } = lookupKind(MODELS, { kind: 'two-layer', width: 200 }, 'model', 'a model kind');
 * ```
 */
export function lookupKind<Entry extends HasFields>(
  registry: Registry<Entry>,
  config: unknown,
  path: string,
  what: string,
): KindLookup<Entry> {
  const known = Object.keys(registry);
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new ConfigError(path, config, `an object with a "kind" field (${what}: ${known.map(formatValue).join(', ')})`);
  }
  const fields = config as Record<string, unknown>;
  const kind = fields['kind'];
  if (typeof kind !== 'string' || !Object.hasOwn(registry, kind)) {
    const meant = typeof kind === 'string' ? nearestName(kind, known) : undefined;
    throw new ConfigError(`${path}.kind`, kind, `${what}: one of ${known.map(formatValue).join(', ')}`, meant === undefined ? undefined : `Did you mean ${formatValue(meant)}?`);
  }
  const entry = registry[kind]!;
  checkEntryShape(entry, `${what} ${formatValue(kind)}`);
  const allowed = Object.keys(entry.fields);
  for (const key of Object.keys(fields)) {
    if (key !== 'kind' && !allowed.includes(key)) {
      throw new ConfigError(
        `${path}.${key}`,
        fields[key],
        `no such field for kind "${kind}" (allowed: ${allowed.join(', ') || 'none'})`,
        `Remove or rename ${path}.${key}.`,
      );
    }
  }
  return { kind, entry };
}

/**
 * A registry with more kinds: the built-in ones and a user's. A user's kind may not take a
 * built-in name (a run record must mean one thing), and every entry must have the registry shape.
 *
 * @typeParam Entry - the registry's entry type
 * @param builtIns - the built-in registry
 * @param extra - the added kinds, by name
 * @param what - what the registry holds, for errors (`schedule kind`)
 * @returns a new frozen registry
 * @throws ConfigError for a name already taken, a name that is not a non-empty string of letters,
 *   digits, `-`, `_`, `.` or `/`, or an entry without description, fields, resolve and build
 */
export function withKinds<Entry>(builtIns: Registry<Entry>, extra: Registry<Entry>, what: string): Registry<Entry> {
  const merged: Record<string, Entry> = { ...builtIns };
  for (const [name, entry] of Object.entries(extra)) {
    if (!/^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(name)) {
      throw new ConfigError(`${what} name`, name, 'a name of letters, digits, ".", "_", "-" or "/", starting with a letter or digit');
    }
    if (Object.hasOwn(builtIns, name)) {
      throw new ConfigError(`${what} name`, name, `a name that is not built in (built in: ${Object.keys(builtIns).join(', ')})`, `Rename your ${what}, e.g. "my-${name}".`);
    }
    checkEntryShape(entry, `${what} ${formatValue(name)}`);
    merged[name] = entry;
  }
  return Object.freeze(merged);
}

/** Throws unless `entry` has a string description, a fields object and resolve and build functions. */
function checkEntryShape(entry: unknown, label: string): void {
  const e = entry as Partial<Record<'description' | 'fields' | 'resolve' | 'build', unknown>> | null;
  const problems: string[] = [];
  if (typeof e === 'function') {
    throw new ConfigError(
      label,
      entry,
      'a kind entry { description, fields, resolve, build }, not a plain function',
      'A plain function cannot be recorded in a run\'s config.json, so its run could not be resumed or reported: ' +
        'describe it as { description: "one line", fields: { name: "what it is" }, resolve: (config) => config, build: (config) => yourFunction(config) }.',
    );
  }
  if (typeof e !== 'object' || e === null) problems.push('an object');
  else {
    if (typeof e.description !== 'string' || e.description === '') problems.push('a description (one line)');
    if (typeof e.fields !== 'object' || e.fields === null || Array.isArray(e.fields)) problems.push('fields (field name → description)');
    if (typeof e.resolve !== 'function') problems.push('resolve(config, path)');
    if (typeof e.build !== 'function') problems.push('build(config, context)');
  }
  if (problems.length > 0) {
    throw new ConfigError(label, entry, `a kind entry with ${problems.join(', ')}`, 'Describe the kind as { description, fields, resolve, build } (see the guide docs/guides/new-study.md).');
  }
}
