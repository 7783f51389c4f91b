/**
 * The resume guarantee's guard: a run continues only on a runtime that gives the results it would
 * have given uninterrupted (same backend and kernel path, and thread count where the backend's
 * results depend on it), unless the caller allows the change, which the manifest then records.
 */
import { LrlabError } from '@lrlab/core';
import { describeRuntime, runtimeDifferences, type RuntimeIdentity } from '@lrlab/backends';

/** The blas kernel-path entry that names OpenBLAS's core type (`OPENBLAS_CORETYPE`). */
const OPENBLAS_CORE_TYPE_KEY = 'openblasCoreType';

/** The command-line flag that lets a resume continue on another runtime. */
const ALLOW_RUNTIME_CHANGE_FLAG = '--allow-runtime-change';

/**
 * Thrown when a partial run would resume on a runtime whose results can differ from the one it
 * trained on. Its code is `backend`, so the CLI exits with code 2.
 */
export class RuntimeChangeError extends LrlabError {
  /** The run folder. */
  readonly runDir: string;
  /** The runtime the run last trained on, from its manifest. */
  readonly recorded: RuntimeIdentity;
  /** The runtime of this process. */
  readonly current: RuntimeIdentity;
  /** What differs, recorded → current, as {@link runtimeDifferences} words it. */
  readonly differences: readonly string[];

  /**
   * @param runDir - the run folder
   * @param recorded - the runtime the manifest records for the run's latest segment
   * @param current - the runtime of this process
   * @param differences - `runtimeDifferences(recorded, current)`, not empty
   * @param note - why the recorded runtime could not be used, when known (e.g. `blas unavailable: …`)
   * @example
   * ```ts
   * // RuntimeChangeError: runs/a was trained on wasm, 2 threads; this process runs cpu
   * // (backend: wasm → cpu), so resuming could change its metrics. Resume where that runtime is
   * // available, or pass --allow-runtime-change (allowRuntimeChange: true) to continue on this one;
   * // the manifest then records the change.
   * ```
   */
  constructor(runDir: string, recorded: RuntimeIdentity, current: RuntimeIdentity, differences: readonly string[], note?: string) {
    super(
      'backend',
      `${runDir} was trained on ${describeRuntime(recorded)}; this process runs ${describeRuntime(current)} ` +
        `(${differences.join('; ')})${note ? ` [${note}]` : ''}, so resuming could change its metrics.`,
      `Resume where that runtime is available${coreTypeHint(recorded, current)}, or pass ${ALLOW_RUNTIME_CHANGE_FLAG} ` +
        '(allowRuntimeChange: true) to continue on this one; the manifest then records the change.',
    );
    this.runDir = runDir;
    this.recorded = recorded;
    this.current = current;
    this.differences = [...differences];
  }
}

/** OpenBLAS picks its core type when the process starts, so a differing one can only be set before. */
function coreTypeHint(recorded: RuntimeIdentity, current: RuntimeIdentity): string {
  const coreType = recorded.kernelPath[OPENBLAS_CORE_TYPE_KEY];
  if (coreType === undefined || recorded.backend !== current.backend || coreType === current.kernelPath[OPENBLAS_CORE_TYPE_KEY]) return '';
  return ` (OpenBLAS's core type only changes at start: run with OPENBLAS_CORETYPE=${coreType})`;
}

/**
 * Compares the runtime a run last trained on with this process's, before it resumes.
 *
 * @param runDir - the run folder, for the message
 * @param recorded - the runtime of the run's latest segment
 * @param current - this process's runtime (`initBackend()`'s `selection.runtime`)
 * @param allowChange - continue anyway (`--allow-runtime-change`)
 * @param note - why the recorded runtime could not be used, when known
 * @returns the differences that `allowChange` let through; empty when the runtimes agree
 * @throws RuntimeChangeError when they differ and `allowChange` is false
 * @example
 * ```ts
 * const cpu = { backend: 'cpu', threads: null, threadsAffectResults: false, kernelPath: {} };
 * checkRuntimeChange('runs/a', cpu, cpu, false); // []
 * ```
 */
export function checkRuntimeChange(runDir: string, recorded: RuntimeIdentity, current: RuntimeIdentity, allowChange: boolean, note?: string): string[] {
  const differences = runtimeDifferences(recorded, current);
  if (differences.length > 0 && !allowChange) throw new RuntimeChangeError(runDir, recorded, current, differences, note);
  return differences;
}
