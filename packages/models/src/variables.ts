/**
 * Naming and creating model variables.
 *
 * tfjs requires variable names to be unique in the process, and optimizer bindings select
 * variables (for weight decay) and match optimizer state by name. So every variable is named
 * `<model name>/<logical path>`: the model name is unique per instance (`wide-resnet-0`,
 * `wide-resnet-1`, ... or one the caller chooses), and the logical path is readable and stable
 * (`block1.0/bn1/gamma`, `head/dense/bias`). Saved weights are keyed by the logical path alone,
 * so they load into any instance.
 */
import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '@lrlab/core';

/**
 * The role of a model variable: `trainable` (receives gradients), `state` (updated by training
 * forward passes, e.g. batch-norm running averages), or `fixed` (drawn at init and never changed,
 * e.g. the two-layer net's second layer by default).
 */
export type VariableRole = 'trainable' | 'state' | 'fixed';

/** One variable of a model, with its logical path and role. */
export interface ModelVariable {
  /** The path inside the model, e.g. `block1.0/conv1/kernel`; saved weights are keyed by it. */
  readonly path: string;
  /** The tfjs variable, named `<model name>/<path>`. */
  readonly variable: tf.Variable;
  /** How the variable changes. */
  readonly role: VariableRole;
}

let nextInstance = 0;

function nameInUse(name: string): boolean {
  const prefix = `${name}/`;
  return Object.keys(tf.engine().registeredVariables).some((key) => key.startsWith(prefix));
}

/**
 * Chooses the instance name of a new model: the requested one (which must be free), or
 * `<kind>-<n>` with the smallest counter value not in use.
 *
 * @param kind - the model kind, used for automatic names
 * @param requested - a name chosen by the caller, if any
 * @returns a name no registered variable uses as its prefix
 */
export function claimModelName(kind: string, requested?: string): string {
  if (requested !== undefined) {
    if (typeof requested !== 'string' || !/^[A-Za-z0-9_.-]+$/.test(requested)) {
      throw new ConfigError('name', requested, 'a non-empty name of letters, digits, ".", "_" and "-"');
    }
    if (nameInUse(requested)) {
      throw new ConfigError('name', requested, 'a name no live model uses', `Dispose the model named ${JSON.stringify(requested)} first, or choose another name.`);
    }
    return requested;
  }
  let name = `${kind}-${nextInstance++}`;
  while (nameInUse(name)) name = `${kind}-${nextInstance++}`;
  return name;
}

/** Creates a model's variables under its name and remembers their paths and roles. */
export class VariableStore {
  private readonly entries: ModelVariable[] = [];
  private readonly paths = new Set<string>();

  /** @param name - the model's instance name, the prefix of every variable name */
  constructor(readonly name: string) {}

  /**
   * Makes a variable from an initial value, taking ownership of the value (it is disposed).
   *
   * @param path - the logical path, unique within the model
   * @param initial - the initial value
   * @param role - trainable, state or fixed
   * @returns the variable
   */
  add(path: string, initial: tf.Tensor, role: VariableRole): tf.Variable {
    if (typeof path !== 'string' || path === '' || this.paths.has(path)) {
      initial.dispose();
      throw new ConfigError('path', path, `a non-empty variable path not yet used in model ${JSON.stringify(this.name)}`);
    }
    const variable = tf.variable(initial, role === 'trainable', `${this.name}/${path}`, 'float32');
    initial.dispose();
    this.paths.add(path);
    this.entries.push({ path, variable, role });
    return variable;
  }

  /** Every variable created so far, in creation order. */
  get variables(): readonly ModelVariable[] {
    return this.entries;
  }

  /** Disposes every variable. */
  dispose(): void {
    for (const entry of this.entries) entry.variable.dispose();
  }
}
