/**
 * K models of one kind and shape as one: every variable stacked along a leading run axis, one
 * forward pass, one loss per run, and each run's values written back to its own model for
 * checkpoints. The kind's {@link LockstepForward} computes each slice with its own forward's ops.
 */
import * as tf from '@tensorflow/tfjs';
import { ConfigError, type NoiseInjector, type NoiseSite } from '@lrlab/core';
import type { Model } from '../model';
import type { ModelKindEntry } from '../model-kind';
import type { LockstepContext } from './lockstep-kind';
import { lockstepLosses } from './lockstep-loss';

/** Options of {@link StackedModels.apply}. */
export interface StackedApplyOptions {
  /** Training or evaluation mode. */
  readonly training: boolean;
  /** The 0-based step, the same for every run. */
  readonly step: number;
  /** Each run's pre-activation noise (undefined for none); every injector must have `draw`. */
  readonly noise?: readonly (NoiseInjector | undefined)[];
}

/** K models trained as one; see {@link stackModels}. */
export interface StackedModels {
  /** The runs' models, in stack order (their variables hold the values of the last {@link StackedModels.writeBack}). */
  readonly models: readonly Model[];
  /** K. */
  readonly size: number;
  /** The stacked trainable variables [K, ...shape], in the order of each model's `trainableVariables`. */
  readonly trainableVariables: readonly tf.Variable[];
  /** The shape of one run's slice of each trainable variable. */
  readonly trainableShapes: readonly (readonly number[])[];
  /**
   * The logits of every run.
   *
   * @param x - [K, batch, ...inputShape], run k's batch in slice k
   * @param options - mode, step and each run's noise
   * @returns [K, batch, outputUnits]
   */
  apply(x: tf.Tensor, options: StackedApplyOptions): tf.Tensor;
  /**
   * Each run's mean loss over its batch (the loss its model's `loss` computes).
   *
   * @param logits - [K, batch, outputUnits]
   * @param labels - [K, batch] class indices
   * @returns [K]
   */
  losses(logits: tf.Tensor, labels: tf.Tensor): tf.Tensor1D;
  /** Writes every run's slices into its own model's variables (for checkpoints and the end of training). */
  writeBack(): void;
  /** Frees the stacked tensors (the models stay the caller's). */
  dispose(): void;
}

/**
 * Why a model cannot train in lockstep, or undefined when it can: its kind must provide a lockstep
 * forward pass and it must have no state variables (batch-norm statistics).
 *
 * @param model - the model
 * @param entry - its kind's registry entry
 * @returns the reason, or undefined
 */
export function lockstepModelUnsupported(model: Model, entry: ModelKindEntry | undefined): string | undefined {
  if (entry?.lockstep === undefined) return `model kind ${JSON.stringify(model.config.kind)} has no lockstep forward pass`;
  if (model.stateVariables.length > 0) return `model ${JSON.stringify(model.config.kind)} has state variables (batch norm)`;
  return undefined;
}

function sameArchitecture(a: Model, b: Model): boolean {
  return (
    JSON.stringify(a.config) === JSON.stringify(b.config) &&
    a.variables.length === b.variables.length &&
    a.variables.every((v, i) => v.path === b.variables[i]!.path && v.role === b.variables[i]!.role && tf.util.arraysEqual(v.variable.shape, b.variables[i]!.variable.shape))
  );
}

function stackedNoise(injectors: readonly (NoiseInjector | undefined)[] | undefined, step: number, training: boolean) {
  return (x: tf.Tensor, site: NoiseSite): tf.Tensor => {
    if (!training || injectors === undefined || injectors.every((i) => i === undefined)) return x;
    const [runs, ...slice] = x.shape as [number, ...number[]];
    const size = slice.reduce((a, b) => a * b, 1);
    // −0 is the exact identity of addition (x + −0 = x for every x, −0 included): runs without noise keep their bits.
    const values = new Float32Array(runs * size).fill(-0);
    let any = false;
    injectors.forEach((injector, k) => {
      if (injector === undefined) return;
      if (typeof injector.draw !== 'function') throw new ConfigError(`noise[${k}]`, injector, 'a noise injector with draw() (lockstep adds every run\'s draw at once)', 'Train this run alone.');
      const drawn = injector.draw(slice, site, { step, training });
      if (drawn === undefined) return;
      if (drawn.length !== size) throw new ConfigError(`noise[${k}].draw()`, `${drawn.length} values`, `${size} values, one per activation of shape [${slice.join(', ')}]`);
      values.set(drawn, k * size);
      any = true;
    });
    if (!any) return x;
    return tf.add(x, tf.tensor(values, x.shape, 'float32'));
  };
}

/**
 * Stacks K models of one kind and architecture (their configs equal, their seeds and values
 * free to differ) into one lockstep computation. The models keep their variables; call
 * {@link StackedModels.writeBack} to copy the trained values into them.
 *
 * @param models - at least one model, all of the same config
 * @param entry - their kind's registry entry, with its `lockstep` forward pass
 * @returns the stacked models
 * @throws ConfigError when the models differ in config or variables, have state variables, or the
 *   kind has no lockstep forward pass
 */
export function stackModels(models: readonly Model[], entry: ModelKindEntry): StackedModels {
  if (models.length === 0) throw new ConfigError('models', models, 'at least one model');
  const first = models[0]!;
  const why = lockstepModelUnsupported(first, entry);
  if (why !== undefined) throw new ConfigError('models', first.config.kind, 'models that can train in lockstep', `These models train alone: ${why}.`);
  models.forEach((m, k) => {
    if (!sameArchitecture(first, m)) throw new ConfigError(`models[${k}]`, m.config, 'a model of the same config as models[0]', 'Stack only runs whose model configs are equal.');
  });
  const size = models.length;
  const stacked: Record<string, tf.Tensor> = {};
  const trainableVariables: tf.Variable[] = [];
  const trainableShapes: (readonly number[])[] = [];
  first.variables.forEach((v, i) => {
    const values = tf.tidy(() => tf.stack(models.map((m) => m.variables[i]!.variable)));
    if (v.role === 'trainable') {
      const variable = tf.variable(values, true);
      values.dispose();
      trainableVariables.push(variable);
      trainableShapes.push([...v.variable.shape]);
      stacked[v.path] = variable;
    } else {
      stacked[v.path] = values;
    }
  });

  return {
    models,
    size,
    trainableVariables,
    trainableShapes,
    apply(x, options) {
      if (x.rank < 2 || x.shape[0] !== size || !first.inputShape.every((d, i) => x.shape[i + 2] === d)) {
        throw new ConfigError('x.shape', x.shape, `[${size}, batch, ${first.inputShape.join(', ')}]`);
      }
      const context: LockstepContext = { training: options.training, step: options.step, noise: stackedNoise(options.noise, options.step, options.training) };
      return tf.tidy(() => entry.lockstep!(first.config, x, stacked, context));
    },
    losses: (logits, labels) => lockstepLosses(first.outputUnits, logits, labels),
    writeBack() {
      first.variables.forEach((v, i) => {
        const slices = tf.unstack(stacked[v.path]!);
        models.forEach((m, k) => m.variables[i]!.variable.assign(slices[k]!));
        tf.dispose(slices);
      });
    },
    dispose: () => tf.dispose(Object.values(stacked)),
  };
}
