/**
 * Loading the native OpenBLAS addon (`build/Release/lrlab_blas.node`, built by
 * `scripts/build-native.mjs`). Loading never throws: a missing or broken addon is reported as
 * unavailable, with the reason and the command that fixes it.
 */
import { join } from 'node:path';
import { BackendError } from '@lrlab/core';

/** The install command named whenever the addon cannot be used. */
export const BLAS_INSTALL_HINT =
  'Install OpenBLAS and a C compiler (sudo apt-get install -y libopenblas-dev build-essential), then rebuild the addon: npm run build -w @lrlab/blas.';

/** The functions the native addon exports. */
export interface BlasAddon {
  /**
   * Row-major single-precision GEMM, `C = alpha·op(A)·op(B) + beta·C` with op(A) m×k and op(B)
   * k×n, through OpenBLAS's `cblas_sgemm`. Throws a RangeError when a matrix does not fit its array.
   */
  sgemm(
    transA: boolean,
    transB: boolean,
    m: number,
    n: number,
    k: number,
    alpha: number,
    a: Float32Array,
    lda: number,
    b: Float32Array,
    ldb: number,
    beta: number,
    c: Float32Array,
    ldc: number,
  ): void;
  /**
   * A batch of `batch` products of one shape, `C_i = alpha·op(A_i)·op(B_i) + beta·C_i`, the i-th
   * matrices starting `i·stride` elements into their arrays (a stride of 0 repeats one matrix).
   * Each product is cut into the pieces {@link BlasAddon.sgemm} cuts it into alone, so each C_i has
   * the bits of its own call; the pieces of the whole batch share the threads. Throws a RangeError
   * when a matrix does not fit its array or the products would overlap in C.
   */
  sgemmBatched(
    batch: number,
    transA: boolean,
    transB: boolean,
    m: number,
    n: number,
    k: number,
    alpha: number,
    a: Float32Array,
    strideA: number,
    lda: number,
    b: Float32Array,
    strideB: number,
    ldb: number,
    beta: number,
    c: Float32Array,
    strideC: number,
    ldc: number,
  ): void;
  /**
   * Element-wise float32 `out[i] = a[i mod |a|] op b[i mod |b|]`, op 0 add, 1 sub, 2 mul, 3 div;
   * `a` or `b` is as long as `out` and the other's length divides it. Results equal the cpu
   * backend's bit for bit.
   */
  binary(op: number, a: Float32Array, b: Float32Array, out: Float32Array): void;
  /**
   * `out = a op b` (op 0 add, 1 sub, 2 mul, 3 div) with numpy broadcasting; the three shapes are
   * Int32Arrays of one rank (≤ 8), a's and b's sizes each 1 or out's. Bit for bit as the cpu backend.
   */
  broadcast(op: number, a: Float32Array, aShape: Int32Array, b: Float32Array, bShape: Int32Array, out: Float32Array, outShape: Int32Array): void;
  /** Element-wise float32 `out[i] = op(x[i])`, op 0 relu, 1 step (alpha at or below 0), 2 neg, 3 square; as the cpu backend computes them. */
  unary(op: number, x: Float32Array, out: Float32Array, alpha: number): void;
  /**
   * NHWC convolution `y = im2col(x) · filter` (dilation 1) by blocks of im2col rows and sgemm.
   * `dims` = [batch, inHeight, inWidth, inChannels, outHeight, outWidth, filterHeight, filterWidth,
   * strideHeight, strideWidth, padTop, padLeft, outChannels]. Throws a RangeError when a length does not fit.
   */
  conv2d(x: Float32Array, filter: Float32Array, y: Float32Array, dims: Int32Array): void;
  /** The filter gradient `dW = im2col(x)ᵀ · dy` of {@link BlasAddon.conv2d}. */
  conv2dBackpropFilter(x: Float32Array, dy: Float32Array, dW: Float32Array, dims: Int32Array): void;
  /** The input gradient `dx = col2im(dy · filterᵀ)` of {@link BlasAddon.conv2d} (dx is overwritten). */
  conv2dBackpropInput(dy: Float32Array, filter: Float32Array, dx: Float32Array, dims: Int32Array): void;
  /** `out[i] = fround(alpha)·x[i] + y[i]`, each operation rounded to float32 (an SGD update). */
  scaledAdd(alpha: number, x: Float32Array, y: Float32Array, out: Float32Array): void;
  /**
   * One variable's SGD step in one pass, each operation rounded to float32 as tfjs's ops round it
   * (core's `sgdStep`): with c = fround(−learningRate), m = fround(momentum), g ← g + w·fround(wd)
   * when weightDecay ≠ 0, then rule 0 (plain) `wOut = c·g + w`; 1 (momentum) `accOut = m·acc + g`,
   * `wOut = c·accOut + w`; 2 (Nesterov) `accOut` likewise, `wOut = c·(g + accOut·m) + w`. For
   * rule 0, `acc` and `accOut` are empty. Throws a RangeError when a length does not fit.
   */
  sgdStep(
    rule: number,
    learningRate: number,
    momentum: number,
    weightDecay: number,
    w: Float32Array,
    g: Float32Array,
    acc: Float32Array,
    wOut: Float32Array,
    accOut: Float32Array,
  ): void;
  /**
   * Sums (op 0) or averages (op 1) `x` of `shape` into `out`, moving the output offset by
   * `steps[d]` per step along axis d (0 on reduced axes); float64 accumulation in row order, as
   * the cpu backend. Throws a RangeError when an offset would leave `out`.
   */
  reduce(op: number, x: Float32Array, shape: Int32Array, steps: Int32Array, out: Float32Array): void;
  /**
   * `out[i] = offset + (x[i] − mean)·scale / √(variance + epsilon)`, each per-channel array read
   * cyclically, in float64 and the cpu backend's order of operations.
   */
  batchNorm(x: Float32Array, mean: Float32Array, variance: Float32Array, scale: Float32Array, offset: Float32Array, out: Float32Array, epsilon: number): void;
  /**
   * Training batch norm over the leading axes (C = |scale| channels, last): writes the batch
   * `mean`, biased `variance` and `y = offset + (x − mean)·scale/√(variance + epsilon)`.
   */
  batchNormTrain(x: Float32Array, scale: Float32Array, offset: Float32Array, y: Float32Array, mean: Float32Array, variance: Float32Array, epsilon: number): void;
  /**
   * The gradients of {@link BlasAddon.batchNormTrain} (through the batch statistics too): writes
   * `dx`, `dScale`, `dOffset`. A non-empty `relu` (the output of a ReLU after the batch norm) masks
   * dy first, dy·step(relu), as tfjs's ReLU gradient does.
   */
  batchNormGrad(
    dy: Float32Array,
    x: Float32Array,
    mean: Float32Array,
    variance: Float32Array,
    scale: Float32Array,
    relu: Float32Array,
    dx: Float32Array,
    dScale: Float32Array,
    dOffset: Float32Array,
    epsilon: number,
  ): void;
  /** The thread count of products and the addon's loops (OpenBLAS itself runs on one thread per piece). */
  getThreads(): number;
  /** Sets the thread count (≥ 1); results do not depend on it. */
  setThreads(threads: number): void;
  /** The kernel path results depend on: SIMD path, OpenBLAS version, core type and build configuration. */
  kernelPath(): AddonKernelPath;
  /** Whether this CPU and build can run a SIMD path (`avx512`, `avx2`, `generic`). */
  isaSupported(isa: string): boolean;
  /** Switches the direct convolutions to a SIMD path; a RangeError when unknown or unsupported here. */
  setIsa(isa: string): void;
  /** Keeps freed large blocks in the process heap for reuse (glibc's mmap and trim thresholds raised); false off glibc. */
  keepHeap(): boolean;
}

