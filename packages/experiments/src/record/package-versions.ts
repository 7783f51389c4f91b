/**
 * The package versions a run manifest records: every installed `@lrlab` package (found on disk, so
 * a new package appears without editing a list) and the tfjs packages that decide numerics.
 */
import * as nodeFs from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** The package scope whose installed packages {@link installedLrlabVersions} lists. */
const LRLAB_SCOPE = '@lrlab';

/**
 * The tfjs packages whose versions a manifest records besides the `@lrlab` ones; those that are
 * not installed (the optional backends) are skipped.
 */
export const MANIFEST_TFJS_PACKAGES: readonly string[] = [
  '@tensorflow/tfjs',
  '@tensorflow/tfjs-core',
  '@tensorflow/tfjs-backend-cpu',
  '@tensorflow/tfjs-backend-wasm',
  '@tensorflow/tfjs-node',
  '@tensorflow/tfjs-node-gpu',
];

/**
 * The versions of the `@lrlab` packages installed where `fromFile` resolves its dependencies: the
 * entries of each `node_modules/@lrlab` folder on Node's search path, the nearest winning (as
 * `require` would pick them). In the workspace those entries are symlinks to `packages/*`, in a
 * user's install real folders; either way each entry's `package.json` gives name and version.
 *
 * @param fromFile - the file whose resolution is mirrored; default this module
 * @returns versions by package name, e.g. `{ '@lrlab/blas': '0.1.0', '@lrlab/core': '0.1.0' }`
 * @example
 * ```ts
 * installedLrlabVersions()['@lrlab/core']; // '0.1.0'
 * ```
 */
export function installedLrlabVersions(fromFile: string = __filename): Record<string, string> {
  const versions: Record<string, string> = {};
  for (const modulesDir of createRequire(fromFile).resolve.paths(LRLAB_SCOPE) ?? []) {
    for (const entry of listFolder(join(modulesDir, LRLAB_SCOPE))) {
      const name = `${LRLAB_SCOPE}/${entry}`;
      if (versions[name] !== undefined) continue;
      const version = versionOf(join(modulesDir, LRLAB_SCOPE, entry, 'package.json'), name);
      if (version !== undefined) versions[name] = version;
    }
  }
  return versions;
}

/**
 * The versions of the named packages as `fromFile` resolves them; those that cannot be resolved
 * (not installed, an optional backend) are skipped.
 *
 * @param names - package names
 * @param fromFile - the file whose resolution is used; default this module
 * @returns versions by package name
 */
export function resolvedVersions(names: readonly string[], fromFile: string = __filename): Record<string, string> {
  const requirePackage = createRequire(fromFile);
  const versions: Record<string, string> = {};
  for (const name of names) {
    let file: string;
    try {
      file = requirePackage.resolve(`${name}/package.json`);
    } catch {
      continue;
    }
    const version = versionOf(file, name);
    if (version !== undefined) versions[name] = version;
  }
  return versions;
}

/**
 * The versions a new manifest records: every installed `@lrlab` package, then the installed
 * {@link MANIFEST_TFJS_PACKAGES}.
 *
 * @returns versions by package name
 */
export function manifestVersions(): Record<string, string> {
  return { ...installedLrlabVersions(), ...resolvedVersions(MANIFEST_TFJS_PACKAGES) };
}

function listFolder(dir: string): string[] {
  try {
    return nodeFs.readdirSync(dir).sort();
  } catch {
    return [];
  }
}

/** The version in a `package.json`, when it is readable and names the expected package. */
function versionOf(file: string, name: string): string | undefined {
  try {
    const json = JSON.parse(nodeFs.readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
    return json.name === name && typeof json.version === 'string' ? json.version : undefined;
  } catch {
    // A stray folder in the scope, or a half-installed package: not a package that can run.
    return undefined;
  }
}
