/**
 * The JSON description of every schedule this package can build. A run record stores it; a
 * schedule is rebuilt from it by {@link buildSchedule}. Field names follow one convention:
 * `initialValue`, `peakValue`, `finalValue`, counts in `steps` (or the unit the wrapper says).
 */

/** `constant(value)`. */
export interface ConstantConfig {
  /** Discriminator. */
  readonly kind: 'constant';
  /** The value at every step. */
  readonly value: number;
}

/** `piecewiseConstant({ boundaries, values })`. */
export interface PiecewiseConstantConfig {
  /** Discriminator. */
  readonly kind: 'piecewise-constant';
  /** Strictly increasing steps at which the value changes; piece i + 1 starts at boundaries[i]. */
  readonly boundaries: readonly number[];
  /** One more value than boundaries. */
  readonly values: readonly number[];
}

/** `multiStep({ initialValue, milestones, gamma })` (PyTorch `MultiStepLR`). */
export interface MultiStepConfig {
  /** Discriminator. */
  readonly kind: 'multi-step';
  /** The value before the first milestone. */
  readonly initialValue: number;
  /** Strictly increasing steps at which the value is multiplied by gamma. */
  readonly milestones: readonly number[];
  /** The factor applied at each milestone. */
  readonly gamma: number;
}

/** `stepDecay({ initialValue, stepSize, gamma })` (PyTorch `StepLR`). */
export interface StepDecayConfig {
  /** Discriminator. */
  readonly kind: 'step-decay';
  /** The value during the first `stepSize` steps. */
  readonly initialValue: number;
  /** Steps between decays. */
  readonly stepSize: number;
  /** The factor applied every `stepSize` steps. */
  readonly gamma: number;
}

/** `exponentialDecay({ initialValue, decayRate, decaySteps, staircase, finalValue })` (optax). */
export interface ExponentialDecayConfig {
  /** Discriminator. */
  readonly kind: 'exponential-decay';
  /** The value at step 0. */
  readonly initialValue: number;
  /** The factor applied per `decaySteps` steps. */
  readonly decayRate: number;
  /** Steps over which the value is multiplied by `decayRate`. */
  readonly decaySteps: number;
  /** Decay in discrete jumps every `decaySteps` steps instead of continuously. */
  readonly staircase: boolean;
  /** A bound the value never crosses (a floor when decaying, a ceiling when growing); none if omitted. */
  readonly finalValue?: number;
}

/** `linear({ initialValue, finalValue, steps })`. */
export interface LinearConfig {
  /** Discriminator. */
  readonly kind: 'linear';
  /** The value at step 0. */
  readonly initialValue: number;
  /** The value from `steps` on. */
  readonly finalValue: number;
  /** Length of the ramp. */
  readonly steps: number;
}

/** `polynomial({ initialValue, finalValue, steps, power })` (optax `polynomial_schedule`). */
export interface PolynomialConfig {
  /** Discriminator. */
  readonly kind: 'polynomial';
  /** The value at step 0. */
  readonly initialValue: number;
  /** The value from `steps` on. */
  readonly finalValue: number;
  /** Length of the decay. */
  readonly steps: number;
  /** Exponent of the decay. */
  readonly power: number;
}

/** `cosineDecay({ initialValue, finalValue, steps })` (optax `cosine_decay_schedule`). */
export interface CosineDecayConfig {
  /** Discriminator. */
  readonly kind: 'cosine-decay';
  /** The value at step 0. */
  readonly initialValue: number;
  /** The value from `steps` on. */
  readonly finalValue: number;
  /** Length of the half cosine. */
  readonly steps: number;
}

/** `cyclic({ baseValue, maxValue, stepSizeUp, stepSizeDown, mode, gamma })` (PyTorch `CyclicLR`). */
export interface CyclicConfig {
  /** Discriminator. */
  readonly kind: 'cyclic';
  /** The lowest value of each cycle. */
  readonly baseValue: number;
  /** The highest value of the first cycle. */
  readonly maxValue: number;
  /** Steps from base to max. */
  readonly stepSizeUp: number;
  /** Steps from max back to base. */
  readonly stepSizeDown: number;
  /** `triangular`, `triangular2` (amplitude halves each cycle) or `exp-range` (amplitude × gamma^step). */
  readonly mode: 'triangular' | 'triangular2' | 'exp-range';
  /** Amplitude decay per step for `exp-range`. */
  readonly gamma: number;
}

/** `inverseSqrt({ initialValue, timescale })`: initialValue / √(1 + step / timescale). */
export interface InverseSqrtConfig {
  /** Discriminator. */
  readonly kind: 'inverse-sqrt';
  /** The value at step 0. */
  readonly initialValue: number;
  /** Steps over which the value falls by 1/√2. */
  readonly timescale: number;
}

/** `joinSchedules(schedules, boundaries)` (optax `join_schedules`). */
export interface JoinConfig {
  /** Discriminator. */
  readonly kind: 'join';
  /** The pieces; piece i + 1 receives its local step (step − boundaries[i]). */
  readonly schedules: readonly ScheduleConfig[];
  /** Strictly increasing steps at which the next piece starts; one fewer than schedules. */
  readonly boundaries: readonly number[];
}

/** `product(...)`, `sum(...)`: pointwise product or sum of schedules. */
export interface PointwiseConfig {
  /** Discriminator. */
  readonly kind: 'product' | 'sum';
  /** The schedules combined. */
  readonly schedules: readonly ScheduleConfig[];
}

/** `scale(schedule, factor)`: factor · schedule(step). */
export interface ScaleConfig {
  /** Discriminator. */
  readonly kind: 'scale';
  /** The schedule scaled. */
  readonly schedule: ScheduleConfig;
  /** The factor (≥ 0). */
  readonly factor: number;
}

/** `powerOf(schedule, { coefficient, power })`: coefficient · schedule(step)^power (e.g. σ = 13.33·lr²). */
export interface PowerOfConfig {
  /** Discriminator. */
  readonly kind: 'power-of';
  /** The base schedule (often the learning rate). */
  readonly schedule: ScheduleConfig;
  /** The multiplier c. */
  readonly coefficient: number;
  /** The exponent p. */
  readonly power: number;
}

/** `rootSumSquares(...)`: √(Σ schedule_i(step)²), how independent noise levels combine. */
export interface RootSumSquaresConfig {
  /** Discriminator. */
  readonly kind: 'root-sum-squares';
  /** The schedules combined. */
  readonly schedules: readonly ScheduleConfig[];
}

/** `perEpoch(schedule, stepsPerEpoch)`: a schedule over 0-based epochs, driven by steps. */
export interface PerEpochConfig {
  /** Discriminator. */
  readonly kind: 'per-epoch';
  /** The schedule over epochs (it receives floor(step / stepsPerEpoch)). */
  readonly schedule: ScheduleConfig;
  /** Optimizer steps per epoch. */
  readonly stepsPerEpoch: number;
}

/** Any schedule's JSON description. */
export type ScheduleConfig =
  | ConstantConfig
  | PiecewiseConstantConfig
  | MultiStepConfig
  | StepDecayConfig
  | ExponentialDecayConfig
  | LinearConfig
  | PolynomialConfig
  | CosineDecayConfig
  | CyclicConfig
  | InverseSqrtConfig
  | JoinConfig
  | PointwiseConfig
  | ScaleConfig
  | PowerOfConfig
  | RootSumSquaresConfig
  | PerEpochConfig;
