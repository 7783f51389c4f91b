/**
 * JSON values as the run record stores them, and the one check every record file passes its data
 * through: `JSON.stringify` silently turns NaN and ±Infinity into `null` and drops `undefined`
 * fields, which would lose what a user or a run wrote without a word.
 */
import { ConfigError } from '@lrlab/core';

/** A value that survives a JSON round trip unchanged. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | JsonObject;

/** A JSON object: string keys, JSON values. */
export interface JsonObject {
  readonly [key: string]: JsonValue;
}

/**
 * Renders a key of a JSON path: `a.b`, `a[0]`, or `a["odd key"]` when the key is not an identifier.
 *
 * @param parent - the path so far (`''` at the root)
 * @param key - an object key or an array index
 */
export function jsonPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  if (/^[A-Za-z_$][\w$]*$/.test(key)) return parent === '' ? key : `${parent}.${key}`;
  return `${parent}[${JSON.stringify(key)}]`;
}

/**
 * The path of the first value in `value` that JSON cannot hold exactly (a non-finite number,
 * `undefined` inside an array, a function, a bigint, a symbol, a cycle), or `undefined` when it has
 * none. `undefined` object fields are allowed: JSON drops them, and absent means the same.
 */
function findNonJson(value: unknown, path: string, seen: Set<object>): { path: string; value: unknown } | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : { path, value };
  if (typeof value !== 'object') return { path, value };
  if (seen.has(value)) return { path, value: 'a reference cycle' };
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const found = findNonJson(value[i], jsonPath(path, i), seen);
        if (found) return found;
      }
      return undefined;
    }
    if (ArrayBuffer.isView(value)) return { path, value: 'a typed array' };
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined) continue;
      const found = findNonJson(item, jsonPath(path, key), seen);
      if (found) return found;
    }
    return undefined;
  } finally {
    seen.delete(value);
  }
}

/**
 * Serialises `value` to JSON text after checking that JSON holds it exactly.
 *
 * @param field - what is being serialised, for the error (`metrics record`, `checkpoint meta`)
 * @param value - the value
 * @param indent - spaces of indentation; 0 for one line
 * @returns the JSON text (no trailing newline)
 * @throws ConfigError naming the path of the first value JSON cannot hold (NaN, Infinity, ...)
 */
export function toJsonText(field: string, value: unknown, indent = 0): string {
  const found = findNonJson(value, '', new Set());
  if (found) {
    const where = found.path === '' ? field : `${field} ${found.path}`;
    throw new ConfigError(
      where,
      found.value,
      'a JSON value (finite numbers, strings, booleans, null, arrays, plain objects)',
      `JSON cannot store it exactly; record a non-finite number as null or as a string such as "NaN".`,
    );
  }
  return JSON.stringify(value, null, indent === 0 ? undefined : indent);
}

/**
 * Whether a parsed JSON value is a plain object (not an array, not null).
 *
 * @param value - a parsed JSON value
 */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
