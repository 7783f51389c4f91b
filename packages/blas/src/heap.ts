/**
 * Where the backend's arrays come from. A training step frees and reallocates the same large
 * arrays every step; with glibc's defaults each of them is a fresh mmap() given back at once, so
 * every step pays page faults on memory it just freed. The addon's `keepHeap()` keeps freed blocks
 * in the heap for reuse instead (glibc only; values are untouched). `LRLAB_BLAS_HEAP=os` leaves
 * glibc's defaults alone, for a process that must give memory back between steps.
 */
import { blasAddon } from './addon';

/** The environment variable that chooses the heap policy: `keep` (default) or `os`. */
export const BLAS_HEAP_ENV_VAR = 'LRLAB_BLAS_HEAP';

/** How the process heap is run: `keep` (freed blocks reused) or `os` (glibc's defaults). */
export type BlasHeapPolicy = 'keep' | 'os';

/**
 * The heap policy `LRLAB_BLAS_HEAP` asks for.
 *
 * @param env - the environment; default `process.env`
 * @returns `keep` unless the variable says `os`
 * @throws RangeError for any other value
 */
export function blasHeapFromEnv(env: NodeJS.ProcessEnv = process.env): BlasHeapPolicy {
  const value = env[BLAS_HEAP_ENV_VAR];
  if (value === undefined || value === '' || value === 'keep') return 'keep';
  if (value === 'os') return 'os';
  throw new RangeError(`${BLAS_HEAP_ENV_VAR} must be "keep" or "os", got ${JSON.stringify(value)}.`);
}

/**
 * Applies a heap policy to this process (from now on; it is process-wide).
 *
 * @param policy - `keep` or `os`
 * @returns whether freed blocks are now kept (false for `os`, or off glibc)
 */
export function applyBlasHeap(policy: BlasHeapPolicy): boolean {
  return policy === 'keep' ? blasAddon().keepHeap() : false;
}
