/**
 * The lockstep training loop: K runs of one shape (model, data sizes, plan) trained as one
 * computation. Each step stacks every run's own batch, runs one forward and backward pass through
 * the stacked models (each run's noise in its slice), and one update with each run's learning
 * rate. Each run is recorded through its own session, with the metrics, checkpoints and
 * divergence it would have alone: the phases are those of {@link trainLoop}, per run.
 */
import * as tf from '@tensorflow/tfjs';
import { DivergenceError, type HostBatch } from '@lrlab/core';
import { stackModels, type ModelKindEntry, type StackedModels } from '@lrlab/models';
import { lockstepSgd, type LockstepSgd, type OptimizerState } from '@lrlab/schedules';
import type { ProgressSink, StepProgress } from '../progress/progress';
import type { RunOutcome, RunSession } from '../run-session';
import { evaluateSetsLockstep, LockstepEvalCache } from './lockstep-evaluate';
import type { SetMetrics } from './evaluate-run';

/** Options of {@link lockstepLoop}. */
export interface LockstepLoopOptions {
  /** The runs' model kind (with its lockstep forward pass). */
  readonly entry: ModelKindEntry;
  /** Where the batch's progress goes (one line for all runs). */
  readonly progress: ProgressSink;
  /** Called with each run's progress after every step. */
  readonly onStep?: (session: RunSession, step: StepProgress) => void;
}

/** A run's place in the stack and its running training loss. */
interface Member {
  readonly session: RunSession;
  lossSum: number;
  lossCount: number;
}

/** The stacked models and optimizer of the members still training, and their kept eval batches. */
interface Stack {
  readonly members: Member[];
  readonly models: StackedModels;
  readonly optimizer: LockstepSgd;
  readonly evalCache: LockstepEvalCache;
}

/** The stacked inputs of fixed eval sets kept between evaluations, at most (beyond it, sets are stacked at each evaluation). */
const EVAL_CACHE_BYTES = 2 * 1024 * 1024 * 1024;

function disposeStack(stack: Stack): void {
  stack.models.dispose();
  stack.optimizer.dispose();
  stack.evalCache.dispose();
}

async function buildStack(members: Member[], entry: ModelKindEntry, states?: readonly OptimizerState[]): Promise<Stack> {
  const models = stackModels(members.map((m) => m.session.run.net), entry);
  try {
    const optimizer = lockstepSgd({
      bound: members.map((m) => m.session.run.optimizer),
      names: members.map((m) => m.session.run.net.trainableVariables.map((v) => v.name)),
      states: states ?? (await Promise.all(members.map((m) => m.session.run.optimizer.saveState()))),
      shapes: models.trainableShapes,
    });
    return { members, models, optimizer, evalCache: new LockstepEvalCache(EVAL_CACHE_BYTES) };
  } catch (error) {
    models.dispose();
    throw error;
  }
}

/** Rebuilds the stack without the runs at `drop` (they diverged), keeping every other run's values and state. */
async function without(stack: Stack, drop: ReadonlySet<number>, entry: ModelKindEntry): Promise<Stack | undefined> {
  stack.models.writeBack();
  const keep = stack.members.map((_, k) => k).filter((k) => !drop.has(k));
  const states = await Promise.all(keep.map((k) => stack.optimizer.stateOf(k)));
  disposeStack(stack);
  if (keep.length === 0) return undefined;
  return buildStack(
    keep.map((k) => stack.members[k]!),
    entry,
    states,
  );
}

/** Each run's stacked-variable finiteness: true where every value of its slices is finite (read asynchronously). */
async function finiteRuns(models: StackedModels): Promise<boolean[]> {
  const any = tf.tidy(() => {
    const bad = models.trainableVariables.map((v) => tf.any(tf.reshape(tf.logicalNot(tf.isFinite(v)), [models.size, -1]), 1));
    return bad.reduce((a, b) => tf.logicalOr(a, b));
  });
  try {
    return Array.from(await any.data(), (b) => b === 0);
  } finally {
    any.dispose();
  }
}

