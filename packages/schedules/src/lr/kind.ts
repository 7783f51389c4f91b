/**
 * What a schedule kind is: an entry of core's one registry shape (`KindEntry`) whose `build` makes
 * a pure step → value function, plus the one fact experiments needs, where its value jumps.
 * Built-in kinds are entries of `SCHEDULES`; a user's kind is an entry of the same shape, added
 * with `withKinds(SCHEDULES, { 'my-kind': entry }, 'schedule kind')`.
 */
import type { KindConfig, KindEntry, Schedule } from '@lrlab/core';
import type { DescribedSchedule } from '../schedule';

/** What building a schedule needs besides its config: where it sits, and how to build nested schedules. */
export interface ScheduleContext {
  /** The config's path in the run's config, for errors (`learningRate.schedules[1]`). */
  readonly path: string;
  /**
   * Builds a nested schedule config through the same registry as the enclosing one, so a user's
   * kind may sit inside a built-in `join` and the other way round.
   *
   * @param config - the nested config
   * @param path - its path, e.g. `${context.path}.schedules[1]`
   * @returns the nested schedule, carrying its resolved config
   * @throws ConfigError naming the nested field by its full path
   */
  buildSchedule(config: unknown, path: string): DescribedSchedule;
}

/**
 * A config with some optional fields filled in: what `resolve` returns for a kind whose defaults
 * are those fields (`WithDefaults<ExponentialDecayConfig, 'decaySteps' | 'staircase'>`).
 */
export type WithDefaults<Config, Field extends keyof Config> = Config & { readonly [F in Field]-?: Exclude<Config[F], undefined> };

/**
 * One schedule kind.
 *
 * - `resolve` validates the kind's own fields and fills in its defaults. A composite kind (`join`,
 *   `scale`, ...) checks only its own fields there: its nested schedules are resolved when they
 *   are built, through the registry in the build context.
 * - `build` makes the step → value function from a resolved config, without validating again.
 *   `buildSchedule` attaches the resolved config when the function does not carry one, so a
 *   user's kind may return a plain function.
 *
 * @typeParam Config - its JSON config (with `kind`); the factory's options are `OptionsOf<Config>`
 * @typeParam Resolved - the config with every default filled in
 * @typeParam Built - what `build` returns (built-in kinds return a {@link DescribedSchedule})
 */
export interface ScheduleKindEntry<Config extends KindConfig = KindConfig, Resolved extends Config = Config, Built extends Schedule = Schedule>
  extends KindEntry<Config, Resolved, Built, ScheduleContext> {
  /**
   * The steps at which the value jumps (or, for a join, switches piece), in the schedule's own
   * unit and in any order (`scheduleChangePoints` sorts them and drops repeats): a multi-step's
   * milestones, a piecewise-constant's boundaries. `[]` for a
   * continuous schedule; absent where the list is unknown or unbounded (step-decay, a staircase
   * exponential decay), which counts as none.
   *
   * @param config - a resolved config whose nested schedules are resolved too
   * @param changesOf - the change points of a nested schedule config (through the same registry)
   * @returns the steps
   */
  changesAt?(config: Resolved, changesOf: (config: KindConfig) => readonly number[]): readonly number[];
}
