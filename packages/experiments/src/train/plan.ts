/**
 * The step plan of a run: how many steps, and after which steps to evaluate and checkpoint.
 * Steps are 0-based; "after step s" means after s optimizer updates, so step 0 is the
 * initialisation and step `totalSteps` the end of training.
 */
import type { ResolvedExperimentConfig } from '../config/types';

/** When a run evaluates and checkpoints, in counts of completed steps. */
export interface TrainPlan {
  /** Optimizer steps per epoch. */
  readonly stepsPerEpoch: number;
  /** Epochs to train. */
  readonly epochs: number;
  /** `epochs · stepsPerEpoch`. */
  readonly totalSteps: number;
  /** Completed-step counts after which to evaluate, ascending; always holds 0 and `totalSteps`. */
  readonly evalSteps: readonly number[];
  /** Completed-step counts after which to checkpoint, ascending; each is also an eval step. */
  readonly checkpointSteps: readonly number[];
}

/**
 * Plans a run's evaluations and checkpoints. Checkpoints fall on evaluation steps so a resumed
 * run restarts from a point whose metrics are already written.
 *
 * @param config - the resolved config (training, evaluation, checkpoint)
 * @param stepsPerEpoch - optimizer steps per epoch, from the training stream
 * @returns the plan
 */
export function planTraining(config: ResolvedExperimentConfig, stepsPerEpoch: number): TrainPlan {
  const { epochs } = config.training;
  const totalSteps = epochs * stepsPerEpoch;
  const evalSteps = new Set<number>([0, totalSteps]);
  for (let epoch = config.evaluation.everyEpochs; epoch <= epochs; epoch += config.evaluation.everyEpochs) {
    evalSteps.add(epoch * stepsPerEpoch);
  }
  for (const epoch of config.evaluation.epochs) evalSteps.add(epoch * stepsPerEpoch);
  const early = config.evaluation.early;
  if (early) {
    for (let step = early.everySteps; step < Math.min(early.untilStep, totalSteps); step += early.everySteps) evalSteps.add(step);
  }
  const checkpointSteps = new Set<number>([totalSteps]);
  for (let epoch = config.checkpoint.everyEpochs; epoch < epochs; epoch += config.checkpoint.everyEpochs) {
    checkpointSteps.add(epoch * stepsPerEpoch);
  }
  for (const step of checkpointSteps) evalSteps.add(step);
  const ascending = (a: number, b: number): number => a - b;
  return {
    stepsPerEpoch,
    epochs,
    totalSteps,
    evalSteps: [...evalSteps].sort(ascending),
    checkpointSteps: [...checkpointSteps].sort(ascending),
  };
}
