/**
 * Learning-rate schedules as pure step → value functions, the paper's schedules as presets,
 * optimizer binding with weight decay, and seeded noise injectors.
 *
 * Step convention: steps and epochs are 0-based; a piece of a join starts *at* its boundary and
 * receives its local step; steps per epoch = ⌈N / batchSize⌉ unless the last partial batch is
 * dropped. Every factory validates its arguments once and throws a `ConfigError` naming the bad
 * value; every schedule it returns carries its JSON `config`, which {@link buildSchedule} rebuilds.
 *
 * @packageDocumentation
 * @module @lrlab/schedules
 */
export type { Schedule, ScalarOrSchedule, NoiseInjector } from '@lrlab/core';

export { withConfig, isDescribed, scheduleConfig } from './schedule';
export type { DescribedSchedule } from './schedule';
export { toSchedule } from './to-schedule';
export type { ScheduleConfig } from './lr/config';
export { SCHEDULES } from './lr/registry';
export type { ScheduleKindEntry, ScheduleContext, WithDefaults } from './lr/kind';
export { buildSchedule, resolveSchedule, scheduleChangePoints, SCHEDULE_KINDS } from './build';

export { constant } from './lr/constant';
export type { ConstantConfig } from './lr/constant';
export { piecewiseConstant } from './lr/piecewise';
export type { PiecewiseConstantConfig, PiecewiseConstantOptions } from './lr/piecewise';
export { multiStep } from './lr/multi-step';
export type { MultiStepConfig, MultiStepOptions } from './lr/multi-step';
export { stepDecay } from './lr/step-decay';
export type { StepDecayConfig, StepDecayOptions } from './lr/step-decay';
export { exponentialDecay } from './lr/exponential';
export type { ExponentialDecayConfig, ExponentialDecayOptions } from './lr/exponential';
export { linear } from './lr/linear';
export type { LinearConfig, LinearOptions } from './lr/linear';
export { polynomial } from './lr/polynomial';
export type { PolynomialConfig, PolynomialOptions } from './lr/polynomial';
export { cosineDecay } from './lr/cosine';
export type { CosineDecayConfig, CosineDecayOptions } from './lr/cosine';
export { cyclic } from './lr/cyclic';
export type { CyclicConfig, CyclicOptions } from './lr/cyclic';
export { inverseSqrt } from './lr/inverse-sqrt';
export type { InverseSqrtConfig, InverseSqrtOptions } from './lr/inverse-sqrt';
export { joinSchedules, joinDescribed } from './lr/join';
export type { JoinConfig } from './lr/join';
export { warmup, warmupCosineDecay } from './lr/warmup';
export type { WarmupOptions, WarmupCosineDecayOptions } from './lr/warmup';
export { sgdr } from './lr/sgdr';
export type { SgdrOptions } from './lr/sgdr';
export { oneCycle } from './lr/one-cycle';
export type { OneCycleOptions } from './lr/one-cycle';
export { mapSchedule, product, sum, scale, powerOf, rootSumSquares } from './lr/combinators';
export type {
  PowerOfOptions,
  ProductConfig,
  SumConfig,
  PointwiseConfig,
  ScaleConfig,
  PowerOfConfig,
  RootSumSquaresConfig,
} from './lr/combinators';
export { stepsPerEpoch, perEpoch } from './lr/epochs';
export type { StepsPerEpochOptions, PerEpochConfig } from './lr/epochs';

export {
  paperLearningRate,
  paperNoise,
  PAPER_LR_SCHEDULES,
  PAPER_NOISE_SCHEDULES,
} from './presets/paper';
export type { PaperLrScheduleName, PaperNoiseScheduleName, PaperNoiseOptions } from './presets/paper';

export { OPTIMIZERS, OPTIMIZER_KINDS, resolveOptimizerConfig } from './optimizer/config';
export type { OptimizerKind, OptimizerConfig, ResolvedOptimizerConfig } from './optimizer/config';
export type { OptimizerKindEntry, OptimizerBuildContext } from './optimizer/kind';
export type { SgdConfig } from './optimizer/sgd';
export type { MomentumConfig } from './optimizer/momentum';
export type { AdamConfig } from './optimizer/adam';
export type { RmspropConfig } from './optimizer/rmsprop';
export { createOptimizer } from './optimizer/create';
export { bindOptimizer } from './optimizer/bind';
export { lockstepSgd, lockstepSgdUnsupported } from './optimizer/lockstep-sgd';
export type { LockstepSgd, LockstepSgdOptions } from './optimizer/lockstep-sgd';
export type { BindOptimizerOptions, BoundOptimizer, RestoreStateOptions } from './optimizer/bind';
export { WEIGHT_DECAY_MODES, resolveWeightDecay } from './optimizer/weight-decay';
export type { WeightDecayConfig, WeightDecayMode, WeightDecay } from './optimizer/weight-decay';
export { OPTIMIZER_STATE_VERSION } from './optimizer/state';
export type { OptimizerState, OptimizerSlot } from './optimizer/state';
export type { AdamPowers } from './optimizer/tfjs-internals';

export { preactivationNoise, isPreactivationNoise, PREACTIVATION_NOISE_MODES } from './noise/preactivation';
export type { PreactivationNoise, PreactivationNoiseOptions, PreactivationNoiseSpec } from './noise/preactivation';
export { combineNoise } from './noise/combine';
export type { SequentialNoise } from './noise/combine';
export { gradientNoise } from './noise/gradient';
export type { GradientNoise, GradientNoiseOptions, GradientNoiseSpec } from './noise/gradient';
export { weightNoise } from './noise/weight';
export type { WeightNoise, WeightNoiseOptions, WeightNoiseSpec } from './noise/weight';
export type { NoisyVariables } from './noise/kind';
export { NOISE_INJECTORS, resolveNoiseInjector, buildNoiseInjector } from './noise/registry';
export type { NoiseInjectorSpec, ResolvedNoiseInjector } from './noise/registry';
export type {
  NoiseTarget,
  NoiseKindConfig,
  NoiseBuildContext,
  GradientNoiseTransform,
  WeightNoiseTransform,
  PreactivationNoiseEntry,
  GradientNoiseEntry,
  WeightNoiseEntry,
  NoiseKindEntry,
  BuiltNoise,
  BuiltPreactivationNoise,
  BuiltGradientNoise,
  BuiltWeightNoise,
} from './noise/kind';
export type {
  PreactivationNoiseMode,
  PreactivationNoiseConfig,
  SequentialNoiseConfig,
  NoiseInjectorConfig,
  GradientNoiseConfig,
  WeightNoiseConfig,
} from './noise/config';
