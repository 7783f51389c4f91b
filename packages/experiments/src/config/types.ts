/**
 * The experiment config: one JSON object that says everything a run does. Users write an
 * {@link ExperimentConfig}; {@link resolveExperimentConfig} fills every default in one place and
 * the {@link ResolvedExperimentConfig} is what a run saves as `config.json`.
 */
import type { OptimizerConfig, ScheduleConfig, WeightDecayConfig } from '@lrlab/schedules';
import type { ModelConfig } from '@lrlab/models';

/** A dataset config for `@lrlab/datasets` (validated there): `{ kind: 'synthetic', ... }`. */
export interface DataSpec {
  /** The dataset kind, e.g. `synthetic`, `fashion-mnist`, `cifar10`. */
  readonly kind: string;
  /** The kind's own fields. */
  readonly [field: string]: unknown;
}

/**
 * A model config for `@lrlab/models` (validated there): `{ kind: 'two-layer', ... }`. The input
 * shape and class count are filled from the dataset when absent.
 */
export type ModelSpec = ModelConfig | UserModelSpec;

/** A model config of a plugin's kind: its `kind` and its own fields. */
export interface UserModelSpec {
  /** The model kind, as the plugin names it. */
  readonly kind: string;
  /** The kind's own fields. */
  readonly [field: string]: unknown;
}

/** The unit a schedule counts in: 0-based epochs (constant within an epoch) or 0-based steps. */
export type ScheduleUnit = 'epoch' | 'step';

/**
 * A value over training: a constant, or a schedule config (from `@lrlab/schedules`) counted in
 * epochs (the default) or steps.
 */
export type ValueSpec = number | ScheduleSpec;

/** A schedule config with the unit it counts in. */
export interface ScheduleSpec {
  /** `epoch` (default: the value holds for a whole epoch) or `step`. */
  readonly unit?: ScheduleUnit;
  /** The schedule, as `@lrlab/schedules` describes it (`buildSchedule` rebuilds it). */
  readonly schedule: ScheduleConfig;
}

/** σ = coefficient · lr^power: noise tied to the learning rate. */
export interface LearningRatePower {
  /** The coefficient c ≥ 0. */
  readonly coefficient: number;
  /** The power p. */
  readonly power: number;
}

/** A noise level tied to the learning rate. */
export interface TiedSigma {
  /** σ(step) = coefficient · lr(step)^power. */
  readonly fromLearningRate: LearningRatePower;
}

/**
 * A noise level: a {@link ValueSpec}, or tied to the learning rate as
 * σ(step) = coefficient · lr(step)^power (SPEC §1 uses 13.33 · lr²).
 */
export type SigmaSpec = ValueSpec | TiedSigma;

/**
 * One noise injector. `preactivation` is added after batch norm and before each ReLU (every hidden
 * unit of a dense net); `gradient` to every gradient; `weight` to every trainable weight after each
 * update. Several `preactivation` entries add their variances.
 */
export interface NoiseSpec {
  /** The noise kind: `preactivation`, `gradient`, `weight`, or a plugin's kind. */
  readonly kind: string;
  /** Its standard deviation over training. */
  readonly sigma: SigmaSpec;
  /**
   * Pre-activation noise only: `iid` (an independent draw per element) or `shared-map` (one H×W
   * map per injection, the patched-CIFAR reference). Default: `shared-map` for image models,
   * `iid` for dense ones.
   */
  readonly mode?: 'iid' | 'shared-map';
  /** A plugin kind's own fields. */
  readonly [field: string]: unknown;
}

/** How long and on what batches to train. */
export interface TrainingSpec {
  /** Number of epochs, ≥ 1. */
  readonly epochs: number;
  /** Examples per optimizer step, ≥ 1 and at most the training set's size. */
  readonly batchSize: number;
  /** Drop the last partial batch of each epoch (default false: steps per epoch = ⌈N / batchSize⌉). */
  readonly dropLast?: boolean;
  /**
   * Train only on the examples of these groups (e.g. `['a-only']` for a baseline that sees the
   * A-only examples alone); default every example.
   */
  readonly groups?: readonly string[] | null;
}

