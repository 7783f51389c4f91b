import { ConfigError, type KindConfig, type Schedule } from '@lrlab/core';
import { isDescribed, withConfig, type DescribedSchedule } from '../schedule';
import type { ScheduleKindEntry } from './kind';
import { checkBoundaries, pieceIndex } from './piecewise';
import { at, checkConfigList, checkScheduleArgument } from './values';

/** `joinSchedules(schedules, boundaries)` (optax `join_schedules`). */
export interface JoinConfig<Nested extends KindConfig = KindConfig> {
  /** Discriminator. */
  readonly kind: 'join';
  /** The pieces; piece i + 1 receives its local step (step − boundaries[i]). */
  readonly schedules: readonly Nested[];
  /** Strictly increasing steps at which the next piece starts; one fewer than schedules. */
  readonly boundaries: readonly number[];
}

/** Checks a join's boundaries against its number of pieces. */
function checkJoinBoundaries(field: string, boundaries: unknown, pieces: number): readonly number[] {
  const checked = checkBoundaries(field, boundaries);
  if (checked.length !== pieces - 1) {
    throw new ConfigError(field, boundaries, `${pieces - 1} boundaries, one fewer than the ${pieces} schedules`);
  }
  return checked;
}

/** The joined function: piece i receives step − start_i. */
function joinPieces(pieces: readonly Schedule[], boundaries: readonly number[]): Schedule {
  const starts = [0, ...boundaries];
  return (step) => {
    const i = pieceIndex(boundaries, step);
    return pieces[i]!(step - starts[i]!);
  };
}

/**
 * Joins schedules end to end (optax `join_schedules`): piece 0 runs until `boundaries[0]`, piece
 * i + 1 from `boundaries[i]` on, and each piece receives its *local* step, so a decay joined after
 * a warm-up starts from its own step 0.
 *
 * `value(step) = schedules[i](step − start_i)` with `i = #{ b ∈ boundaries : b ≤ step }` and
 * `start_0 = 0`, `start_i = boundaries[i − 1]`.
 *
 * The result carries a config when every piece does.
 *
 * @param schedules - the pieces, in order
 * @param boundaries - strictly increasing steps ≥ 0, one fewer than `schedules`
 * @returns the joined schedule
 * @example
 * ```ts
 * const lr = joinSchedules([linear({ initialValue: 0, finalValue: 0.1, steps: 5 }), cosineDecay({ initialValue: 0.1, steps: 95 })], [5]);
 * lr(5); // 0.1: the cosine's local step 0
 * ```
 */
export function joinSchedules<Config extends KindConfig>(schedules: readonly DescribedSchedule<Config>[], boundaries: readonly number[]): DescribedSchedule<JoinConfig<Config>>;
export function joinSchedules(schedules: readonly Schedule[], boundaries: readonly number[]): Schedule;
export function joinSchedules(schedules: readonly Schedule[], boundaries: readonly number[]): Schedule {
  if (!Array.isArray(schedules) || schedules.length === 0) {
    throw new ConfigError('schedules', schedules, 'a non-empty array of schedules');
  }
  schedules.forEach((s, i) => checkScheduleArgument(`schedules[${i}]`, s));
  const checked = checkJoinBoundaries('boundaries', boundaries, schedules.length);
  const pieces = [...schedules];
  const fn = joinPieces(pieces, checked);
  return pieces.every(isDescribed)
    ? withConfig(fn, { kind: 'join', schedules: pieces.map((p) => p.config), boundaries: [...checked] })
    : fn;
}

/**
 * {@link joinSchedules} for pieces that all carry configs; the result does too.
 *
 * @param schedules - described pieces
 * @param boundaries - strictly increasing steps, one fewer than `schedules`
 * @returns the described joined schedule
 */
export function joinDescribed<Config extends KindConfig>(schedules: readonly DescribedSchedule<Config>[], boundaries: readonly number[]): DescribedSchedule<JoinConfig<Config>> {
  return joinSchedules(schedules, boundaries);
}

/** The `join` schedule kind: its pieces are built through the registry of the build context. */
export const joinKind: ScheduleKindEntry<JoinConfig, JoinConfig, DescribedSchedule> = {
  description: 'schedules end to end; piece i + 1 starts at boundaries[i] and receives its local step',
  fields: {
    schedules: 'the pieces (schedule configs), in order',
    boundaries: 'strictly increasing steps ≥ 0 at which the next piece starts; one fewer than schedules',
  },
  resolve(config, path) {
    const schedules = checkConfigList(at(path, 'schedules'), config.schedules);
    const boundaries = checkJoinBoundaries(at(path, 'boundaries'), config.boundaries, schedules.length);
    return { kind: 'join', schedules, boundaries: [...boundaries] };
  },
  build(config, context) {
    const pieces = config.schedules.map((piece, i) => context.buildSchedule(piece, `${context.path}.schedules[${i}]`));
    return withConfig(joinPieces(pieces, config.boundaries), { kind: 'join', schedules: pieces.map((p) => p.config), boundaries: config.boundaries });
  },
  changesAt(config, changesOf) {
    const starts = [0, ...config.boundaries];
    const inner = config.schedules.flatMap((piece, i) => {
      const end = config.boundaries[i] ?? Number.POSITIVE_INFINITY;
      return changesOf(piece).map((step) => starts[i]! + step).filter((step) => step < end);
    });
    return [...config.boundaries, ...inner];
  },
};
