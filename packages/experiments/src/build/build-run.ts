/**
 * Builds a run from its config: dataset → model → learning rate → optimizer → noise → plan. Every
 * part is validated here, before any run folder exists, so a bad config never leaves one behind.
 */
import { LrlabError, deriveSeed, type Schedule } from '@lrlab/core';
import { buildDataset, evalBatches, selectGroups, trainStream, type BuiltDataset, type DatasetConfig, type LabeledDataset, type TrainStream } from '@lrlab/datasets';
import { buildModel, completeModelConfig, resolveModelConfig, type Model } from '@lrlab/models';
import { bindOptimizer, type BoundOptimizer, type OptimizerConfig, type WeightDecayConfig } from '@lrlab/schedules';
import { InvalidConfigError, issueFromError, type ConfigIssue } from '../config/invalid-config';
import { resolveExperimentConfig } from '../config/resolve';
import type { ExperimentConfig, ModelSpec, ResolvedExperimentConfig } from '../config/types';
import type { EvalSource } from '../train/eval-source';
import { planTraining, type TrainPlan } from '../train/plan';
import type { TrainLoopInputs } from '../train/train-loop';
import type { ProgressSink } from '../progress/progress';
import { BUILT_IN_KINDS, type RunKinds } from '../plugins/kinds';
import { buildNoise, type RunNoise } from './noise';
import { stepSchedule } from './schedules';

/** The data and resolved config of a run: everything that needs no tensors. */
export interface PreparedRun {
  /** The resolved config (what `config.json` holds). */
  readonly config: ResolvedExperimentConfig;
  /** The dataset, as its package built it. */
  readonly dataset: BuiltDataset;
  /** The training stream (over `training.groups` when set). */
  readonly stream: TrainStream;
  /** Eval sets, in report order. */
  readonly evalSets: readonly EvalSource[];
  /** The model config with input shape and classes filled in from the data. */
  readonly model: ModelSpec;
  /** Steps, evaluations and checkpoints. */
  readonly plan: TrainPlan;
  /** The kinds its parts were resolved from and are built from (built-in ones and plugins'). */
  readonly kinds: RunKinds;
}

/** A run's tensors: model, optimizer, schedules and noise. Dispose with {@link disposeRun}. */
export interface BuiltRun extends PreparedRun {
  /** The model, freshly initialised from the run's seed. */
  readonly net: Model;
  /** The learning rate over steps. */
  readonly learningRate: Schedule;
  /** The optimizer, bound to the learning rate and weight decay. */
  readonly optimizer: BoundOptimizer;
  /** Noise injectors. */
  readonly noise: RunNoise;
}

function fromDataset(source: LabeledDataset, name: string): EvalSource {
  return { name, size: source.size, batches: (batchSize) => evalBatches(source, batchSize) };
}

async function attempt<T>(issues: ConfigIssue[], prefix: string, make: () => Promise<T> | T): Promise<T | undefined> {
  try {
    return await make();
  } catch (error) {
    // A missing or damaged data file is a config problem too (a wrong `dir`): report it before any folder exists.
    const issue =
      issueFromError(error, '') ??
      (error instanceof LrlabError && (error.code === 'data' || error.code === 'io') ? { path: prefix, message: `${error.problem} ${error.hint}`.trim() } : undefined);
    if (!issue) throw error;
    issues.push(issue.path.startsWith(prefix) ? issue : { path: `${prefix}${issue.path === '(root)' ? '' : `.${issue.path}`}`, message: issue.message });
    return undefined;
  }
}

/**
 * Validates a parsed config against its data: builds the dataset, checks the model config and
 * the training groups and batch size, resolves every default and plans the steps.
 *
 * @param config - a config that passed `parseExperimentConfig`
 * @param source - where it came from, for errors
 * @param kinds - the kinds its parts may name; default the built-in ones
 * @returns the prepared run
 * @throws InvalidConfigError listing every problem found; a data file problem is a `DataError`
 */
