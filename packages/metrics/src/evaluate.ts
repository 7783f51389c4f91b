/**
 * One pass over many batches: one forward per batch (supplied by the caller, so this package
 * never imports a model), every metric updated from a single download of per-example outcomes.
 */
import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '@lrlab/core';
import { initMetrics, metricResults, updateMetrics, type MetricResults, type MetricSet } from './metric';
import { exampleOutcomesAsync, type LabelledGroups } from './outcomes';

/** Options of {@link evaluate}. */
export interface EvaluateOptions<B extends LabelledGroups, M extends MetricSet> {
  /** The batches, e.g. an evaluation set cut into batches; iterated once. */
  readonly batches: Iterable<B> | AsyncIterable<B>;
  /**
   * The model's logits for a batch ([batch], [batch, 1] or [batch, k]). It runs inside `tf.tidy`,
   * so its intermediates are freed; the returned logits are disposed after use.
   */
  readonly forward: (batch: B) => tf.Tensor;
  /** The metrics to compute, by name. */
  readonly metrics: M;
}

/** Throws unless `batches` can be iterated (a per-group record of eval sets cannot: evaluate each). */
function checkBatches(batches: unknown): void {
  const iterable =
    typeof batches === 'object' &&
    batches !== null &&
    (typeof (batches as Partial<Iterable<unknown>>)[Symbol.iterator] === 'function' || typeof (batches as Partial<AsyncIterable<unknown>>)[Symbol.asyncIterator] === 'function');
  if (!iterable) {
    throw new ConfigError(
      'batches',
      batches,
      'an iterable (or async iterable) of batches, e.g. evalBatches(dataset, 1000)',
      'For a record of eval sets by name (e.g. { train, test } or one set per group), call evaluate once per set.',
    );
  }
}

/** Throws unless `metrics` is a non-empty record of metrics (each with init, update and result). */
function checkMetrics(metrics: unknown): void {
  if (typeof metrics !== 'object' || metrics === null || Array.isArray(metrics) || Object.keys(metrics).length === 0) {
    throw new ConfigError('metrics', metrics, 'a non-empty object of metrics by name, e.g. { accuracy: accuracyMetric() }');
  }
  for (const [name, metric] of Object.entries(metrics)) {
    const m = metric as Partial<Record<'init' | 'update' | 'result', unknown>> | null;
    if (typeof m !== 'object' || m === null || typeof m.init !== 'function' || typeof m.update !== 'function' || typeof m.result !== 'function') {
      throw new ConfigError(`metrics.${name}`, metric, 'a metric (init, update, result), e.g. accuracyMetric()');
    }
  }
}

/**
 * Evaluates a model over batches and returns every metric's grouped result. Tensors never
 * outlive a batch: the forward pass runs in `tf.tidy`, the per-example outcomes are computed in
 * `tf.tidy` and downloaded once, and the logits are disposed, also when a step throws.
 *
 * @param options - batches, forward function and metrics
 * @returns the results, keyed like `metrics`: JSON-ready for `metrics.jsonl`
 * @example
 * ```ts
 * const results = await evaluate({
 *   batches: testBatches,
 *   forward: (batch) => model.apply(tf.tensor(batch.features, [...batch.shape]), { training: false, step }),
 *   metrics: { accuracy: accuracyMetric({ groupWeights: { 'a-only': 0.2, 'b-only': 0.2, both: 0.6 } }), loss: lossMetric() },
 * });
 * results.accuracy.groups['a-only']?.accuracy;
 * ```
 */
export async function evaluate<B extends LabelledGroups, M extends MetricSet>(options: EvaluateOptions<B, M>): Promise<MetricResults<M>> {
  if (typeof options !== 'object' || options === null) throw new ConfigError('options', options, 'an object { batches, forward, metrics }');
  const { batches, forward, metrics } = options;
  if (typeof forward !== 'function') throw new ConfigError('forward', forward, 'a function from a batch to its logits');
  checkBatches(batches);
  checkMetrics(metrics);
  let states = initMetrics(metrics);
  for await (const batch of batches) {
    const logits = tf.tidy(() => forward(batch));
    if (!(logits instanceof tf.Tensor)) throw new ConfigError('forward(batch)', logits, 'a tensor of logits');
    try {
      states = updateMetrics(metrics, states, await exampleOutcomesAsync(logits, batch));
    } finally {
      logits.dispose();
    }
  }
  return metricResults(metrics, states);
}
