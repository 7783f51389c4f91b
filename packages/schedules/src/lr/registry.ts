/**
 * The built-in schedule kinds: one entry per kind, each defined in its own file. Adding a kind is
 * that file plus one line here (and its config in the {@link ScheduleConfig} union, for typed
 * authoring). A user's kinds join these with `withKinds(SCHEDULES, { 'my-kind': entry }, 'schedule kind')`.
 */
import type { Registry } from '@lrlab/core';
import { productKind, powerOfKind, rootSumSquaresKind, scaleKind, sumKind, type PowerOfConfig, type ProductConfig, type RootSumSquaresConfig, type ScaleConfig, type SumConfig } from './combinators';
import { constantKind, type ConstantConfig } from './constant';
import { cosineDecayKind, type CosineDecayConfig } from './cosine';
import { cyclicKind, type CyclicConfig } from './cyclic';
import { perEpochKind, type PerEpochConfig } from './epochs';
import { exponentialDecayKind, type ExponentialDecayConfig } from './exponential';
import { inverseSqrtKind, type InverseSqrtConfig } from './inverse-sqrt';
import { joinKind, type JoinConfig } from './join';
import type { ScheduleKindEntry } from './kind';
import { linearKind, type LinearConfig } from './linear';
import { multiStepKind, type MultiStepConfig } from './multi-step';
import { piecewiseConstantKind, type PiecewiseConstantConfig } from './piecewise';
import { polynomialKind, type PolynomialConfig } from './polynomial';
import { stepDecayKind, type StepDecayConfig } from './step-decay';

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
  | JoinConfig
  | ProductConfig
  | SumConfig
  | ScaleConfig
  | PowerOfConfig
  | RootSumSquaresConfig
  | PerEpochConfig;

/** Every built-in kind, checked at compile time against the {@link ScheduleConfig} union. */
const BUILT_IN = {
  constant: constantKind,
  'piecewise-constant': piecewiseConstantKind,
  'multi-step': multiStepKind,
  'step-decay': stepDecayKind,
  'exponential-decay': exponentialDecayKind,
  linear: linearKind,
  polynomial: polynomialKind,
  'cosine-decay': cosineDecayKind,
  cyclic: cyclicKind,
  'inverse-sqrt': inverseSqrtKind,
  join: joinKind,
  product: productKind,
  sum: sumKind,
  scale: scaleKind,
  'power-of': powerOfKind,
  'root-sum-squares': rootSumSquaresKind,
  'per-epoch': perEpochKind,
} satisfies Record<ScheduleConfig['kind'], ScheduleKindEntry>;

/**
 * The built-in schedule kinds, by name: a plain frozen object of {@link ScheduleKindEntry}.
 *
 * @example
 * ```ts
 * const entry = SCHEDULES['multi-step']!;
 * entry.resolve({ kind: 'multi-step', initialValue: 0.1, milestones: [29], gamma: 0.04 }, 'learningRate');
 * const withMine = withKinds(SCHEDULES, { halving: myHalvingEntry }, 'schedule kind');
 * ```
 */
export const SCHEDULES: Registry<ScheduleKindEntry> = Object.freeze(BUILT_IN);