export async function prepareRun(config: ExperimentConfig, source = 'config', kinds: RunKinds = BUILT_IN_KINDS): Promise<PreparedRun> {
  const issues: ConfigIssue[] = [];
  const seed = config.seed ?? 1;
  const dataConfig = { ...config.data, batchSize: config.training.batchSize, dropLast: config.training.dropLast ?? false } as unknown as DatasetConfig;
  const dataset = await attempt(issues, 'data', () => buildDataset(dataConfig, deriveSeed(seed, 'data')));
  if (!dataset) throw new InvalidConfigError(source, issues);

  let trainSet = dataset.train.dataset;
  const groups = config.training.groups;
  if (groups) {
    const unknown = groups.filter((g) => !trainSet.groupNames.includes(g));
    if (unknown.length > 0) {
      issues.push({ path: 'training.groups', message: `expected groups of this dataset (${trainSet.groupNames.join(', ')}), got ${JSON.stringify(unknown)}` });
    } else {
      trainSet = selectGroups(trainSet, groups);
    }
  }
  if (config.training.batchSize > trainSet.size) {
    issues.push({ path: 'training.batchSize', message: `expected at most the number of training examples (${trainSet.size}), got ${config.training.batchSize}` });
  }
  // The model's input size or shape and class count come from the data where the config leaves them out.
  const model = (await attempt(issues, 'model', () => {
    const completed = completeModelConfig(config.model, dataset, kinds.models);
    resolveModelConfig(completed, 'model', kinds.models);
    return completed;
  })) ?? config.model;
  const allSets = Object.keys(dataset.evalSets);
  const wanted = config.evaluation?.sets ?? allSets;
  wanted.forEach((name, i) => {
    if (!allSets.includes(name)) issues.push({ path: `evaluation.sets[${i}]`, message: `expected one of ${allSets.join(', ')}, got ${JSON.stringify(name)}` });
  });
  if (issues.length > 0) throw new InvalidConfigError(source, issues);

  const stream = groups
    ? trainStream(trainSet, { batchSize: config.training.batchSize, dropLast: config.training.dropLast ?? false, seed: deriveSeed(seed, 'data', 'batches', 'groups') })
    : dataset.train;
  const resolved = resolveExperimentConfig({ ...config, model }, { imageModel: dataset.exampleShape.length === 3, kinds });
  const evalSets = wanted.map((name) => fromDataset(dataset.evalSets[name]!, name));
  return { config: resolved, dataset, stream, evalSets, model, plan: planTraining(resolved, stream.batchesPerEpoch), kinds };
}

/**
 * Creates a prepared run's tensors: the model from `deriveSeed(seed, 'model')`, the learning rate,
 * the optimizer and the noise injectors.
 *
 * @param prepared - from {@link prepareRun}
 * @returns the built run
 */
export function buildRun(prepared: PreparedRun): BuiltRun {
  const { config, plan } = prepared;
  const { kinds } = prepared;
  const learningRate = stepSchedule(config.learningRate, plan.stepsPerEpoch, 'learningRate', kinds);
  const net = buildModel(prepared.model, deriveSeed(config.seed, 'model'), { registry: kinds.models });
  try {
    const optimizer = bindOptimizer({
      optimizer: config.optimizer as OptimizerConfig,
      learningRate,
      ...(config.weightDecay ? { weightDecay: config.weightDecay as WeightDecayConfig } : {}),
    });
    const noise = buildNoise(config.noise, learningRate, plan.stepsPerEpoch, deriveSeed(config.seed, 'noise'), kinds);
    return { ...prepared, net, learningRate, optimizer, noise };
  } catch (error) {
    net.dispose();
    throw error;
  }
}

/**
 * What `trainLoop` needs from a built run: its parts and the config's evaluation and
 * divergence settings.
 *
 * @param run - the built run
 * @param progress - where progress goes
 * @returns the loop's inputs
 */
export function trainLoopInputs(run: BuiltRun, progress: ProgressSink): TrainLoopInputs {
  const { config } = run;
  return {
    model: run.net,
    stream: run.stream,
    evalSets: run.evalSets,
    optimizer: run.optimizer,
    learningRate: run.learningRate,
    noise: run.noise,
    plan: run.plan,
    evalBatchSize: config.evaluation.batchSize,
    ...(config.evaluation.groupWeights ? { groupWeights: config.evaluation.groupWeights } : {}),
    maxLoss: config.divergence.maxLoss,
    runName: config.name,
    progress,
  };
}

/**
 * Frees a built run's tensors (model variables and optimizer slots).
 *
 * @param run - the run
 */
export function disposeRun(run: BuiltRun): void {
  run.optimizer.dispose();
  run.net.dispose();
}
