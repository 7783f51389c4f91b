/**
 * zod's issues in the words of a config error: a missing field by name with what it takes, an
 * unknown field with the field it most likely meant, a wrong value with what the field takes.
 */
import type { z } from 'zod';
import { formatValue, nearestName } from '@lrlab/core';
import type { ConfigIssue } from './invalid-config';
import { alternativeFor, describeSchema, fieldNames, schemaAt, type SchemaNode } from './json-schema';

type ZodIssue = z.core.$ZodIssue;

/** A zod path as a JSON path: `noise[0].sigma`; `(root)` for the whole config. */
function pathOf(parts: readonly PropertyKey[]): string {
  let path = '';
  for (const part of parts) {
    if (typeof part === 'number') path += `[${part}]`;
    else path += path === '' ? String(part) : `.${String(part)}`;
  }
  return path === '' ? '(root)' : path;
}

/** The value at a path of the input, and whether it is there at all (a missing field vs. `null`). */
function lookup(input: unknown, path: readonly PropertyKey[]): { found: boolean; value: unknown } {
  let value = input;
  for (const part of path) {
    if (value === null || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, part)) return { found: false, value: undefined };
    value = (value as Record<PropertyKey, unknown>)[part];
  }
  return { found: true, value };
}

/** The issue of a field the config does not have, with the field it most likely meant. */
function unknownField(input: unknown, path: readonly PropertyKey[], node: SchemaNode | undefined, key: string): ConfigIssue {
  const known = fieldNames(node);
  const given = lookup(input, path).value;
  // A typo usually stands in for a field that is not given: `learningrate` for a missing `learningRate`.
  const absent = known.filter((name) => typeof given !== 'object' || given === null || !Object.prototype.hasOwnProperty.call(given, name));
  const meant = nearestName(key, absent) ?? nearestName(key, known);
  const where = path.length === 0 ? 'the config' : pathOf(path);
  return {
    path: pathOf([...path, key]),
    problem: 'unknown',
    message: meant !== undefined ? `did you mean ${pathOf([...path, meant])}?` : `${where} has the fields ${known.join(', ')}`,
  };
}

/**
 * The config issues of a failed zod parse of the config schema.
 *
 * A union (`learningRate`: a number or `{ unit, schedule }`) reports the problems of the
 * alternative the value was meant as, when exactly one has the value's type; otherwise what the
 * field takes as a whole.
 *
 * @param issues - zod's issues
 * @param input - the parsed value (to tell a missing field from a wrong one, and to show the value)
 * @param prefix - the path the issues' paths are relative to (a union's, when called for its alternative)
 * @param base - the schema at `prefix` (the alternative's); default the whole config's
 * @returns one issue per problem, in zod's order
 */
export function schemaIssues(issues: readonly ZodIssue[], input: unknown, prefix: readonly PropertyKey[] = [], base = schemaAt([])): ConfigIssue[] {
  const found: ConfigIssue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    const node = base && schemaAt(issue.path, base);
    if (issue.code === 'unrecognized_keys') {
      found.push(...issue.keys.map((key) => unknownField(input, path, node, key)));
      continue;
    }
    const { found: given, value } = lookup(input, path);
    if (!given) {
      found.push({ path: pathOf(path), problem: 'missing', message: node ? `expected ${describeSchema(node)}` : issue.message });
      continue;
    }
    if (issue.code === 'invalid_union') {
      // An alternative that failed on the value's type at its root is not the one the user meant.
      const alternatives: readonly (readonly ZodIssue[])[] = issue.errors;
      const meant = alternatives.filter((alternative) => !alternative.some((i) => i.path.length === 0 && i.code === 'invalid_type'));
      // zod's alternatives are the JSON Schema's anyOf, in order.
      const alternative = meant.length === 1 ? node?.anyOf?.[alternatives.indexOf(meant[0]!)] : undefined;
      if (alternative) {
        found.push(...schemaIssues(meant[0]!, input, path, alternative));
        continue;
      }
    }
    found.push({ path: pathOf(path), message: node ? `expected ${describeSchema(alternativeFor(node, value))}, got ${formatValue(value)}` : issue.message });
  }
  return found.filter((issue, i) => found.findIndex((other) => other.path === issue.path && other.message === issue.message) === i);
}
