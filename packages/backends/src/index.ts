/**
 * The runtime of lrlab: which tfjs backend runs
 * (tensorflow (GPU) > webgpu (GPU) > tensorflow (CPU) > blas > wasm > cpu, each a
 * {@link BackendCandidate} that says how to detect and load it), the {@link RuntimeIdentity}
 * results depend on, and the wasm backend's training kernels and threads. Tensor packages never
 * import this package; experiments and the command line do.
 *
 * @packageDocumentation
 * @module @lrlab/backends
 */
export { initBackend, BACKEND_ENV_VAR } from './select';
export type { InitBackendOptions, BackendSelection, CandidateOutcome } from './select';
export type { BackendCandidate, Availability } from './candidate';
export { runtimeDifferences, describeRuntime } from './runtime';
export type { RuntimeIdentity, RuntimeFacts } from './runtime';
export {
  defaultCandidates,
  tensorflowCandidate,
  blasCandidate,
  wasmCandidate,
  webgpuCandidate,
  cpuCandidate,
  nodeModuleLoader,
  threadsFromEnv,
  THREADS_ENV_VAR,
} from './candidates';
export type { ModuleLoader, BlasCandidateOptions, WasmCandidateOptions, WebGpuAdapterOptions } from './candidates';
export { startThreadedWasm, wasmThreadsUnsupported, WASM_THREADS_VERIFIED_VERSION } from './wasm/threads';
export type { WasmThreadsModule } from './wasm/threads';
export { registerWasmTrainingKernels, WASM_TRAINING_KERNELS } from './wasm/training-kernels';
export type { RegisterWasmKernelsOptions } from './wasm/training-kernels';
