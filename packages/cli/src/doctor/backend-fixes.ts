/**
 * What `lrlab doctor` tells the user to run to get a backend that selection skipped: the exact
 * commands, which differ between a package that is missing (install it) and one that is installed
 * but whose native part did not build or load (rebuild it).
 */
import type { BackendCandidate, BackendSelection } from '@lrlab/backends';

/** OpenBLAS and a C compiler: what `@lrlab/blas`'s addon builds against (Debian/Ubuntu names). */
const BLAS_BUILD_TOOLS = 'sudo apt-get install -y libopenblas-dev build-essential';

/**
 * The commands that make a backend usable, as one line to paste into a shell.
 *
 * @param candidate - the backend's candidate (its name and packages)
 * @param installed - whether an npm package is installed (resolvable from here)
 * @param tfjsVersion - the tfjs version in use: tfjs's own backends must match it
 * @returns the commands, or undefined for a backend with nothing to install (cpu)
 * @example
 * ```ts
 * backendFix(blasCandidate(), () => false, '4.22.0');
 * // 'sudo apt-get install -y libopenblas-dev build-essential && npm install @lrlab/blas'
 * ```
 */
export function backendFix(candidate: Pick<BackendCandidate, 'name' | 'packages'>, installed: (pkg: string) => boolean, tfjsVersion: string): string | undefined {
  const present = candidate.packages.find(installed);
  switch (candidate.name) {
    case 'blas':
      // Installed but unusable: its addon did not build (no OpenBLAS or compiler then) or fails to load.
      return `${BLAS_BUILD_TOOLS} && npm ${present ? 'rebuild' : 'install'} ${present ?? '@lrlab/blas'}`;
    case 'tensorflow':
      return present ? `npm rebuild ${present}` : `npm install @tensorflow/tfjs-node@${tfjsVersion} (or @tensorflow/tfjs-node-gpu@${tfjsVersion} with CUDA 11.2 and cuDNN 8.1)`;
    case 'webgpu':
      // Installed with an adapter that is only a software rasteriser, or none: a driver, not a package, is missing.
      return candidate.packages.every(installed)
        ? 'on a machine with a GPU, install its Vulkan driver and loader (libvulkan1); here LRLAB_BACKEND=webgpu runs the software adapter (correct but slow)'
        : `npm install @lrlab/webgpu webgpu@0.6.2 @tensorflow/tfjs-backend-webgpu@${tfjsVersion}`;
    case 'cpu':
      return undefined;
    default:
      return present ? `npm rebuild ${present}` : `npm install ${candidate.packages.map((p) => (p.startsWith('@tensorflow/') ? `${p}@${tfjsVersion}` : p)).join(' or ')}`;
  }
}

/** A backend that selection skipped, why, and how to get it. */
export interface SkippedBackend {
  /** The backend's name, e.g. `blas`. */
  readonly name: string;
  /** `unavailable` (not installed, or its addon does not load) or `failed` (it did not start). */
  readonly outcome: 'unavailable' | 'failed';
  /** Why, as selection said it: `@lrlab/blas is not installed`. */
  readonly reason: string;
  /** The commands that make it usable, when there are any. */
  readonly fix?: string;
}

/**
 * The backends a selection tried and could not use (those ranked above the chosen one, in
 * automatic selection), each with its reason and fix.
 *
 * @param selection - what `initBackend` returned
 * @param candidates - the candidates it chose from
 * @param installed - whether an npm package is installed
 * @returns the skipped backends, in selection order
 */
export function skippedBackends(selection: BackendSelection, candidates: readonly BackendCandidate[], installed: (pkg: string) => boolean): SkippedBackend[] {
  const skipped: SkippedBackend[] = [];
  for (const { name, outcome, detail } of selection.candidates) {
    if (outcome !== 'unavailable' && outcome !== 'failed') continue;
    const candidate = candidates.find((c) => c.name === name);
    const fix = candidate && backendFix(candidate, installed, selection.tfjsVersion);
    skipped.push({ name, outcome, reason: detail, ...(fix ? { fix } : {}) });
  }
  return skipped;
}
