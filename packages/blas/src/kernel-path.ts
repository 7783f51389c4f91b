/**
 * The kernel path the blas backend's results depend on, and the choice of its SIMD path. Same
 * inputs + same kernel path ⇒ the same bits, with any thread count: products are cut into pieces by
 * their shape alone (one-thread OpenBLAS calls on the addon's pool), and the addon's own loops sum
 * in an order fixed by the shape.
 */
import { BackendError } from '@lrlab/core';
import { blasAddon } from './addon';

/** The SIMD paths of the addon's hand-vectorised loops (the direct convolutions), fastest first. */
export const BLAS_ISAS = ['avx512', 'avx2', 'generic'] as const;

/** One of {@link BLAS_ISAS}: `avx512` (x86-64-v4), `avx2` (x86-64-v3, with FMA), `generic` (no FMA). */
export type BlasIsa = (typeof BLAS_ISAS)[number];

/** The environment variable that forces the SIMD path when the backend is registered: `LRLAB_BLAS_ISA=avx2`. */
export const BLAS_ISA_ENV_VAR = 'LRLAB_BLAS_ISA';

/** What the blas backend's results depend on besides its inputs. */
export interface BlasKernelPath {
  /** The direct convolutions' SIMD path. */
  readonly isa: BlasIsa;
  /** OpenBLAS's version, e.g. `0.3.21`. */
  readonly openblas: string;
  /** The kernels OpenBLAS chose when it loaded (forced by `OPENBLAS_CORETYPE`), e.g. `Haswell`, `SkylakeX`. */
  readonly openblasCoreType: string;
  /**
   * oneDNN's version and instruction set, e.g. `2.6.3 avx512_core`, where the addon was built with
   * oneDNN 2.x and runs its convolutions' forward pass and input gradient there; absent otherwise.
   */
  readonly onednn?: string;
}

/**
 * The kernel path in use. A run's manifest records it: results are reproducible bit for bit on the
 * same path, whatever the thread count.
 *
 * @returns SIMD path, OpenBLAS version and core type
 * @throws BackendError when the addon is not available
 * @example
 * ```ts
 * blasKernelPath(); // { isa: 'avx512', openblas: '0.3.21', openblasCoreType: 'Haswell', onednn: '2.6.3 avx512_core' }
 * ```
 */
export function blasKernelPath(): BlasKernelPath {
  const path = blasAddon().kernelPath();
  return { isa: path.isa as BlasIsa, openblas: path.openblas, openblasCoreType: path.openblasCoreType, ...(path.onednn === undefined ? {} : { onednn: path.onednn }) };
}

/**
 * OpenBLAS's own description of its build, e.g. `OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=64`.
 *
 * @returns the description
 * @throws BackendError when the addon is not available
 */
export function openblasConfig(): string {
  return blasAddon().kernelPath().openblasConfig;
}

/**
 * The SIMD paths this CPU and build can run, fastest first (`generic` always).
 *
 * @returns the paths
 * @throws BackendError when the addon is not available
 */
export function supportedBlasIsas(): BlasIsa[] {
  const addon = blasAddon();
  return BLAS_ISAS.filter((isa) => addon.isaSupported(isa));
}

/**
 * Switches the direct convolutions to a SIMD path (the default is the fastest this CPU runs).
 * Results on one path differ from another's in the last bits: AVX2 and AVX-512 fuse multiply-adds.
 *
 * @param isa - the path
 * @throws BackendError when the name is unknown or this CPU cannot run it, naming the paths it can
 */
export function setBlasIsa(isa: BlasIsa): void {
  if (!(BLAS_ISAS as readonly string[]).includes(isa)) {
    throw new BackendError('blas', `Unknown SIMD path ${JSON.stringify(isa)}.`, `Choose one of: ${BLAS_ISAS.join(', ')}.`);
  }
  const supported = supportedBlasIsas();
  if (!supported.includes(isa)) {
    throw new BackendError('blas', `This CPU cannot run the ${isa} SIMD path.`, `Choose one it can: ${supported.join(', ')} (or unset ${BLAS_ISA_ENV_VAR}).`);
  }
  blasAddon().setIsa(isa);
}

/**
 * The SIMD path `LRLAB_BLAS_ISA` asks for, or undefined when it is not set.
 *
 * @param env - where to read it; default `process.env`
 * @returns the path
 * @throws BackendError when it is set to something other than a path name
 */
export function blasIsaFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): BlasIsa | undefined {
  const text = env[BLAS_ISA_ENV_VAR]?.trim();
  if (!text) return undefined;
  if (!(BLAS_ISAS as readonly string[]).includes(text)) {
    throw new BackendError('blas', `${BLAS_ISA_ENV_VAR}=${text} is not a SIMD path.`, `Set it to one of ${BLAS_ISAS.join(', ')}, or unset it.`);
  }
  return text as BlasIsa;
}
