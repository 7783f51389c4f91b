/**
 * Loads a study's plugins: `.cjs` modules with `require`, `.mjs` modules with a native `import()`,
 * each hashed (SHA-256 of its bytes) for the run record. Paths are relative to the study file's
 * folder (or absolute).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError, formatValue } from '@lrlab/core';
import { PLUGIN_SECTIONS, type LoadedPlugin, type LrlabPlugin, type PluginRecord } from './plugin';

/** The file endings a plugin may have. */
const PLUGIN_EXTENSIONS = ['.mjs', '.cjs', '.js'] as const;

/**
 * A real dynamic `import()`: TypeScript's CommonJS output would turn `import()` into `require`,
 * which cannot load an ES module.
 */
const importModule = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<Record<string, unknown>>;

/**
 * The SHA-256 (hex) of a file's bytes.
 *
 * @param file - the file
 * @returns the hash
 */
export function sha256File(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/**
 * Where a plugin path points: absolute, or relative to `baseDir`.
 *
 * @param spec - the path as written in the study (`./my-kinds.mjs`)
 * @param baseDir - the study file's folder
 * @param field - its path in the study, for errors (`plugins[0]`)
 * @returns the absolute path of an existing `.mjs`, `.cjs` or `.js` file
 * @throws ConfigError when it is not a string, has another ending, or does not exist
 */
function resolvePluginPath(spec: unknown, baseDir: string, field: string): string {
  if (typeof spec !== 'string' || spec === '') throw new ConfigError(field, spec, 'a path to a .mjs or .cjs module, relative to the study file');
  if (!PLUGIN_EXTENSIONS.some((ending) => spec.endsWith(ending))) {
    throw new ConfigError(field, spec, 'a path ending in .mjs, .cjs or .js (a JavaScript module; compile TypeScript first)');
  }
  const file = path.resolve(baseDir, spec);
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
    throw new ConfigError(field, spec, `an existing file (looked for ${file})`, `Check the path: plugins are relative to the study file's folder (${baseDir}).`);
  }
  return file;
}

/** Checks a module's export: an object whose keys are registry names, each an object of kinds. */
function checkPlugin(exported: unknown, field: string, file: string): LrlabPlugin {
  const value = exported as Record<string, unknown> | null;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(field, file, `a module whose default export (or module.exports) is an object with some of ${PLUGIN_SECTIONS.join(', ')}`);
  }
  for (const [key, kinds] of Object.entries(value)) {
    if (!(PLUGIN_SECTIONS as readonly string[]).includes(key)) {
      throw new ConfigError(`${field} (${file}).${key}`, kinds, `one of the registries ${PLUGIN_SECTIONS.map(formatValue).join(', ')}`, `Rename or remove "${key}" in ${file}.`);
    }
    if (typeof kinds !== 'object' || kinds === null || Array.isArray(kinds)) {
      throw new ConfigError(`${field} (${file}).${key}`, kinds, 'an object of kinds by name ({ "my-kind": { description, fields, resolve, build } })');
    }
  }
  return value as LrlabPlugin;
}

/**
 * The plugins this process has loaded, by path. Node caches modules, so a process loads a file
 * once; its hash is taken then, so a run's record always matches the code that ran.
 */
const loaded = new Map<string, LoadedPlugin>();

/**
 * Loads one plugin module and hashes it (once per process and path).
 *
 * @param file - its absolute path (`loadPlugins` resolves a study's entries relative to the study file)
 * @param field - its path in the study, for errors
 * @returns the plugin's record and kinds
 * @throws ConfigError when the module fails to load or exports something else than kinds
 */
export async function loadPlugin(file: string, field = 'plugins'): Promise<LoadedPlugin> {
  const seen = loaded.get(file);
  if (seen) return seen;
  const record: PluginRecord = { path: file, sha256: sha256File(file) };
  let exported: unknown;
  try {
    if (file.endsWith('.mjs')) {
      exported = (await importModule(pathToFileURL(file).href))['default'];
    } else {
      // A .cjs (or .js in a CommonJS package) module.
      const module = createRequire(file)(file) as { default?: unknown } | null;
      exported = module !== null && typeof module === 'object' && 'default' in module && module.default !== undefined ? module.default : module;
    }
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ConfigError(field, file, 'a module that loads', `Loading it failed: ${message}`, { cause: error });
  }
  const plugin = { record, kinds: checkPlugin(exported, field, file) };
  loaded.set(file, plugin);
  return plugin;
}

/**
 * Loads a study's plugins, in order.
 *
 * @param specs - the paths as the study writes them
 * @param baseDir - the study file's folder
 * @returns the loaded plugins
 * @throws ConfigError naming `plugins[i]` for a bad path or module
 */
export async function loadPlugins(specs: readonly unknown[], baseDir: string): Promise<LoadedPlugin[]> {
  const plugins: LoadedPlugin[] = [];
  for (const [i, spec] of specs.entries()) {
    const field = `plugins[${i}]`;
    plugins.push(await loadPlugin(resolvePluginPath(spec, baseDir, field), field));
  }
  return plugins;
}
