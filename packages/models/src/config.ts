/**
 * The model configs, one JSON object per architecture, discriminated by `kind`. Config flows one
 * way: a {@link ModelConfig} (defaults optional) is resolved once into a
 * {@link ResolvedModelConfig} (every default filled in), which is what a run saves.
 */
import type { LinearConfig, ResolvedLinearConfig } from './linear/config';
import type { ResolvedSmallCnnConfig, SmallCnnConfig } from './small-cnn/config';
import type { ResolvedTwoLayerConfig, TwoLayerConfig } from './two-layer/config';
import type { ResolvedWideResNetConfig, WideResNetConfig } from './wide-resnet/config';

/** The config of any model of this package. */
export type ModelConfig = TwoLayerConfig | LinearConfig | WideResNetConfig | SmallCnnConfig;

/** The resolved config of any model of this package (every default filled in). */
export type ResolvedModelConfig = ResolvedTwoLayerConfig | ResolvedLinearConfig | ResolvedWideResNetConfig | ResolvedSmallCnnConfig;

/** A model kind: `two-layer`, `linear`, `wide-resnet` or `small-cnn`. */
export type ModelKind = ModelConfig['kind'];
