/**
 * The config's schema as JSON Schema, and in words: `lrlab config --schema` prints the first,
 * `lrlab config` lists the second, and a config error says what a missing or wrong field expects
 * with the same words.
 */
import { z } from 'zod';
import { experimentConfigSchema } from './schema';

/** The part of JSON Schema (draft 2020-12) that zod writes for the config schema. */
export interface SchemaNode {
  /** `object`, `array`, `string`, `number`, `integer`, `boolean` or `null`. */
  readonly type?: string;
  /** What the value is, in words (a `meta({ description })` of the zod schema). */
  readonly description?: string;
  /** An object's named fields. */
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  /** The names of an object's required fields. */
  readonly required?: readonly string[];
  /** `false`: no other fields; a schema: what any other field takes (a record). */
  readonly additionalProperties?: SchemaNode | boolean;
  /** What each element of a list takes. */
  readonly items?: SchemaNode;
  /** The alternatives of a union. */
  readonly anyOf?: readonly SchemaNode[];
  /** The values allowed. */
  readonly enum?: readonly unknown[];
  /** The one value allowed. */
  readonly const?: unknown;
  /** Inclusive lower bound of a number. */
  readonly minimum?: number;
  /** Inclusive upper bound of a number. */
  readonly maximum?: number;
  /** Exclusive lower bound of a number. */
  readonly exclusiveMinimum?: number;
  /** Exclusive upper bound of a number. */
  readonly exclusiveMaximum?: number;
  /** Fewest characters of a string. */
  readonly minLength?: number;
  /** Most characters of a string. */
  readonly maxLength?: number;
  /** A regular expression a string matches. */
  readonly pattern?: string;
  /** Fewest elements of a list. */
  readonly minItems?: number;
  /** Most elements of a list. */
  readonly maxItems?: number;
}

/** One field of the config, as `lrlab config` lists it. */
export interface ConfigField {
  /** Its JSON path; `[]` stands for every element of a list: `noise[].sigma`. */
  readonly path: string;
  /** What it takes, in words: `an integer >= 1 and <= 100000`, `a number >= 0 or { unit, schedule }`. */
  readonly expects: string;
  /** Whether it must be given (when the object holding it is). */
  readonly required: boolean;
}

let cached: SchemaNode | undefined;

/** The schema, built once: it describes what a user writes (`io: 'input'`). */
function rootSchema(): SchemaNode {
  cached ??= z.toJSONSchema(experimentConfigSchema, { io: 'input' }) as SchemaNode;
  return cached;
}

/**
 * The JSON Schema (draft 2020-12) of an {@link ExperimentConfig}: its fields, their types and
 * ranges, which are required, and that no other top-level field is allowed. It checks structure
 * only: what a `kind` names (a schedule, a dataset, a model) and that kind's own fields are checked
 * by the kind's registry entry when the config is parsed. `lrlab config --schema` prints it, for
 * editors (`"$schema"` in a config file) and other validators.
 *
 * @returns a fresh copy of the schema, a plain JSON object
 * @example
 * ```ts
 * const schema = experimentConfigJsonSchema();
 * schema['required']; // ['name', 'data', 'model', 'training', 'learningRate']
 * ```
 */
export function experimentConfigJsonSchema(): Record<string, unknown> {
  return structuredClone(rootSchema()) as Record<string, unknown>;
}

/**
 * Every field of an {@link ExperimentConfig} with what it takes, in the schema's order; the
 * fields of an object inside a list or a union are listed under it.
 *
 * @returns the fields, `name` first
 * @example
 * ```ts
 * experimentConfigFields().find((f) => f.path === 'training.epochs');
 * // { path: 'training.epochs', expects: 'an integer >= 1 and <= 100000', required: true }
 * ```
 */
export function experimentConfigFields(): ConfigField[] {
  const fields: ConfigField[] = [];
  const visit = (node: SchemaNode, prefix: string): void => {
    for (const object of objectBranches(node)) {
      for (const [key, child] of Object.entries(object.properties ?? {})) {
        const path = prefix === '' ? key : `${prefix}.${key}`;
        if (!fields.some((f) => f.path === path)) fields.push({ path, expects: describeSchema(child), required: (object.required ?? []).includes(key) });
        visit(child, path);
      }
    }
    for (const list of branches(node).filter((b) => b.items)) visit(list.items!, `${prefix}[]`);
  };
  visit(rootSchema(), '');
  return fields;
}

/** A node, or the alternatives of a union (nested unions flattened). */
function branches(node: SchemaNode): SchemaNode[] {
  return node.anyOf ? node.anyOf.flatMap(branches) : [node];
}

/** The alternatives of a node that are objects with named fields. */
function objectBranches(node: SchemaNode): SchemaNode[] {
  return branches(node).filter((b) => b.properties !== undefined);
}

/**
 * The schema of the field at a path of the config, e.g. `['noise', 0, 'sigma']`.
 *
 * @param path - the path, as zod reports it
 * @param from - the schema the path starts from; default the whole config's
 * @returns its schema, or undefined when the schema does not describe it (a kind's own field)
 */
