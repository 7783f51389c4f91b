/**
 * Typed errors for everything a user can cause: a bad config, a missing or corrupt data file,
 * an unavailable backend, a diverged run, a failed read or write.
 *
 * Every message says what was wrong (naming the offending value) and what to do about it, so a
 * researcher can act on it without reading a stack trace.
 */

/** The category of an {@link LrlabError}; stable strings that callers may switch on. */
export type LrlabErrorCode = 'config' | 'data' | 'backend' | 'divergence' | 'io';

/** Options shared by every {@link LrlabError} constructor. */
export interface LrlabErrorOptions {
  /** The lower-level error that caused this one, if any. */
  readonly cause?: unknown;
}

/**
 * Base class of every error lrlab throws on purpose.
 *
 * `message` is `problem` followed by `hint`; both are also kept apart for programs that render
 * them differently (the CLI prints the hint on its own line).
 */
export class LrlabError extends Error {
  /** Machine-readable category. */
  readonly code: LrlabErrorCode;
  /** What went wrong, naming the offending value. */
  readonly problem: string;
  /** What the user can do about it. */
  readonly hint: string;

  /**
   * @param code - the error's category
   * @param problem - what went wrong, naming the offending value
   * @param hint - what to do about it
   * @param options - an optional underlying cause
   */
  constructor(code: LrlabErrorCode, problem: string, hint: string, options: LrlabErrorOptions = {}) {
    super(hint ? `${problem} ${hint}` : problem, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.problem = problem;
    this.hint = hint;
  }
}

/**
 * Renders a value for an error message: short, unambiguous, and safe for any input
 * (NaN, Infinity, -0, strings in quotes, long arrays and objects truncated).
 *
 * @param value - any value a user may have written
 * @returns a one-line description, at most about 80 characters
 */
export function formatValue(value: unknown): string {
  if (typeof value === 'number') {
    if (Object.is(value, -0)) return '-0';
    return String(value);
  }
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'bigint') return `${value}n`;
  if (value === undefined || value === null || typeof value === 'boolean') return String(value);
  if (typeof value === 'function') return 'a function';
  let text: string;
  try {
    text = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
  } catch {
    text = Object.prototype.toString.call(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Thrown when a config value or function argument is invalid. */
export class ConfigError extends LrlabError {
  /** Dotted path of the offending field, e.g. `learningRate.boundaries[2]`. */
  readonly field: string;
  /** The value that was rejected. */
  readonly value: unknown;
  /** What the field must be, e.g. `a positive integer`. */
  readonly expected: string;
  private readonly customHint: string | undefined;

  /**
   * @param field - dotted path of the offending field
   * @param value - the rejected value
   * @param expected - what the field must be, e.g. `a positive finite number`
   * @param hint - what to do; defaults to asking for a value that satisfies `expected`
   * @example
   * ```ts
   * throw new ConfigError('batchSize', 0, 'a positive integer');
   * // ConfigError: Invalid batchSize: expected a positive integer, got 0. Set batchSize to a positive integer.
   * ```
   */
  constructor(field: string, value: unknown, expected: string, hint?: string, options: LrlabErrorOptions = {}) {
    super(
      'config',
      `Invalid ${field}: expected ${expected}, got ${formatValue(value)}.`,
      hint ?? `Set ${field} to ${expected}.`,
      options,
    );
    this.field = field;
    this.value = value;
    this.expected = expected;
    this.customHint = hint;
  }

  /**
   * The same error for a field nested in a larger config, e.g. `initialValue` inside
   * `learningRate.schedules[1]`.
   *
   * @param prefix - the path of the enclosing object
   * @returns a new ConfigError whose field is `prefix.field`
   */
  withFieldPrefix(prefix: string): ConfigError {
    const field = this.field.startsWith('[') ? `${prefix}${this.field}` : `${prefix}.${this.field}`;
    const hint = this.customHint?.split(this.field).join(field);
    return new ConfigError(field, this.value, this.expected, hint, { cause: this.cause });
  }
}

/** Thrown when a data file or directory is missing, truncated, corrupt or of the wrong format. */
export class DataError extends LrlabError {
  /** The file or directory at fault. */
  readonly file: string;

  /**
   * @param file - the file or directory at fault
   * @param problem - what is wrong with it (what was expected, what was found)
   * @param hint - how to obtain or repair the data
   */
  constructor(file: string, problem: string, hint: string, options: LrlabErrorOptions = {}) {
    super('data', `${file}: ${problem}`, hint, options);
    this.file = file;
  }
}

/** Thrown when a requested tfjs backend is unknown, not installed, or fails to start. */
export class BackendError extends LrlabError {
  /** The backend that was asked for. */
  readonly backend: string;

  /**
   * @param backend - the backend that was asked for
   * @param problem - what went wrong
   * @param hint - what to install or set instead
   */
  constructor(backend: string, problem: string, hint: string, options: LrlabErrorOptions = {}) {
    super('backend', problem, hint, options);
    this.backend = backend;
  }
}

/** Thrown when training produces a non-finite loss, gradient or weight. */
export class DivergenceError extends LrlabError {
  /** The 0-based training step at which the non-finite value appeared. */
  readonly step: number;
  /** The offending quantities, e.g. `{ loss: NaN, learningRate: 1e6 }`. */
  readonly values: Readonly<Record<string, number>>;

  /**
   * @param step - 0-based step at which the run diverged
   * @param values - the offending quantities by name
   * @param hint - what to try (lower the learning rate, check the data, ...)
   */
  constructor(step: number, values: Readonly<Record<string, number>>, hint: string, options: LrlabErrorOptions = {}) {
    const shown = Object.entries(values)
      .map(([name, v]) => `${name}=${formatValue(v)}`)
      .join(', ');
    super('divergence', `Training diverged at step ${step} (${shown}).`, hint, options);
    this.step = step;
    this.values = { ...values };
  }
}

/** Thrown when reading or writing a file fails (disk full, permission denied, partial write). */
export class IoError extends LrlabError {
  /** The path that could not be read or written. */
  readonly path: string;
  /** What was being done, e.g. `write` or `rename`. */
  readonly operation: string;

  /**
   * @param operation - what was being done (`read`, `write`, `rename`, ...)
   * @param path - the path involved
   * @param hint - what to do (free disk space, check permissions, ...)
   * @param options - the underlying system error as `cause`
   */
  constructor(operation: string, path: string, hint: string, options: LrlabErrorOptions = {}) {
    const reason = describeCause(options.cause);
    super('io', `Could not ${operation} ${path}${reason ? `: ${reason}` : ''}.`, hint, options);
    this.path = path;
    this.operation = operation;
  }
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code;
    return code ? `${code} (${cause.message})` : cause.message;
  }
  return cause === undefined ? '' : formatValue(cause);
}
