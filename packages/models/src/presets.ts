/**
 * Named model presets, each a one-line config over a generic builder: the paper's WideResNet-16-10,
 * narrower and shallower WideResNets for CPU-scale runs, and the small CNN.
 */
import { ConfigError, formatValue } from '@lrlab/core';
import { checkFields } from './config-checks';
import type { ModelConfig } from './config';
import type { SmallCnnConfig } from './small-cnn/config';
import type { WideResNetConfig } from './wide-resnet/config';

/** What a preset lets you change: the data's shape and classes, and dropout. */
export interface PresetOptions {
  /** One image, `[height, width, channels]`; the architecture's default when absent. */
  readonly inputShape?: readonly [number, number, number];
  /** Number of classes; default 10. */
  readonly numClasses?: number;
  /** Dropout rate; default 0. */
  readonly dropout?: number;
}

/** Every preset, by name. */
export const MODEL_PRESETS = Object.freeze({
  /** WideResNet-16-10, the paper's model (17,116,634 parameters on CIFAR-10). */
  wrn16x10: (options: PresetOptions = {}): WideResNetConfig => ({ kind: 'wide-resnet', depth: 16, widthFactor: 10, ...options }),
  /** WideResNet-16-4. */
  wrn16x4: (options: PresetOptions = {}): WideResNetConfig => ({ kind: 'wide-resnet', depth: 16, widthFactor: 4, ...options }),
  /** WideResNet-16-1. */
  wrn16x1: (options: PresetOptions = {}): WideResNetConfig => ({ kind: 'wide-resnet', depth: 16, widthFactor: 1, ...options }),
  /** WideResNet-10-1, one block per group. */
  wrn10x1: (options: PresetOptions = {}): WideResNetConfig => ({ kind: 'wide-resnet', depth: 10, widthFactor: 1, ...options }),
  /** The small CNN, channels [16, 32, 64]. */
  'small-cnn': (options: PresetOptions = {}): SmallCnnConfig => ({ kind: 'small-cnn', ...options }),
} as const);

/** The name of a preset in {@link MODEL_PRESETS}. */
export type ModelPresetName = keyof typeof MODEL_PRESETS;

/**
 * The config of a named preset.
 *
 * @param name - a key of {@link MODEL_PRESETS}
 * @param options - input shape, classes and dropout
 * @returns the model config (resolve or build it as any other)
 * @throws ConfigError for an unknown name or an option a preset does not take
 * @example
 * ```ts
 * const config = modelPreset('wrn16x4', { inputShape: [28, 28, 1] });
 * // { kind: 'wide-resnet', depth: 16, widthFactor: 4, inputShape: [28, 28, 1] }
 * ```
 */
export function modelPreset(name: ModelPresetName, options: PresetOptions = {}): ModelConfig {
  if (typeof name !== 'string' || !Object.hasOwn(MODEL_PRESETS, name)) {
    throw new ConfigError('preset', name, `one of ${Object.keys(MODEL_PRESETS).map((k) => formatValue(k)).join(', ')}`);
  }
  checkFields('presetOptions', options, ['inputShape', 'numClasses', 'dropout']);
  return MODEL_PRESETS[name](options);
}
