/**
 * What every model of this package is: a function from a batch of inputs to logits, with its
 * variables named by logical path, a loss matched to its output, and exact save/load.
 */
import type * as tf from '@tensorflow/tfjs';
import type { KindConfig, NoiseInjector, NoiseSite } from '@lrlab/core';
import type { ModelVariable } from './variables';
import type { ModelWeights } from './weights';

/** Options of {@link Model.apply}: the mode, the step, and optional pre-activation noise. */
export interface ApplyOptions {
  /**
   * Training mode: batch norm normalises with the batch's statistics and updates its running
   * averages, dropout is on, and the noise injector adds noise. Evaluation (`false`) uses the
   * running averages, no dropout and no noise, and changes no variable.
   */
  readonly training: boolean;
  /** The 0-based training step; seeds dropout and is passed to the noise injector. */
  readonly step: number;
  /**
   * Called at every one of {@link Model.noiseSites}, in training and in evaluation (where a
   * conforming injector returns its input unchanged; a model throws if it does not).
   */
  readonly noise?: NoiseInjector;
  /**
   * Called with named intermediate activations (e.g. `stem`, `block2`, `features`), for
   * inspection. The tensors belong to the forward pass: `tf.keep` or clone what you keep.
   */
  readonly onActivation?: (name: string, activation: tf.Tensor) => void;
  /**
   * Training mode only: the weight of this batch in every batch-norm running average, in (0, 1],
   * instead of the model's momentum. Passing 1/(k + 1) on the k-th of K passes (k from 0) leaves
   * each running average the plain mean of the K batches' statistics, as PyTorch's
   * `torch.optim.swa_utils.update_bn` (a momentum of `None`); see `reestimateBatchNorm` in
   * `@lrlab/experiments`.
   */
  readonly batchNormMomentum?: number;
}

/**
 * A model: logits from inputs, in training or evaluation mode.
 *
 * Inputs are `[batch, ...inputShape]` float32 tensors (NHWC images or dense `[batch, d]`).
 * Logits are `[batch, outputUnits]`: one logit for two classes (logistic loss), k logits for k > 2
 * classes (softmax cross-entropy).
 *
 * Variables are named `<name>/<path>` so that optimizer bindings can select them with regular
 * expressions (`/bn\d?\/|bias$/`) and their state can be matched by name; `name` is unique in
 * the process.
 *
 * @typeParam Config - its resolved config: a built-in kind's (e.g. `ResolvedWideResNetConfig`),
 *   or any kind's (`KindConfig`, the default) where the kind is known only at run time
 */
export interface Model<Config extends KindConfig = KindConfig> {
  /** The config it was built from, with every default filled in (save it with a run). */
  readonly config: Config;
  /** The root seed its initialisation and dropout masks are drawn from. */
  readonly seed: number;
  /** The instance name, the prefix of every variable name. */
  readonly name: string;
  /** Shape of one example, e.g. `[32, 32, 3]` or `[2002]`. */
  readonly inputShape: readonly number[];
  /** Number of logits: 1 for two classes, k for k > 2 classes. */
  readonly outputUnits: number;
  /** Where noise is injected, in forward order; indices are 0, 1, 2, ... */
  readonly noiseSites: readonly NoiseSite[];
  /** Every variable, in a stable order (the order of the forward pass). */
  readonly variables: readonly ModelVariable[];
  /** The variables that receive gradients, in a stable order. */
  readonly trainableVariables: readonly tf.Variable[];
  /** The variables that training forward passes update (batch-norm running mean and variance). */
  readonly stateVariables: readonly tf.Variable[];

  /**
   * Computes logits. Every intermediate tensor is disposed; the caller owns the result. Works
   * inside `tf.variableGrads`, `tf.tidy` and `optimizer.minimize`; a training pass updates the
   * batch-norm running averages as a side effect.
   *
   * @param x - inputs `[batch, ...inputShape]`
   * @param options - mode, step and optional noise
   * @returns logits `[batch, outputUnits]`
   * @throws ConfigError for input of the wrong shape, a bad step, or a noise injector that adds
   *   noise in evaluation
   */
  apply(x: tf.Tensor, options: ApplyOptions): tf.Tensor2D;

  /**
   * The training loss of a batch: mean logistic loss log(1 + e^(−y·f)) with y = 2·label − 1 for
   * one logit, or mean softmax cross-entropy for k logits.
   *
   * @param logits - `[batch, outputUnits]`, as {@link Model.apply} returns them
   * @param labels - `[batch]` class indices (0/1 for one logit), or `[batch, k]` class
   *   probabilities for k logits
   * @returns the mean loss over the batch
   * @throws ConfigError when the shapes do not fit
   */
  loss(logits: tf.Tensor, labels: tf.Tensor): tf.Scalar;

  /**
   * The number of trainable scalars (fixed and state variables are not counted).
   *
   * @returns Σ over trainable variables of their sizes
   */
  parameterCount(): number;

  /**
   * Snapshots every variable (trainable, state and fixed) in the versioned format of
   * {@link ModelWeights}.
   *
   * Reads the variables asynchronously, as a GPU backend requires.
   *
   * @returns a JSON-serialisable object that {@link Model.loadWeights} restores bit for bit
   */
  saveWeights(): Promise<ModelWeights>;

  /**
   * Overwrites every variable with saved values.
   *
   * @param weights - the output of {@link Model.saveWeights} of a model of the same architecture
   * @throws ConfigError when the format, version, architecture, a path or a shape does not match
   */
  loadWeights(weights: ModelWeights): void;

  /** Disposes every variable; the model cannot be used afterwards. */
  dispose(): void;
}
