/**
 * Builds a run from its config: dataset → model → learning rate → optimizer → noise → plan. Every
 * part is validated here, before any run folder exists, so a bad config never leaves one behind.
 */
import { ConfigError, LrlabError, deriveSeed, type Schedule } from '@lrlab/core';
import { buildCheckedDataset, checkDatasetConfig, evalBatches, selectGroups, trainStream, type BuiltDataset, type CheckedDatasetConfig, type LabeledDataset, type TrainStream } from '@lrlab/datasets';
import { buildModel, completeModelConfig, resolveModelConfig, type Model } from '@lrlab/models';
import { bindOptimizer, type BoundOptimizer, type OptimizerConfig, type WeightDecayConfig } from '@lrlab/schedules';
import { InvalidConfigError, issueFromKindError, type ConfigIssue } from '../config/invalid-config';
import { parseExperimentConfig, resolveExperimentConfig } from '../config/resolve';
import type { ExperimentConfig, ModelSpec, ResolvedExperimentConfig } from '../config/types';
import type { EvalSource } from '../train/eval-source';
import { planTraining, type TrainPlan } from '../train/plan';
import { fullBatchesPerEpoch, type BatchNormEstimate } from '../train/reestimate-batch-norm';
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
  return { name, size: source.size, fixed: true, batches: (batchSize) => evalBatches(source, batchSize) };
}

/** A set re-drawn at every evaluation: draw s at step s (the last draw is kept for the next pass at that step). */
function redrawnSource(draw: (n: number) => LabeledDataset, first: LabeledDataset, name: string): EvalSource {
  let kept = { step: 0, set: first };
  return {
    name,
    size: first.size,
    fixed: false,
    batches: (batchSize, _epoch, step) => {
      if (kept.step !== step) kept = { step, set: draw(step) };
      return evalBatches(kept.set, batchSize);
    },
  };
}

function attempt<T>(issues: ConfigIssue[], prefix: string, make: () => T): T | undefined {
  try {
    return make();
  } catch (error) {
    // A missing or damaged data file is a config problem too (a wrong `dir`): report it before any folder exists.
    const issue =
      issueFromKindError(error, prefix) ??
      (error instanceof LrlabError && (error.code === 'data' || error.code === 'io') ? { path: prefix, message: `${error.problem} ${error.hint}`.trim() } : undefined);
    if (!issue) throw error;
    issues.push(issue.path.startsWith(prefix) ? issue : { path: `${prefix}${issue.path === '(root)' ? '' : `.${issue.path}`}`, message: issue.message });
    return undefined;
  }
}

/**
 * A run's config parsed, checked against its data's facts and resolved, once: everything that
 * needs neither the data nor tensors. `prepareRun` builds from it.
 */
export interface CheckedRun {
  /** The resolved config (what `config.json` holds). */
  readonly config: ResolvedExperimentConfig;
  /** The data config, resolved and its files checked, with its facts (shape, classes, eval sets, groups). */
  readonly data: CheckedDatasetConfig;
  /** The model config with input shape and classes filled in from the data's facts. */
  readonly model: ModelSpec;
  /** The eval sets the run evaluates, in report order. */
  readonly evalSetNames: readonly string[];
  /** The kinds its parts name (built-in ones and plugins'). */
  readonly kinds: RunKinds;
}

/**
 * Parses a config, checks it against its data without building the data (the dataset kind's facts
 * and a look at its files), completes the model from those facts, and resolves every default:
 * the one parse and the one resolve of a run.
 *
 * @param input - the config (parsed JSON)
 * @param source - where it came from, for errors
 * @param kinds - the kinds its parts may name; default the built-in ones
 * @returns the checked run
 * @throws InvalidConfigError listing every problem found (a missing or damaged data file included)
 */
export function checkRun(input: unknown, source = 'config', kinds: RunKinds = BUILT_IN_KINDS): CheckedRun {
  const config = parseExperimentConfig(input, source, kinds);
  const issues: ConfigIssue[] = [];
  const data = attempt(issues, 'data', () => checkDatasetConfig(config.data, 'data', kinds.datasets));
  if (!data) throw new InvalidConfigError(source, issues);

  const groups = config.training.groups;
  let trainSize = Object.values(data.trainGroupSizes).reduce((a, b) => a + b, 0);
  // A dataset whose training draws get their group when drawn (a patch mixture: each draw is patched
  // or not) stores every example in one group; selecting stored examples would drop the draw's
  // transforms, and every example would train unpatched. So such a selection is refused.
  const drawnGroups = data.batchGroupNames.some((g) => !data.trainGroupNames.includes(g));
  if (groups && drawnGroups) {
    issues.push({
      path: 'training.groups',
      message: `expected no group selection: this dataset's training examples get their group (${data.batchGroupNames.join(', ')}) when each is drawn, so they cannot be selected by group (got ${JSON.stringify(groups)}); remove training.groups, or to train without the patch set data.patch to null`,
    });
  } else if (groups) {
    const unknown = groups.filter((g) => !data.trainGroupNames.includes(g));
    if (unknown.length > 0) {
      issues.push({ path: 'training.groups', message: `expected groups of this dataset (${data.trainGroupNames.join(', ')}), got ${JSON.stringify(unknown)}` });
    } else {
      trainSize = groups.reduce((sum, g) => sum + (data.trainGroupSizes[g] ?? 0), 0);
    }
  }
  const { batchSize } = config.training;
  if (batchSize > trainSize) {
    issues.push({ path: 'training.batchSize', message: `expected at most the number of training examples (${trainSize}), got ${batchSize}` });
  }
  // The model's input size or shape and class count come from the data where the config leaves them out.
  const model =
    attempt(issues, 'model', () => {
      const completed = completeModelConfig(config.model, data, kinds.models);
      resolveModelConfig(completed, 'model', kinds.models);
      return completed;
    }) ?? config.model;
  const allSets = data.evalSetNames;
  const wanted = config.evaluation?.sets ?? allSets;
  wanted.forEach((name, i) => {
    if (!allSets.includes(name)) issues.push({ path: `evaluation.sets[${i}]`, message: `expected one of ${allSets.join(', ')}, got ${JSON.stringify(name)}` });
  });
  if (issues.length > 0) throw new InvalidConfigError(source, issues);

  const resolved = resolveExperimentConfig({ ...config, model }, { imageModel: data.exampleShape.length === 3, kinds });
  return { config: resolved, data, model, evalSetNames: [...wanted], kinds };
}

