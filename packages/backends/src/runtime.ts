/**
 * What a run's numbers depend on besides its config and seed: the backend, and for some backends
 * the kernel path (instruction set, library kernels) and thread count. Same config + seed + runtime
 * identity ⇒ identical metrics; resume and re-runs compare identities with {@link runtimeDifferences}.
 */

/** The runtime facts results depend on, as recorded in a run's manifest. */
export interface RuntimeIdentity {
  /** The tfjs backend name, e.g. `blas`, `wasm`, `cpu`, `tensorflow`. */
  readonly backend: string;
  /** The threads it computes with, or `null` when not known or not applicable. */
  readonly threads: number | null;
  /**
   * Whether its results change with the thread count. False for blas (work is split by shape
   * alone), wasm (XNNPACK's threads split whole outputs) and cpu (one thread); true where not known.
   */
  readonly threadsAffectResults: boolean;
  /**
   * The kernel path its results depend on, as named strings, e.g. blas's
   * `{ isa: 'avx512', openblasCoreType: 'Haswell', openblas: '0.3.21' }`; `{}` when the backend has
   * one path only.
   */
  readonly kernelPath: Readonly<Record<string, string>>;
}

/** What a backend candidate tells about its runtime once loaded (see {@link RuntimeIdentity}). */
export interface RuntimeFacts {
  /** See {@link RuntimeIdentity.threadsAffectResults}. */
  readonly threadsAffectResults: boolean;
  /** See {@link RuntimeIdentity.kernelPath}. */
  readonly kernelPath: Readonly<Record<string, string>>;
}

/**
 * The differences between two runtimes that can change results, each in words
 * (`backend: wasm → blas`, `threads: 1 → 2`, `kernelPath.isa: avx2 → avx512`); empty when results
 * are the same. Threads count only when either side says they affect results.
 *
 * @param recorded - the runtime a run was started (or last resumed) on
 * @param current - the runtime now
 * @returns the differences, recorded → current
 * @example
 * ```ts
 * runtimeDifferences(
 *   { backend: 'wasm', threads: 2, threadsAffectResults: false, kernelPath: {} },
 *   { backend: 'blas', threads: 2, threadsAffectResults: false, kernelPath: { isa: 'avx2' } },
 * ); // ['backend: wasm → blas', 'kernelPath.isa: (none) → avx2']
 * ```
 */
export function runtimeDifferences(recorded: RuntimeIdentity, current: RuntimeIdentity): string[] {
  const differences: string[] = [];
  if (recorded.backend !== current.backend) differences.push(`backend: ${recorded.backend} → ${current.backend}`);
  if ((recorded.threadsAffectResults || current.threadsAffectResults) && recorded.threads !== current.threads) {
    differences.push(`threads: ${recorded.threads ?? 'unknown'} → ${current.threads ?? 'unknown'}`);
  }
  const keys = [...new Set([...Object.keys(recorded.kernelPath), ...Object.keys(current.kernelPath)])].sort();
  for (const key of keys) {
    const [before, after] = [recorded.kernelPath[key], current.kernelPath[key]];
    if (before !== after) differences.push(`kernelPath.${key}: ${before ?? '(none)'} → ${after ?? '(none)'}`);
  }
  return differences;
}

/**
 * One line naming a runtime, for messages: `blas, 2 threads, isa=avx512 openblasCoreType=Haswell`.
 *
 * @param runtime - the runtime
 * @returns the line
 */
export function describeRuntime(runtime: RuntimeIdentity): string {
  const threads = runtime.threads === null ? '' : `, ${runtime.threads} thread${runtime.threads === 1 ? '' : 's'}`;
  const path = Object.entries(runtime.kernelPath)
    .map(([key, value]) => `${key}=${value}`)
    .join(' ');
  return `${runtime.backend}${threads}${path ? `, ${path}` : ''}`;
}
