/**
 * Config flows one way: parse + validate ({@link parseExperimentConfig}) → resolve defaults, once
 * ({@link resolveExperimentConfig}) → build → train. The resolved config is saved with every run.
 */
import { lookupKind } from '@lrlab/core';
import { buildSchedule, resolveNoiseInjector, resolveOptimizerConfig, resolveWeightDecay, scheduleChangePoints, type OptimizerConfig, type WeightDecayConfig } from '@lrlab/schedules';
import { BUILT_IN_KINDS, type RunKinds } from '../plugins/kinds';
import { experimentConfigSchema } from './schema';
import { schemaIssues } from './schema-issues';
import { InvalidConfigError, issueFromKindError, type ConfigIssue } from './invalid-config';
import type { EventSpec, ExperimentConfig, ResolvedExperimentConfig, ResolvedNoiseSpec, ResolvedValueSpec, SigmaSpec, ValueSpec } from './types';

/** Default evaluation batch size: large, as evaluation needs no gradients. */
export const DEFAULT_EVAL_BATCH_SIZE = 1000;

/** Default divergence threshold on the training loss. */
export const DEFAULT_MAX_LOSS = 1e6;

function collect(issues: ConfigIssue[], path: string, check: () => void): void {
  try {
    check();
  } catch (error) {
    const issue = issueFromKindError(error, path);
    if (!issue) throw error;
    issues.push(issue.path.startsWith(path) ? issue : { path, message: issue.message });
  }
}

function checkValueSpec(issues: ConfigIssue[], spec: ValueSpec | SigmaSpec, path: string, kinds: RunKinds): void {
  if (typeof spec === 'number' || 'fromLearningRate' in spec) return;
  collect(issues, `${path}.schedule`, () => buildSchedule(spec.schedule, `${path}.schedule`, kinds.schedules));
}

/**
 * Validates a config: structure and ranges (every bad field, by path), then the meaning of the
 * parts this package can check without data (schedules, optimizer, weight decay, noise,
 * evaluation). Dataset and model fields are checked when they are built, before a run folder exists.
 *
 * @param input - parsed JSON
 * @param source - where it came from, for the message
 * @param kinds - the kinds its parts may name; default the built-in ones
 * @returns the same object, typed
 * @throws InvalidConfigError listing every problem
 */
export function parseExperimentConfig(input: unknown, source = 'config', kinds: RunKinds = BUILT_IN_KINDS): ExperimentConfig {
  const parsed = experimentConfigSchema.safeParse(input);
  if (!parsed.success) throw new InvalidConfigError(source, schemaIssues(parsed.error.issues, input));
  const issues: ConfigIssue[] = [];
  const config = input as ExperimentConfig;
  checkValueSpec(issues, config.learningRate, 'learningRate', kinds);
  if (config.optimizer) collect(issues, 'optimizer', () => resolveOptimizerConfig(config.optimizer as OptimizerConfig, 'optimizer'));
  if (config.weightDecay) collect(issues, 'weightDecay', () => resolveWeightDecay(config.weightDecay as WeightDecayConfig, 'weightDecay'));
  (config.noise ?? []).forEach((noise, i) => {
    checkValueSpec(issues, noise.sigma, `noise[${i}].sigma`, kinds);
    // The kind's entry checks its kind and its own fields (e.g. only pre-activation noise has a mode).
    collect(issues, `noise[${i}]`, () => resolveNoiseInjector(noise, `noise[${i}]`, kinds.noise));
  });
  const early = config.evaluation?.early;
  if (early && early.untilStep < early.everySteps) {
    issues.push({ path: 'evaluation.early.untilStep', message: `expected ≥ everySteps (${early.everySteps}), got ${early.untilStep}` });
  }
  (config.evaluation?.epochs ?? []).forEach((epoch, i) => {
    if (epoch > config.training.epochs) {
      issues.push({ path: `evaluation.epochs[${i}]`, message: `expected ≤ training.epochs (${config.training.epochs}), got ${epoch}` });
    }
  });
  (config.events ?? []).forEach((event, i) => {
    if (event.epoch > config.training.epochs) {
      issues.push({ path: `events[${i}].epoch`, message: `expected ≤ training.epochs (${config.training.epochs}), got ${event.epoch}` });
    }
  });
  if (issues.length > 0) throw new InvalidConfigError(source, issues);
  return config;
}

