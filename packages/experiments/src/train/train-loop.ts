/**
 * The training loop: one function, in numbered phases, that a reader can check against the paper.
 * Every tensor a step creates is disposed in that step; every random draw is keyed by
 * (seed, step, site), so a run resumed from a checkpoint repeats an uninterrupted one exactly.
 */
import * as tf from '@tensorflow/tfjs';
import { DivergenceError, type Schedule } from '@lrlab/core';
import type { TrainStream } from '@lrlab/datasets';
import type { GroupWeights } from '@lrlab/metrics';
import type { Model } from '@lrlab/models';
import type { BoundOptimizer } from '@lrlab/schedules';
import type { RunNoise } from '../assemble/noise';
import type { ProgressSink } from '../progress/progress';
import type { EvalSource } from './eval-source';
import { evaluateSet, type SetMetrics } from './evaluate-run';
import type { TrainPlan } from './plan';
import { BN_REESTIMATED_SUFFIX, withReestimatedBatchNorm, type BatchNormEstimate } from './reestimate-batch-norm';

/** One line of `metrics.jsonl`: the state of training after `step` updates. No wall-clock values. */
export interface EvaluationRecord {
  /** Completed optimizer steps. */
  readonly step: number;
  /** Completed epochs (fractional between epoch ends). */
  readonly epoch: number;
  /** The learning rate of the last step taken (of step 0 before training). */
  readonly learningRate: number;
  /** σ of each noise spec at that step, in config order. */
  readonly sigma: readonly number[];
  /** Mean training loss (with noise, as optimised) over the steps since the previous record; null at step 0. */
  readonly trainLoss: number | null;
  /** Metrics per eval set. */
  readonly sets: Readonly<Record<string, SetMetrics>>;
}

/** Everything {@link trainLoop} needs, built from a resolved config. */
export interface TrainLoopInputs {
  /** The model (its variables are updated in place). */
  readonly model: Model;
  /** Training batches: a pure function of (seed, epoch, batch index). */
  readonly stream: TrainStream;
  /** Eval sets, in report order. */
  readonly evalSets: readonly EvalSource[];
  /** The optimizer bound to the LR schedule (and weight decay). */
  readonly optimizer: BoundOptimizer;
  /** The learning rate over steps (the one the optimizer applies). */
  readonly learningRate: Schedule;
  /** Noise injectors. */
  readonly noise: RunNoise;
  /** Steps, evaluations and checkpoints. */
  readonly plan: TrainPlan;
  /** Examples per evaluation batch. */
  readonly evalBatchSize: number;
  /** Weights for "overall" metrics (e.g. 20/20/60), when the eval sets hold equal counts per group. */
  readonly groupWeights?: GroupWeights;
  /** When set, every set is evaluated a second time with re-estimated batch-norm statistics (`<set>/bn-reestimated`). */
  readonly batchNormEstimate?: BatchNormEstimate;
  /** A training loss above this, or non-finite, stops the run. */
  readonly maxLoss: number;
  /** The run's name, for progress. */
  readonly runName: string;
  /** Where progress goes. */
  readonly progress: ProgressSink;
}

/** What a training loop measured (wall-clock, so never written to `metrics.jsonl`). */
export interface TrainLoopTimes {
  /** Seconds spent evaluating (the rest of the loop's time is training and checkpoints). */
  readonly evaluationSeconds: number;
}

/** Where a (resumed) run starts and what it does at evaluations and checkpoints. */
export interface TrainLoopHooks {
  /** Completed steps to start from: 0, or a checkpoint's step. */
  readonly startStep: number;
  /** Writes one evaluation record (the caller appends it to `metrics.jsonl`). */
  onEvaluation(record: EvaluationRecord): Promise<void> | void;
  /**
   * Saves a checkpoint after `step` completed steps (after that step's evaluation was written).
   *
   * @param step - completed steps
   */
  onCheckpoint(step: number): Promise<void> | void;
}

/** Whether every weight is finite; read asynchronously, as a GPU backend requires. */
async function allFinite(variables: readonly tf.Variable[]): Promise<boolean> {
  if (variables.length === 0) return true;
  const count = tf.tidy(() => tf.addN(variables.map((v) => tf.sum(tf.isFinite(v).logicalNot().cast('int32')))));
  try {
    return ((await count.data())[0] ?? 0) === 0;
  } finally {
    count.dispose();
  }
}

/**
 * Trains a model from `hooks.startStep` to the end of its plan.
 *
 * Per step: (1) the batch for (epoch, batch index); (2) forward in training mode, with
 * pre-activation noise; (3) the loss; (4) gradients, plus gradient noise; (5) the learning rate
 * from the schedule and the update (weight decay inside the optimizer); (6) weight noise; (7) at
 * planned steps, evaluation on every eval set, then a checkpoint.
 *
 * @param inputs - the built run
 * @param hooks - start step, metrics writer and checkpoint writer
 * @returns the time spent evaluating
 * @throws DivergenceError when the loss or a weight becomes non-finite (or the loss exceeds
 *   `maxLoss`); the last checkpoint stays usable
 */