/** A {@link TrainingSpec} with its defaults filled in (`groups: null` = every example). */
export interface ResolvedTrainingSpec {
  /** Number of epochs. */
  readonly epochs: number;
  /** Examples per optimizer step. */
  readonly batchSize: number;
  /** Whether the last partial batch is dropped. */
  readonly dropLast: boolean;
  /** The groups trained on, or null for all. */
  readonly groups: readonly string[] | null;
}

/** When and on what to evaluate. Evaluation always happens before training (step 0) and at the end. */
export interface EvaluationSpec {
  /** Evaluate after every this many epochs (default 1). */
  readonly everyEpochs?: number;
  /** Also evaluate after these epochs (counts of completed epochs, e.g. around an anneal). */
  readonly epochs?: readonly number[];
  /** Also evaluate every few steps early on (dense early curves). */
  readonly early?: EarlyEvaluationSpec | null;
  /** Examples per evaluation batch (default 1000). */
  readonly batchSize?: number;
  /** The eval sets to run, by name (default: every set the dataset offers). */
  readonly sets?: readonly string[] | null;
  /**
   * Weights of the groups in "overall" values, e.g. `{ 'a-only': 0.2, 'b-only': 0.2, both: 0.6 }`
   * when a test set holds equal counts per group (default: pooled over all examples).
   */
  readonly groupWeights?: Readonly<Record<string, number>> | null;
  /**
   * Re-draw the randomised eval sets at every evaluation (the patched `mixed` and `patch-only` sets:
   * the same images and labels, each patch drawn again), as the reference's loaders do; the
   * evaluation at step s sees draw s. Default false: each set is drawn once per run.
   */
  readonly redraw?: boolean;
  /**
   * Also evaluate every set with batch-norm statistics re-estimated on training batches, as
   * `torch.optim.swa_utils.update_bn` does; the records then hold each set twice, `<set>` with the
   * running statistics (the reference's evaluation) and `<set>/bn-reestimated`. Default null (off).
   */
  readonly reestimateBatchNorm?: ReestimateBatchNormSpec | null;
}

/**
 * Batch-norm statistics re-estimated before each evaluation: every running mean and variance
 * becomes the plain mean of the statistics of `batches` full training batches (the model in
 * training mode, noise off), drawn in an order of their own (`deriveSeed(seed, 'data',
 * 'bn-estimate')`); training's batches, its running statistics and its draws are untouched.
 */
export interface ReestimateBatchNormSpec {
  /** How many training batches, or `'epoch'`: every full batch of one epoch (update_bn's pass over the loader). Default `'epoch'`. */
  readonly batches?: number | 'epoch';
}

/** Evaluations every `everySteps` steps while step < `untilStep`. */
export interface EarlyEvaluationSpec {
  /** Steps between evaluations, ≥ 1. */
  readonly everySteps: number;
  /** Stop the early evaluations at this step. */
  readonly untilStep: number;
}

/** When to checkpoint. */
export interface CheckpointSpec {
  /** Checkpoint after every this many epochs (default: about 10 checkpoints per run). */
  readonly everyEpochs?: number;
}

/** When a run counts as diverged. */
export interface DivergenceSpec {
  /** A training loss above this (or non-finite) stops the run (default 1e6). */
  readonly maxLoss?: number;
}

/** An event to mark on plots and to measure learning order against (e.g. the anneal). */
export interface EventSpec {
  /** The count of completed epochs at which it happens. */
  readonly epoch: number;
  /** Its label, e.g. `anneal`. */
  readonly label: string;
}