export function schemaAt(path: readonly PropertyKey[], from: SchemaNode = rootSchema()): SchemaNode | undefined {
  let node: SchemaNode | undefined = from;
  for (const part of path) {
    if (node === undefined) return undefined;
    node =
      typeof part === 'number'
        ? branches(node).find((b) => b.items)?.items
        : objectBranches(node).find((b) => b.properties![String(part)])?.properties![String(part)];
  }
  return node;
}

/** The JSON Schema type of a JSON value: `integer` is a `number` too. */
function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/**
 * The alternative of a union that a value was meant as: the one of the value's type (`-1` for
 * σ's `number`, not its `{ unit, schedule }`), when exactly one has it.
 *
 * @param node - a field's schema
 * @param value - the value given
 * @returns that alternative, or the node itself (not a union, or no single alternative of that type)
 */
export function alternativeFor(node: SchemaNode, value: unknown): SchemaNode {
  const type = jsonType(value);
  const matching = branches(node).filter((b) => (b.type === 'integer' ? 'number' : b.type ?? (b.properties ? 'object' : undefined)) === type);
  return matching.length === 1 ? matching[0]! : node;
}

/**
 * The named fields an object may have (for "did you mean …?").
 *
 * @param node - the object's schema
 * @returns the field names, or none when it is not an object with named fields
 */
export function fieldNames(node: SchemaNode | undefined): string[] {
  return node ? [...new Set(objectBranches(node).flatMap((b) => Object.keys(b.properties!)))] : [];
}

/** `>= 1 and <= 100000`, the bounds of a number, in the words of `@lrlab/core`'s checks. */
function numberBounds(node: SchemaNode): string {
  const parts: string[] = [];
  if (node.minimum !== undefined) parts.push(`>= ${node.minimum}`);
  if (node.exclusiveMinimum !== undefined) parts.push(`> ${node.exclusiveMinimum}`);
  // The largest safe integer is a bound of representation, not a limit anyone meets.
  if (node.maximum !== undefined && node.maximum < Number.MAX_SAFE_INTEGER) parts.push(`<= ${node.maximum}`);
  if (node.exclusiveMaximum !== undefined) parts.push(`< ${node.exclusiveMaximum}`);
  return parts.length === 0 ? '' : ` ${parts.join(' and ')}`;
}

/**
 * What a schema node takes, in words: `an integer >= 1`, `"epoch" or "step"`,
 * `a number >= 0 or { unit, schedule }`, `{ kind, ... }` (an object that also takes the kind's fields),
 * `a list of at most 16 entries, each { kind, sigma, ... }`.
 *
 * @param node - a node of the config's JSON Schema
 * @returns the description, starting lower-case
 */
export function describeSchema(node: SchemaNode): string {
  if (node.description !== undefined) return node.description;
  if (node.anyOf) {
    const all = branches(node);
    const parts = all.filter((b) => b.type !== 'null').map(describeSchema);
    const either = parts.length <= 2 ? parts.join(' or ') : `${parts.slice(0, -1).join(', ')} or ${parts.at(-1)}`;
    // "null or …" first: "…, each a string or null" would read as a list of strings or nulls.
    return all.length > parts.length ? `null or ${either}` : either;
  }
  if (node.enum) return node.enum.length === 2 ? node.enum.map((v) => JSON.stringify(v)).join(' or ') : `one of ${node.enum.map((v) => JSON.stringify(v)).join(', ')}`;
  if (node.const !== undefined) return JSON.stringify(node.const);
  switch (node.type) {
    case 'integer':
      return `an integer${numberBounds(node)}`;
    case 'number':
      return `a number${numberBounds(node)}`;
    case 'boolean':
      return 'true or false';
    case 'null':
      return 'null';
    case 'string':
      if (node.pattern !== undefined) return `a string matching /${node.pattern}/`;
      if (node.maxLength !== undefined) return `a string of at most ${node.maxLength} characters`;
      return node.minLength !== undefined && node.minLength > 0 ? 'a non-empty string' : 'a string';
    case 'array': {
      const list = node.minItems !== undefined && node.minItems > 0 ? 'a non-empty list' : 'a list';
      const size = node.maxItems !== undefined ? ` of at most ${node.maxItems} entries` : '';
      return node.items ? `${list}${size}, each ${describeSchema(node.items)}` : `${list}${size}`;
    }
    case 'object': {
      const keys = Object.keys(node.properties ?? {});
      const open = node.additionalProperties !== false;
      if (keys.length > 0) return `{ ${keys.join(', ')}${open ? ', ...' : ''} }`;
      if (typeof node.additionalProperties === 'object' && Object.keys(node.additionalProperties).length > 0) {
        return `an object whose values are each ${describeSchema(node.additionalProperties)}`;
      }
      return 'an object';
    }
    default:
      return 'a value';
  }
}
