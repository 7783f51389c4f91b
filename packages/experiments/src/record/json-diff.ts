/**
 * Deep comparison of two JSON values, listing where they differ as JSON paths, for the error a
 * run folder gives when asked to run a config other than the one it holds.
 */
import { formatValue } from '@lrlab/core';
import { isJsonObject, jsonPath } from './json';

/** One place where two JSON values differ. */
export interface JsonDifference {
  /** JSON path, e.g. `optimizer.learningRate.initialValue` or `noise[0].sigma`; `(root)` for the whole value. */
  readonly path: string;
  /** The value on the left (the stored one); `undefined` when absent there. */
  readonly left: unknown;
  /** The value on the right (the given one); `undefined` when absent there. */
  readonly right: unknown;
}

/**
 * Every place where two JSON values differ, depth first in the left value's key order (keys only
 * on the right come after). Object key order does not matter; array order does; leaves compare
 * with `===`.
 *
 * @param left - a parsed JSON value (e.g. the stored config)
 * @param right - another (e.g. the given config)
 * @returns the differences; empty when the values are equal
 * @example
 * ```ts
 * diffJson({ lr: { initialValue: 0.1 } }, { lr: { initialValue: 0.2 } });
 * // [{ path: 'lr.initialValue', left: 0.1, right: 0.2 }]
 * ```
 */
export function diffJson(left: unknown, right: unknown): JsonDifference[] {
  const differences: JsonDifference[] = [];
  collect(left, right, '', differences);
  return differences;
}

function collect(left: unknown, right: unknown, path: string, out: JsonDifference[]): void {
  if (Array.isArray(left) && Array.isArray(right)) {
    for (let i = 0; i < Math.max(left.length, right.length); i++) {
      collect(i < left.length ? left[i] : undefined, i < right.length ? right[i] : undefined, jsonPath(path, i), out);
    }
    return;
  }
  if (isJsonObject(left) && isJsonObject(right)) {
    const keys = [...Object.keys(left), ...Object.keys(right).filter((key) => !Object.hasOwn(left, key))];
    for (const key of keys) collect(left[key], right[key], jsonPath(path, key), out);
    return;
  }
  if (left !== right) out.push({ path: path === '' ? '(root)' : path, left, right });
}

/**
 * Renders differences one per line as `path: left → right`, at most `limit` of them, then
 * `… and N more`. An absent value reads `(absent)`.
 *
 * @param differences - from {@link diffJson}
 * @param limit - how many to show
 * @returns the lines
 */
export function formatDifferences(differences: readonly JsonDifference[], limit = 10): string[] {
  const show = (value: unknown): string => (value === undefined ? '(absent)' : formatValue(value));
  const lines = differences.slice(0, limit).map((d) => `${d.path}: ${show(d.left)} → ${show(d.right)}`);
  if (differences.length > limit) lines.push(`… and ${differences.length - limit} more`);
  return lines;
}