export async function trainLoop(inputs: TrainLoopInputs, hooks: TrainLoopHooks): Promise<TrainLoopTimes> {
  const { model, stream, optimizer, learningRate, noise, plan, progress } = inputs;
  const evalSteps = new Set(plan.evalSteps);
  const checkpointSteps = new Set(plan.checkpointSteps);
  const trainable = [...model.trainableVariables];
  // Noise is drawn per variable from a seed derived from its key: the variable's path in the model
  // (`layer0/conv/kernel`), never its tfjs name, whose instance prefix counts the models this process
  // built (a run in a study, alone, or resumed in a new process must draw the same noise).
  const paths = new Map(model.variables.map((v) => [v.variable.name, v.path]));
  const trainableByPath = Object.fromEntries(trainable.map((v) => [paths.get(v.name) ?? v.name, v]));
  const byPath = (grads: tf.NamedTensorMap): tf.NamedTensorMap => Object.fromEntries(Object.entries(grads).map(([name, g]) => [paths.get(name) ?? name, g]));
  const byName = (grads: tf.NamedTensorMap): tf.NamedTensorMap => Object.fromEntries(trainable.map((v) => [v.name, grads[paths.get(v.name) ?? v.name]!]));
  let lossSum = 0;
  let lossCount = 0;
  let evaluationMs = 0;

  const evaluateAt = async (step: number): Promise<void> => {
    const started = performance.now();
    if (!(await allFinite(model.variables.map((v) => v.variable)))) {
      throw new DivergenceError(step, { nonFiniteWeights: 1 }, 'A weight became NaN or infinite: lower the learning rate. The last checkpoint is intact.');
    }
    const epoch = step / plan.stepsPerEpoch;
    const sets: Record<string, SetMetrics> = {};
    const evaluateAll = async (suffix: string): Promise<void> => {
      for (const source of inputs.evalSets) {
        sets[source.name + suffix] = await evaluateSet(model, source, {
          batchSize: inputs.evalBatchSize,
          epoch: Math.floor(epoch),
          step,
          ...(inputs.groupWeights ? { groupWeights: inputs.groupWeights } : {}),
        });
      }
    };
    await evaluateAll('');
    if (inputs.batchNormEstimate) {
      await withReestimatedBatchNorm(model, inputs.batchNormEstimate, { step, epoch: Math.floor(epoch) }, () => evaluateAll(BN_REESTIMATED_SUFFIX));
    }
    const lastStep = Math.max(0, step - 1);
    await hooks.onEvaluation({
      step,
      epoch,
      learningRate: learningRate(lastStep),
      sigma: noise.sigmas.map((sigma) => sigma(lastStep)),
      trainLoss: lossCount > 0 ? lossSum / lossCount : null,
      sets,
    });
    lossSum = 0;
    lossCount = 0;
    evaluationMs += performance.now() - started;
  };

  if (hooks.startStep === 0 && evalSteps.has(0)) await evaluateAt(0);

  for (let step = hooks.startStep; step < plan.totalSteps; step++) {
    const epoch = Math.floor(step / plan.stepsPerEpoch);
    // 1. The batch: a pure function of (seed, epoch, batch index).
    const batch = stream.batch(epoch, step % plan.stepsPerEpoch);

    // 2–4. Forward with noise, loss, gradients; only the loss value and the gradients survive.
    const { value, grads } = tf.tidy(() => {
      const x = tf.tensor(batch.features, [...batch.shape], 'float32');
      const y = tf.tensor1d(batch.labels, 'int32');
      return tf.variableGrads(() => {
        const logits = model.apply(x, { training: true, step, ...(noise.preactivation ? { noise: noise.preactivation } : {}) });
        return model.loss(logits, y);
      }, trainable);
    });
    const loss = (await value.data())[0] ?? NaN;
    value.dispose();
    if (!Number.isFinite(loss) || loss > inputs.maxLoss) {
      tf.dispose(grads);
      throw new DivergenceError(step, { loss }, `The training loss left [0, ${inputs.maxLoss}]: lower the learning rate. The last checkpoint is intact.`);
    }
    let noisyGrads = noise.gradient.length > 0 ? byPath(grads) : grads;
    for (const injector of noise.gradient) {
      const next = injector.apply(noisyGrads, step);
      if (next !== noisyGrads) tf.dispose(Object.values(noisyGrads));
      noisyGrads = next;
    }
    if (noise.gradient.length > 0) noisyGrads = byName(noisyGrads);

    // 5. The learning rate of this step and the update.
    const lr = optimizer.applyGradients(noisyGrads, step);
    tf.dispose(Object.values(noisyGrads));

    // 6. Weight noise, after the update.
    for (const injector of noise.weight) injector.apply(trainableByPath, step);

    lossSum += loss;
    lossCount += 1;
    const completed = step + 1;
    progress.step({ run: inputs.runName, step: completed, totalSteps: plan.totalSteps, epoch: completed / plan.stepsPerEpoch, loss, learningRate: lr });

    // 7. Evaluation, then a checkpoint (which records the metrics written so far).
    if (evalSteps.has(completed)) await evaluateAt(completed);
    if (checkpointSteps.has(completed)) await hooks.onCheckpoint(completed);
  }
  return { evaluationSeconds: evaluationMs / 1000 };
}
