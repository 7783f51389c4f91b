/**
 * The built-in schedule kinds: one entry per kind, each defined in its own file. Adding a kind is
 * that file plus one line here (and its config in the {@link ScheduleConfig} union, for typed
 * authoring). A user's kinds join these with `withKinds(SCHEDULES, { 'my-kind': entry }, 'schedule kind')`.
 */
import type { Registry } from '@lrlab/core';
import { productKind, powerOfKind, rootSumSquaresKind, scaleKind, sumKind } from './combinators';
import { constantKind } from './constant';
import { cosineDecayKind } from './cosine';
import { cyclicKind } from './cyclic';
import { perEpochKind } from './epochs';
import { exponentialDecayKind } from './exponential';
import { inverseSqrtKind } from './inverse-sqrt';
import { joinKind } from './join';
import type { ScheduleConfig } from './config';
import type { ScheduleKindEntry } from './kind';
import { linearKind } from './linear';
import { multiStepKind } from './multi-step';
import { piecewiseConstantKind } from './piecewise';
import { polynomialKind } from './polynomial';
import { stepDecayKind } from './step-decay';

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
