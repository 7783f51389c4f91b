/**
 * The npm packages the webgpu backend runs on, found from this package's location (so a user's
 * install is found): Dawn's node binding (`webgpu`, with `dawn.node` for each platform inside the
 * package) and tfjs's WebGPU backend.
 */
import * as path from 'node:path';
import { existsSync } from 'node:fs';

/** Dawn's node binding on npm; its binaries ship inside the package. */
export const DAWN_PACKAGE = 'webgpu';
/** tfjs's WebGPU backend on npm, at tfjs's version. */
export const TFJS_WEBGPU_PACKAGE = '@tensorflow/tfjs-backend-webgpu';
/** The `webgpu` version lrlab is tested with. */
export const DAWN_TESTED_VERSION = '0.6.2';

/** Whether the webgpu backend's packages are installed here, and if not what is missing. */
export interface WebGpuPackages {
  /** True when both packages and Dawn's binary for this platform are present. */
  readonly installed: boolean;
  /** What was found, or what is missing, in words. */
  readonly detail: string;
  /** The path of `dawn.node` for this platform, when present. */
  readonly dawnBinary?: string;
  /** The installed versions, by package name. */
  readonly versions: Readonly<Record<string, string>>;
}

function packageJson(id: string): { dir: string; version: string } | undefined {
  try {
    const file = require.resolve(`${id}/package.json`);
    // Reading a package's own package.json needs a runtime path, so a static import is not possible.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return { dir: path.dirname(file), version: String((require(file) as { version?: unknown }).version) };
  } catch {
    return undefined;
  }
}

/**
 * The path of Dawn's node binary inside the `webgpu` package for a platform, as that package's own
 * `index.js` finds it (`dist/<platform>-<arch>/dawn.node`, `darwin-universal` on macOS).
 *
 * @param packageDir - the `webgpu` package's folder
 * @param platform - default `process.platform`
 * @param arch - default `process.arch`
 * @returns the path
 */
export function dawnBinaryPath(packageDir: string, platform: NodeJS.Platform = process.platform, arch: string = process.arch): string {
  return path.join(packageDir, 'dist', `${platform}-${platform === 'darwin' ? 'universal' : arch}`, 'dawn.node');
}

/**
 * Checks that `webgpu` (with Dawn's binary for this platform) and `@tensorflow/tfjs-backend-webgpu`
 * are installed, without loading either.
 *
 * @returns what was found
 */
export function webgpuPackages(): WebGpuPackages {
  const dawn = packageJson(DAWN_PACKAGE);
  const tfjs = packageJson(TFJS_WEBGPU_PACKAGE);
  const missing = [dawn ? '' : `${DAWN_PACKAGE}@${DAWN_TESTED_VERSION}`, tfjs ? '' : TFJS_WEBGPU_PACKAGE].filter(Boolean);
  const versions: Record<string, string> = {};
  if (dawn) versions[DAWN_PACKAGE] = dawn.version;
  if (tfjs) versions[TFJS_WEBGPU_PACKAGE] = tfjs.version;
  if (missing.length > 0) return { installed: false, detail: `${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not installed`, versions };
  const binary = dawnBinaryPath(dawn!.dir);
  if (!existsSync(binary)) {
    return { installed: false, detail: `${DAWN_PACKAGE}@${dawn!.version} has no Dawn binary for ${process.platform}-${process.arch} (${binary})`, versions };
  }
  return { installed: true, detail: `${DAWN_PACKAGE}@${dawn!.version} and ${TFJS_WEBGPU_PACKAGE}@${tfjs!.version} are installed`, dawnBinary: binary, versions };
}
