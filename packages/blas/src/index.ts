/**
 * `@lrlab/blas`: an optional native CPU path for lrlab. A small N-API addon calls OpenBLAS's
 * `cblas_sgemm` and runs convolutions, batch norm, reductions and element-wise ops in C, and
 * {@link registerBlasBackend} registers a tfjs backend named `blas` (the cpu backend with those
 * kernels replaced, plus core's fused kernels). `@lrlab/core` loads this package by name and
 * prefers it to wasm when {@link isBlasAvailable} says it can.
 */
export { isBlasAvailable, blasAddon, BLAS_INSTALL_HINT } from './addon';
export type { BlasAddon, BlasAvailability, AddonKernelPath } from './addon';
export { registerBlasBackend, setBlasThreads, getBlasThreads, BLAS_BACKEND_NAME, BLAS_KERNELS, BLAS_FUSED_KERNELS } from './register';
export type { RegisterBlasOptions, BlasRegistration } from './register';
export type { BlasKernelFunc } from './matmul-kernels';
export { blasKernelPath, openblasConfig, supportedBlasIsas, setBlasIsa, blasIsaFromEnv, BLAS_ISAS, BLAS_ISA_ENV_VAR } from './kernel-path';
export type { BlasIsa, BlasKernelPath } from './kernel-path';
export { applyBlasHeap, blasHeapFromEnv, BLAS_HEAP_ENV_VAR } from './heap';
export type { BlasHeapPolicy } from './heap';