/** What the addon's `kernelPath()` returns. */
export interface AddonKernelPath {
  /** The direct convolutions' SIMD path: `avx512`, `avx2` or `generic`. */
  readonly isa: string;
  /** OpenBLAS's version, e.g. `0.3.21`. */
  readonly openblas: string;
  /** The kernels OpenBLAS chose when it loaded, e.g. `Haswell`. */
  readonly openblasCoreType: string;
  /** OpenBLAS's description of its build (`openblas_get_config()`). */
  readonly openblasConfig: string;
  /** oneDNN's version and instruction set (`2.6.3 avx512_core`) where convolutions run on it; absent otherwise. */
  readonly onednn?: string;
}

/** Whether the addon can be used, and why not. */
export interface BlasAvailability {
  /** True when the addon loaded and exports every function of {@link BlasAddon}. */
  readonly available: boolean;
  /** Where the addon was loaded from, or why it could not be. */
  readonly reason: string;
}

/** The addon's path; the same from `src/` (tests) and `dist/` (the built package). */
const ADDON_PATH = join(__dirname, '..', 'build', 'Release', 'lrlab_blas.node');

/** What a usable addon exports. */
const ADDON_FUNCTIONS = ['sgemm', 'sgemmBatched', 'binary', 'broadcast', 'unary', 'scaledAdd', 'sgdStep', 'reduce', 'batchNorm', 'batchNormTrain', 'batchNormGrad', 'conv2d', 'conv2dBackpropFilter', 'conv2dBackpropInput', 'getThreads', 'setThreads', 'kernelPath', 'isaSupported', 'setIsa', 'keepHeap'] as const satisfies readonly (keyof BlasAddon)[];

let cached: { addon?: BlasAddon; availability: BlasAvailability } | undefined;

function load(): { addon?: BlasAddon; availability: BlasAvailability } {
  if (cached) return cached;
  try {
    // oneDNN's OpenMP threads must sleep, not spin, between calls: they share the cores with the
    // addon's own pool. libgomp reads this once, when the addon loads it; a value set by the user stays.
    process.env['OMP_WAIT_POLICY'] ??= 'passive';
    // A native addon can only be loaded with require, by path.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const addon = require(ADDON_PATH) as Partial<BlasAddon>;
    const missing = ADDON_FUNCTIONS.filter((name) => typeof addon[name] !== 'function');
    if (missing.length > 0) {
      cached = { availability: { available: false, reason: `${ADDON_PATH} does not export ${missing.join(', ')} (an addon from an older version: rebuild it)` } };
    } else {
      cached = { addon: addon as BlasAddon, availability: { available: true, reason: `OpenBLAS addon loaded from ${ADDON_PATH}` } };
    }
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    const reason = /Cannot find module/.test(message)
      ? `the native addon is not built (${ADDON_PATH} is missing)`
      : `the native addon failed to load: ${message}`;
    cached = { availability: { available: false, reason } };
  }
  return cached;
}

/**
 * Whether the OpenBLAS addon loads here. Never throws.
 *
 * @returns availability, with the addon's path or the reason it cannot be used
 * @example
 * ```ts
 * const { available, reason } = isBlasAvailable();
 * if (!available) console.log(`no blas backend: ${reason}`);
 * ```
 */
export function isBlasAvailable(): BlasAvailability {
  return load().availability;
}

/**
 * The loaded addon.
 *
 * @returns the addon's functions
 * @throws BackendError when the addon is not built or does not load, with the install command
 */
export function blasAddon(): BlasAddon {
  const { addon, availability } = load();
  if (!addon) throw new BackendError('blas', `The OpenBLAS addon cannot be used: ${availability.reason}.`, BLAS_INSTALL_HINT);
  return addon;
}