/** Stacks the K runs' training batches into one features array [K, batch, ...] and labels [K, batch]. */
function stackTraining(batches: readonly HostBatch[]): { x: tf.Tensor; y: tf.Tensor } {
  const size = batches[0]!.features.length;
  const examples = batches[0]!.shape[0]!;
  const features = new Float32Array(batches.length * size);
  const labels = new Int32Array(batches.length * examples);
  batches.forEach((b, k) => {
    features.set(b.features, k * size);
    labels.set(b.labels, k * examples);
  });
  return { x: tf.tensor(features, [batches.length, ...batches[0]!.shape], 'float32'), y: tf.tensor2d(labels, [batches.length, examples], 'int32') };
}

/**
 * Trains K open sessions of one shape in lockstep, from their common start step to the end of
 * their plan. A run that diverges is recorded as diverged (as it would be alone) and the others
 * go on; the others finish with `lockstep: { runs: K }` in their manifests.
 *
 * @param sessions - the runs: equal model configs, plans, batch and eval-set shapes, start steps
 * @param options - the runs' model kind and where progress goes
 * @returns each run's outcome, in the order of `sessions`
 * @throws whatever stops the whole batch (each unfinished run's manifest records it first)
 */
export async function lockstepLoop(sessions: readonly RunSession[], options: LockstepLoopOptions): Promise<RunOutcome[]> {
  const outcomes = new Map<RunSession, RunOutcome>();
  const first = sessions[0]!;
  const { plan, config } = first.run;
  const evalSteps = new Set(plan.evalSteps);
  const checkpointSteps = new Set(plan.checkpointSteps);
  // The batch's own time: its sessions may have waited, open, while an earlier batch trained.
  const batchStarted = performance.now();
  let stack: Stack | undefined = await buildStack(
    sessions.map((session) => ({ session, lossSum: 0, lossCount: 0 })),
    options.entry,
  );

  const diverge = async (drop: Map<number, DivergenceError>): Promise<void> => {
    if (drop.size === 0 || stack === undefined) return;
    for (const [k, error] of drop) {
      const member = stack.members[k]!;
      member.session.fail(error);
      member.session.progress.note(`  ${member.session.run.config.name}: diverged at step ${error.step}`);
      outcomes.set(member.session, { dir: member.session.dir, status: 'diverged', stepsTrained: error.step, backend: member.session.backend });
    }
    stack = await without(stack, new Set(drop.keys()), options.entry);
  };

  let evaluationMs = 0;
  const evaluateAt = async (step: number): Promise<void> => {
    if (stack === undefined) return;
    const started = performance.now();
    const finite = await finiteRuns(stack.models);
    await diverge(
      new Map(
        finite.flatMap((ok, k) => (ok ? [] : [[k, new DivergenceError(step, { nonFiniteWeights: 1 }, 'A weight became NaN or infinite: lower the learning rate. The last checkpoint is intact.')] as const])),
      ),
    );
    if (stack === undefined) return;
    const current: Stack = stack;
    const epoch = step / plan.stepsPerEpoch;
    const sets: Record<string, SetMetrics>[] = current.members.map(() => ({}));
    for (const [j, source] of first.run.evalSets.entries()) {
      const results = await evaluateSetsLockstep(
        current.models,
        current.members.map((m) => m.session.run.evalSets[j]!),
        {
          batchSize: config.evaluation.batchSize,
          epoch: Math.floor(epoch),
          step,
          ...(config.evaluation.groupWeights ? { groupWeights: config.evaluation.groupWeights } : {}),
        },
        { store: current.evalCache, set: j },
      );
      results.forEach((r, k) => (sets[k]![source.name] = r));
    }
    const lastStep = Math.max(0, step - 1);
    current.members.forEach((member, k) => {
      const { run } = member.session;
      member.session.recordEvaluation({
        step,
        epoch,
        learningRate: run.learningRate(lastStep),
        sigma: run.noise.sigmas.map((sigma) => sigma(lastStep)),
        trainLoss: member.lossCount > 0 ? member.lossSum / member.lossCount : null,
        sets: sets[k]!,
      });
      member.lossSum = 0;
      member.lossCount = 0;
    });
    evaluationMs += performance.now() - started;
  };

  const checkpointAt = async (step: number): Promise<void> => {
    if (stack === undefined) return;
    stack.models.writeBack();
    for (const [k, member] of stack.members.entries()) {
      member.session.saveCheckpoint(step, await member.session.run.net.saveWeights(), await stack.optimizer.stateOf(k));
    }
  };

  try {
    if (first.startStep === 0 && evalSteps.has(0)) await evaluateAt(0);
    for (let step = first.startStep; step < plan.totalSteps && stack !== undefined; step++) {
      const current: Stack = stack;
      const epoch = Math.floor(step / plan.stepsPerEpoch);
      // 1. Each run's batch: a pure function of its (seed, epoch, batch index).
      const batches = current.members.map((m) => m.session.run.stream.batch(epoch, step % plan.stepsPerEpoch));
      // 2–4. One forward pass with each run's noise, each run's loss, the gradients of their sum
      // (run k's loss depends on run k's slices alone, so each slice's gradient is its own).
      let losses: tf.Tensor | undefined;
      const { value, grads } = tf.tidy(() => {
        const { x, y } = stackTraining(batches);
        return tf.variableGrads(() => {
          const logits = current.models.apply(x, { training: true, step, noise: current.members.map((m) => m.session.run.noise.preactivation) });
          const perRun = current.models.losses(logits, y);
          losses = tf.keep(perRun);
          return tf.sum(perRun);
        }, current.models.trainableVariables as tf.Variable[]);
      });
      value.dispose();
      const lossValues = Array.from(await losses!.data());
      losses!.dispose();
      // 5. Each run's learning rate and the update.
      const ordered = current.models.trainableVariables.map((v) => grads[v.name]!);
      let rates: number[];
      try {
        rates = current.optimizer.applyGradients(current.models.trainableVariables, ordered, step);
      } finally {
        tf.dispose(Object.values(grads));
      }
      const completed = step + 1;
      const diverged = new Map<number, DivergenceError>();
      current.members.forEach((member, k) => {
        const loss = lossValues[k]!;
        const maxLoss = member.session.run.config.divergence.maxLoss;
        if (!Number.isFinite(loss) || loss > maxLoss) {
          diverged.set(k, new DivergenceError(step, { loss }, `The training loss left [0, ${maxLoss}]: lower the learning rate. The last checkpoint is intact.`));
          return;
        }
        member.lossSum += loss;
        member.lossCount += 1;
        options.onStep?.(member.session, { run: member.session.run.config.name, step: completed, totalSteps: plan.totalSteps, epoch: completed / plan.stepsPerEpoch, loss, learningRate: rates[k]! });
      });
      options.progress.step({
        run: `${current.members.length} runs in lockstep`,
        step: completed,
        totalSteps: plan.totalSteps,
        epoch: completed / plan.stepsPerEpoch,
        loss: lossValues.reduce((a, b) => a + b, 0) / lossValues.length,
        learningRate: rates[0]!,
      });
      // A diverged run stops before its update (its stacked slice is dropped with the update).
      await diverge(diverged);
      // 7. Evaluation, then a checkpoint.
      if (evalSteps.has(completed)) await evaluateAt(completed);
      if (checkpointSteps.has(completed)) await checkpointAt(completed);
    }
  } catch (error) {
    for (const session of sessions) if (!outcomes.has(session)) session.fail(error);
    throw error;
  } finally {
    if (stack !== undefined) disposeStack(stack);
  }
  for (const session of sessions) {
    if (!outcomes.has(session)) outcomes.set(session, session.finish({ lockstep: { runs: sessions.length }, durationsSeconds: { training: (performance.now() - batchStarted) / 1000, evaluation: evaluationMs / 1000 } }));
  }
  return sessions.map((s) => outcomes.get(s)!);
}