/** Whether `run` is a {@link CheckedRun} rather than a config. */
function isCheckedRun(run: CheckedRun | ExperimentConfig): run is CheckedRun {
  return 'evalSetNames' in run && 'kinds' in run;
}

/**
 * Datasets built in this process, by kind entry and (resolved config, seed, batch settings): the
 * methods of one seed train on the same data, so a study builds it once per seed (a full synthetic
 * dataset is 16M normal draws). Held weakly: a dataset no run holds any more is freed as before.
 */
const builtDatasets = new WeakMap<object, Map<string, WeakRef<BuiltDataset>>>();

async function sharedDataset(data: CheckedDatasetConfig, context: { seed: number; batchSize: number; dropLast: boolean }): Promise<BuiltDataset> {
  const byKey = builtDatasets.get(data.entry) ?? new Map<string, WeakRef<BuiltDataset>>();
  builtDatasets.set(data.entry, byKey);
  const key = JSON.stringify({ resolved: data.resolved, ...context });
  const kept = byKey.get(key)?.deref();
  if (kept !== undefined) return kept;
  const built = await buildCheckedDataset(data, context);
  byKey.set(key, new WeakRef(built));
  return built;
}

/**
 * Builds a checked run's data, once: the dataset, the training stream (over `training.groups`
 * when set), the eval sets, and the step plan. Given a config instead, checks it first
 * ({@link checkRun}).
 *
 * @param run - from {@link checkRun}, or a config (parsed JSON)
 * @param source - where a config came from, for errors
 * @param kinds - the kinds a config's parts may name; default the built-in ones
 * @returns the prepared run
 * @throws InvalidConfigError for a bad config; DataError when a data file turns out damaged past what the check reads
 */
export async function prepareRun(run: CheckedRun | ExperimentConfig, source = 'config', kinds: RunKinds = BUILT_IN_KINDS): Promise<PreparedRun> {
  const checked = isCheckedRun(run) ? run : checkRun(run, source, kinds);
  const { config, data } = checked;
  const dataset = await sharedDataset(data, { seed: deriveSeed(config.seed, 'data'), batchSize: config.training.batchSize, dropLast: config.training.dropLast });
  const groups = config.training.groups;
  const stream = groups
    ? trainStream(selectGroups(dataset.train.dataset, groups), { batchSize: config.training.batchSize, dropLast: config.training.dropLast, seed: deriveSeed(config.seed, 'data', 'batches', 'groups') })
    : dataset.train;
  const draws = config.evaluation.redraw === true ? (dataset.evalSetDraws ?? {}) : {};
  if (config.evaluation.redraw === true && !checked.evalSetNames.some((name) => Object.hasOwn(draws, name))) {
    const offered = Object.keys(draws);
    throw new InvalidConfigError(source, [
      {
        path: 'evaluation.redraw',
        message: `expected false: none of the evaluated sets (${checked.evalSetNames.join(', ')}) has other draws${offered.length > 0 ? ` (this dataset re-draws ${offered.join(', ')})` : ' (only a patched image dataset has: its mixed and patch-only sets)'}`,
      },
    ]);
  }
  const evalSets = checked.evalSetNames.map((name) => {
    const set = dataset.evalSets[name]!;
    return Object.hasOwn(draws, name) ? redrawnSource(draws[name]!, set, name) : fromDataset(set, name);
  });
  return { config, dataset, stream, evalSets, model: checked.model, plan: planTraining(config, stream.batchesPerEpoch), kinds: checked.kinds };
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
    if (config.evaluation.reestimateBatchNorm && net.stateVariables.length === 0) {
      throw new ConfigError(
        'evaluation.reestimateBatchNorm',
        config.evaluation.reestimateBatchNorm,
        'null for a model without batch norm',
        `Model kind ${JSON.stringify(prepared.model.kind)} has no running statistics to re-estimate: set evaluation.reestimateBatchNorm to null.`,
      );
    }
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
    ...(config.evaluation.reestimateBatchNorm ? { batchNormEstimate: batchNormEstimate(run, config.evaluation.reestimateBatchNorm.batches) } : {}),
    maxLoss: config.divergence.maxLoss,
    runName: config.name,
    progress,
  };
}

/** The re-estimation's batches: training's stream in an order of its own, one epoch of full batches by default. */
function batchNormEstimate(run: BuiltRun, batches: number | 'epoch'): BatchNormEstimate {
  const stream = run.stream.reseeded(deriveSeed(run.config.seed, 'data', 'bn-estimate'));
  return { stream, batches: batches === 'epoch' ? Math.max(1, fullBatchesPerEpoch(stream)) : batches };
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
