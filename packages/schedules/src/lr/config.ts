/**
 * The JSON config of every built-in schedule kind, as one union for typed authoring. Each kind's
 * config is declared in the kind's own file; the kinds that nest schedules (join, the combinators,
 * per-epoch) take the nested config's type as a parameter, filled in here with the union itself,
 * so no kind file imports this one.
 */
import type { PowerOfConfig, ProductConfig, RootSumSquaresConfig, ScaleConfig, SumConfig } from './combinators';
import type { ConstantConfig } from './constant';
import type { CosineDecayConfig } from './cosine';
import type { CyclicConfig } from './cyclic';
import type { PerEpochConfig } from './epochs';
import type { ExponentialDecayConfig } from './exponential';
import type { InverseSqrtConfig } from './inverse-sqrt';
import type { JoinConfig } from './join';
import type { LinearConfig } from './linear';
import type { MultiStepConfig } from './multi-step';
import type { PiecewiseConstantConfig } from './piecewise';
import type { PolynomialConfig } from './polynomial';
import type { StepDecayConfig } from './step-decay';

/**
 * The JSON description of any built-in schedule: what a run record stores and
 * {@link buildSchedule} rebuilds. Field names follow one convention: `initialValue`, `peakValue`,
 * `finalValue`, counts in `steps` (or the unit the wrapper says). A resolved config has every
 * default filled in.
 */
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
  | JoinConfig<ScheduleConfig>
  | ProductConfig<ScheduleConfig>
  | SumConfig<ScheduleConfig>
  | ScaleConfig<ScheduleConfig>
  | PowerOfConfig<ScheduleConfig>
  | RootSumSquaresConfig<ScheduleConfig>
  | PerEpochConfig<ScheduleConfig>;
