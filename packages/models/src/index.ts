/**
 * Models for learning-rate studies: the theory's two-layer network, a linear baseline,
 * pre-activation WideResNets as the paper's reference builds them, and a small CNN; a registry
 * ({@link MODELS}) that builds any of them, or a user's own kind, from a JSON config and a seed;
 * and an exact, versioned weights format.
 *
 * Models take a noise injector (the `NoiseInjector` interface of `@lrlab/core`) as an argument of
 * `apply`; they never import `@lrlab/schedules`.
 *
 * @packageDocumentation
 * @module @lrlab/models
 */
export type { NoiseInjector, NoiseSite, NoiseContext } from '@lrlab/core';

export type { Model, ApplyOptions } from './model';
export type { ModelVariable, VariableRole } from './variables';
export type { ModelConfig, ResolvedModelConfig, ModelKind } from './config';
export { MODELS, buildModel, resolveModelConfig, completeModelConfig } from './registry';
export type { BuildModelOptions, ModelDataFacts } from './registry';
export type { ModelKindEntry, ModelBuildContext, ModelInput, AnyModelConfig } from './model-kind';

// What a kind's build uses, built-in or a user's: variables under the model's name, and the model
// around a forward pass (checks, tidy, loss, save/load, dispose).
export { assembleModel } from './assemble';
export type { ModelParts } from './assemble';
export { VariableStore, claimModelName } from './variables';
export type { ForwardContext } from './forward-context';
export { outputUnitsFor } from './config-checks';
export { MODEL_PRESETS, modelPreset } from './presets';
export type { ModelPresetName, PresetOptions } from './presets';

export { buildTwoLayerNet, TWO_LAYER_NOISE_SITE } from './two-layer/model';
export { resolveTwoLayerConfig } from './two-layer/config';
export type { TwoLayerConfig, ResolvedTwoLayerConfig, TwoLayerSplit, ResolvedTwoLayerSplit } from './two-layer/config';
export { ACTIVATIONS } from './layers/activation';
export type { Activation } from './layers/activation';

export { buildLinearModel } from './linear/model';
export { resolveLinearConfig } from './linear/config';
export type { LinearConfig, ResolvedLinearConfig } from './linear/config';

export { buildWideResNet } from './wide-resnet/model';
export { resolveWideResNetConfig } from './wide-resnet/config';
export type { WideResNetConfig, ResolvedWideResNetConfig } from './wide-resnet/config';
export { wideResNetLayout } from './wide-resnet/layout';
export type { WideResNetLayout, WideResNetBlockLayout, StageShape } from './wide-resnet/layout';

export { buildSmallCnn } from './small-cnn/model';
export { resolveSmallCnnConfig } from './small-cnn/config';
export type { SmallCnnConfig, ResolvedSmallCnnConfig } from './small-cnn/config';

export type { BatchNormConfig, BatchNormSettings } from './layers/batch-norm';
export { logisticLoss, crossEntropyLoss } from './loss';

// Lockstep: K models of one shape trained as one computation (a kind opts in with `lockstep`).
export type { LockstepForward, LockstepContext } from './lockstep/lockstep-kind';
export { stackModels, lockstepModelUnsupported } from './lockstep/stack';
export type { StackedModels, StackedApplyOptions } from './lockstep/stack';
export { lockstepLosses } from './lockstep/lockstep-loss';

export { WEIGHTS_FORMAT, WEIGHTS_VERSION } from './weights';
export type { ModelWeights, SavedTensor } from './weights';