function resolveValue(spec: ValueSpec): ResolvedValueSpec {
  return typeof spec === 'number' ? spec : { unit: spec.unit ?? 'epoch', schedule: spec.schedule };
}

/** The epochs at which an epoch-unit schedule changes value (its kind's entry says): its default events. */
function scheduleEvents(spec: ResolvedValueSpec, epochs: number, kinds: RunKinds): EventSpec[] {
  if (typeof spec === 'number' || spec.unit !== 'epoch') return [];
  const changes = scheduleChangePoints(spec.schedule, 'learningRate.schedule', kinds.schedules);
  return changes
    .filter((epoch) => epoch > 0 && epoch < epochs)
    .map((epoch, i) => ({ epoch, label: i === 0 ? 'anneal' : `decay ${i + 1}` }));
}

/**
 * Fills every default of a validated config, in this one place.
 *
 * @param config - a config that passed {@link parseExperimentConfig}
 * @param options - `imageModel`: whether the model takes images (built-in pre-activation noise then
 *   defaults to `shared-map`, the patched-CIFAR reference, else `iid`); `kinds`: the kinds its parts
 *   may name (default the built-in ones)
 * @returns the resolved config, as saved in `config.json`
 */
export function resolveExperimentConfig(config: ExperimentConfig, options: { readonly imageModel: boolean; readonly kinds?: RunKinds }): ResolvedExperimentConfig {
  const kinds = options.kinds ?? BUILT_IN_KINDS;
  const epochs = config.training.epochs;
  const learningRate = resolveValue(config.learningRate);
  const noise: ResolvedNoiseSpec[] = (config.noise ?? []).map((spec, i) => {
    const sigma = typeof spec.sigma === 'object' && 'fromLearningRate' in spec.sigma ? spec.sigma : resolveValue(spec.sigma);
    // Defaults that depend on the model come from the kind's entry (pre-activation noise: its mode).
    const { entry } = lookupKind(kinds.noise, spec, `noise[${i}]`, 'a noise kind');
    const defaults = entry.acts === 'preactivation' && entry.defaultsFor ? entry.defaultsFor({ imageModel: options.imageModel }) : {};
    const withMode = { ...defaults, ...spec };
    // kind, sigma, then the kind's own fields: config.json's order since the first release.
    const { kind, sigma: _sigma, ...own } = resolveNoiseInjector(withMode, `noise[${i}]`, kinds.noise).config;
    return { kind, sigma, ...own };
  });
  const evaluation = config.evaluation ?? {};
  return {
    name: config.name,
    description: config.description ?? '',
    seed: config.seed ?? 1,
    backend: config.backend ?? 'auto',
    data: config.data,
    model: config.model,
    training: { epochs, batchSize: config.training.batchSize, dropLast: config.training.dropLast ?? false, groups: config.training.groups ?? null },
    optimizer: config.optimizer ?? { kind: 'sgd' },
    learningRate,
    weightDecay: config.weightDecay ?? null,
    noise,
    evaluation: {
      everyEpochs: evaluation.everyEpochs ?? 1,
      epochs: [...new Set(evaluation.epochs ?? [])].sort((a, b) => a - b),
      early: evaluation.early ?? null,
      batchSize: evaluation.batchSize ?? DEFAULT_EVAL_BATCH_SIZE,
      sets: evaluation.sets ?? null,
      groupWeights: evaluation.groupWeights ?? null,
      // Off is absent, not false or null: run folders written before these options resume unchanged.
      ...(evaluation.redraw === true ? { redraw: true as const } : {}),
      ...(evaluation.reestimateBatchNorm ? { reestimateBatchNorm: { batches: evaluation.reestimateBatchNorm.batches ?? ('epoch' as const) } } : {}),
    },
    checkpoint: { everyEpochs: config.checkpoint?.everyEpochs ?? Math.max(1, Math.ceil(epochs / 10)) },
    divergence: { maxLoss: config.divergence?.maxLoss ?? DEFAULT_MAX_LOSS },
    events: config.events ?? scheduleEvents(learningRate, epochs, kinds),
  };
}