/** Everything one run does. JSON-serialisable; see {@link resolveExperimentConfig} for defaults. */
export interface ExperimentConfig {
  /** The run's name: letters, digits, `.`, `_`, `-`; names its folder. */
  readonly name: string;
  /** One line on what the run is. */
  readonly description?: string;
  /** The root seed every random draw of the run derives from (default 1). */
  readonly seed?: number;
  /** The tfjs backend: `auto` (default: the first usable of tensorflow (GPU) > webgpu (GPU) > tensorflow (CPU) > blas > wasm > cpu) or a backend name. */
  readonly backend?: string;
  /** The dataset. */
  readonly data: DataSpec;
  /** The model. */
  readonly model: ModelSpec;
  /** Epochs and batches. */
  readonly training: TrainingSpec;
  /** The optimizer (default plain SGD). */
  readonly optimizer?: OptimizerConfig;
  /** The learning rate over training. */
  readonly learningRate: ValueSpec;
  /** Weight decay (default none; `null` also means none). */
  readonly weightDecay?: WeightDecayConfig | null;
  /** Noise injectors (default none). */
  readonly noise?: readonly NoiseSpec[];
  /** Evaluation schedule. */
  readonly evaluation?: EvaluationSpec;
  /** When to checkpoint. */
  readonly checkpoint?: CheckpointSpec;
  /** When a run counts as diverged. */
  readonly divergence?: DivergenceSpec;
  /** Events to mark (default: the epochs at which an epoch-unit LR schedule changes value). */
  readonly events?: readonly EventSpec[];
}

/** A {@link ValueSpec} with its unit filled in. */
export type ResolvedValueSpec = number | Required<ScheduleSpec>;

/** A {@link NoiseSpec} with its mode filled in (pre-activation noise) and its σ resolved. */
export interface ResolvedNoiseSpec {
  /** The noise kind. */
  readonly kind: string;
  /** Its standard deviation over training. */
  readonly sigma: ResolvedValueSpec | TiedSigma;
  /** Pre-activation noise's mode (absent for the other kinds). */
  readonly mode?: 'iid' | 'shared-map';
  /** A plugin kind's own fields, as its entry resolved them. */
  readonly [field: string]: unknown;
}

/** An {@link ExperimentConfig} with every default filled in: what `config.json` holds. */
export interface ResolvedExperimentConfig {
  /** The run's name. */
  readonly name: string;
  /** One line on what the run is ("" when none). */
  readonly description: string;
  /** The root seed. */
  readonly seed: number;
  /** The backend request. */
  readonly backend: string;
  /** The dataset config as given (its package fills its own defaults when it builds). */
  readonly data: DataSpec;
  /** The model config as given. */
  readonly model: ModelSpec;
  /** Epochs and batches. */
  readonly training: ResolvedTrainingSpec;
  /** The optimizer. */
  readonly optimizer: OptimizerConfig;
  /** The learning rate. */
  readonly learningRate: ResolvedValueSpec;
  /** Weight decay, or null for none. */
  readonly weightDecay: WeightDecayConfig | null;
  /** Noise injectors. */
  readonly noise: readonly ResolvedNoiseSpec[];
  /** Evaluation schedule. */
  readonly evaluation: ResolvedEvaluationSpec;
  /** Checkpoint period in epochs. */
  readonly checkpoint: Required<CheckpointSpec>;
  /** Divergence threshold. */
  readonly divergence: Required<DivergenceSpec>;
  /** Events to mark. */
  readonly events: readonly EventSpec[];
}

/** An {@link EvaluationSpec} with its defaults filled in (`null` = not set). */
export interface ResolvedEvaluationSpec {
  /** Evaluate after every this many epochs. */
  readonly everyEpochs: number;
  /** Extra evaluation epochs, ascending. */
  readonly epochs: readonly number[];
  /** Early dense evaluations, or null. */
  readonly early: EarlyEvaluationSpec | null;
  /** Examples per evaluation batch. */
  readonly batchSize: number;
  /** The eval sets, or null for all. */
  readonly sets: readonly string[] | null;
  /** Group weights of "overall" values, or null for pooled. */
  readonly groupWeights: Readonly<Record<string, number>> | null;
  /** True to re-draw the randomised sets at every evaluation; absent when off (configs saved before it existed stay equal). */
  readonly redraw?: true;
  /** The batch-norm re-estimation; absent when off. */
  readonly reestimateBatchNorm?: Required<ReestimateBatchNormSpec>;
}
