/**
 * The foundation of lrlab: seeded randomness, typed errors and argument checks, tfjs backend
 * selection (with the wasm training kernels), and the few types the tensor packages share.
 *
 * @packageDocumentation
 * @module @lrlab/core
 */
export {
  LrlabError,
  ConfigError,
  DataError,
  BackendError,
  DivergenceError,
  IoError,
  formatValue,
} from './errors';
export type { LrlabErrorCode, LrlabErrorOptions } from './errors';

export {
  checkFinite,
  checkNumber,
  checkPositive,
  checkNonNegative,
  checkProbability,
  checkInteger,
  checkOneOf,
  checkIncreasing,
  checkLengths,
} from './check';
export type { NumberBounds } from './check';

export { checkSeed } from './random/seed';
export type { Seed } from './random/seed';
export { deriveSeed } from './random/derive-seed';
export type { SeedPathPart } from './random/derive-seed';
export { Prng } from './random/prng';
export type { PrngState } from './random/prng';
export {
  uniform,
  normal,
  fillNormal,
  fillUniform,
  integer,
  bernoulli,
  sign,
  permutation,
  shuffleInPlace,
} from './random/sample';
export type { IndexedArray } from './random/sample';
export { seededNormal, seededUniform } from './random/tensors';
export type { NormalTensorOptions, UniformTensorOptions } from './random/tensors';

export { lookupKind, withKinds } from './registry/kind';
export type { KindConfig, KindEntry, KindLookup, HasFields, Registry, OptionsOf, FieldsOf } from './registry/kind';

export { SYNTHETIC_GROUPS, PATCH_GROUPS } from './types';
export type {
  Schedule,
  ScalarOrSchedule,
  NoiseSite,
  NoiseContext,
  NoiseInjector,
  GroupTag,
  HostBatch,
} from './types';

export { initBackend, BACKEND_ENV_VAR } from './backend/select';
export type { InitBackendOptions, BackendSelection, CandidateOutcome } from './backend/select';
export type { BackendCandidate, Availability } from './backend/candidate';
export { runtimeDifferences, describeRuntime } from './backend/runtime';
export type { RuntimeIdentity, RuntimeFacts } from './backend/runtime';
export {
  defaultCandidates,
  tensorflowCandidate,
  blasCandidate,
  wasmCandidate,
  cpuCandidate,
  nodeModuleLoader,
  threadsFromEnv,
  THREADS_ENV_VAR,
} from './backend/candidates';
export type { ModuleLoader, BlasCandidateOptions, WasmCandidateOptions } from './backend/candidates';
export { startThreadedWasm, wasmThreadsUnsupported, WASM_THREADS_VERIFIED_VERSION } from './backend/wasm-threads';
export type { WasmThreadsModule } from './backend/wasm-threads';
export { registerWasmTrainingKernels, WASM_TRAINING_KERNELS } from './backend/wasm-kernels';
export type { RegisterWasmKernelsOptions } from './backend/wasm-kernels';
export { forEachConvWindow } from './backend/conv-windows';
export { scaledAdd, SCALED_ADD_KERNEL } from './backend/scaled-add';
export { batchNormTraining, batchNormTrainingGrad, BATCH_NORM_TRAIN_KERNEL, BATCH_NORM_GRAD_KERNEL } from './backend/batch-norm-training';
export type { BatchNormTrainingResult, BatchNormGradients } from './backend/batch-norm-training';
export type { ExampleRange } from './backend/conv-windows';
