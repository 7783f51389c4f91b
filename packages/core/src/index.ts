/**
 * The foundation of lrlab: seeded randomness, typed errors and argument checks, the registry shape,
 * the few types the tensor packages share, and the front-ends of the fused kernels a backend may
 * register (each a kernel name plus its tfjs fallback). Backend selection is `@lrlab/backends`.
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
export { nearestName } from './nearest-name';

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

export { scaledAdd, SCALED_ADD_KERNEL } from './kernels/scaled-add';
export { sgdStep, SGD_STEP_KERNEL } from './kernels/sgd-step';
export type { SgdStepOptions, SgdStepAttrs } from './kernels/sgd-step';
export { batchNormTraining, batchNormTrainingGrad, BATCH_NORM_TRAIN_KERNEL, BATCH_NORM_GRAD_KERNEL } from './kernels/batch-norm-training';
export type { BatchNormTrainingResult, BatchNormGradients } from './kernels/batch-norm-training';
