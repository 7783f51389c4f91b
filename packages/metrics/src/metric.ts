/**
 * The streaming-metric contract: explicit state, threaded through pure functions.
 *
 *   state₀ = metric.init();  stateᵢ₊₁ = metric.update(stateᵢ, outcomesᵢ);  metric.result(stateₙ)
 *
 * States are plain JSON data (numbers, arrays, records), so a run can checkpoint a half-done
 * evaluation and resume it; `update` never modifies the state it is given.
 */
import type { GroupedResult } from './grouped';
import type { ExampleOutcomes } from './outcomes';

/**
 * A streaming metric: `init` → `update` per batch → `result`.
 *
 * @typeParam State - the accumulated plain-data state
 * @typeParam Result - the per-group result
 * @example
 * ```ts
 * const acc = accuracyMetric();
 * let state = acc.init();
 * state = acc.update(state, exampleOutcomes(logits, batch));
 * acc.result(state); // { overall: { examples, accuracy }, groups: { ... } }
 * ```
 */
export interface Metric<State, Result> {
  /** A short name, e.g. `accuracy`, used as the key in results. */
  readonly name: string;
  /** The state before any batch. */
  init(): State;
  /**
   * Folds one batch into the state.
   *
   * @param state - the state so far (not modified)
   * @param outcomes - the batch's per-example outcomes
   * @returns the new state
   */
  update(state: State, outcomes: ExampleOutcomes): State;
  /**
   * The result per group and overall.
   *
   * @param state - the accumulated state
   * @returns the grouped result (absent groups omitted)
   */
  result(state: State): GroupedResult<Result>;
}

/** Any metric, whatever its state and result types. */
export type AnyMetric = Metric<unknown, unknown>;

/** Named metrics evaluated together, e.g. `{ accuracy: accuracyMetric(), loss: lossMetric() }`. */
export type MetricSet = Readonly<Record<string, AnyMetric>>;

/** The state of each metric in a {@link MetricSet}. */
export type MetricStates<M extends MetricSet> = { [K in keyof M]: M[K] extends Metric<infer S, unknown> ? S : never };

/** The grouped result of each metric in a {@link MetricSet}. */
export type MetricResults<M extends MetricSet> = { [K in keyof M]: M[K] extends Metric<unknown, infer R> ? GroupedResult<R> : never };

/**
 * The initial state of every metric in a set.
 *
 * @param metrics - the named metrics
 * @returns one initial state per name
 */
export function initMetrics<M extends MetricSet>(metrics: M): MetricStates<M> {
  const states: Record<string, unknown> = {};
  for (const [name, metric] of Object.entries(metrics)) states[name] = metric.init();
  return states as MetricStates<M>;
}

/**
 * Folds one batch's outcomes into every metric of a set.
 *
 * @param metrics - the named metrics
 * @param states - their states so far (not modified)
 * @param outcomes - the batch's per-example outcomes
 * @returns the new states
 */
export function updateMetrics<M extends MetricSet>(metrics: M, states: MetricStates<M>, outcomes: ExampleOutcomes): MetricStates<M> {
  const next: Record<string, unknown> = {};
  for (const [name, metric] of Object.entries(metrics)) next[name] = metric.update((states as Record<string, unknown>)[name], outcomes);
  return next as MetricStates<M>;
}

/**
 * The result of every metric of a set.
 *
 * @param metrics - the named metrics
 * @param states - their accumulated states
 * @returns one grouped result per name
 */
export function metricResults<M extends MetricSet>(metrics: M, states: MetricStates<M>): MetricResults<M> {
  const results: Record<string, unknown> = {};
  for (const [name, metric] of Object.entries(metrics)) results[name] = metric.result((states as Record<string, unknown>)[name]);
  return results as MetricResults<M>;
}
