/** The error for a config with one or more bad fields: every problem, each named by its path. */
import { ConfigError, LrlabError } from '@lrlab/core';

/** One problem in a config: the field's JSON path (`training.epochs`, `noise[0].sigma`) and why. */
export interface ConfigIssue {
  /** The field, as a JSON path; `(root)` for the whole config. */
  readonly path: string;
  /** What is wrong and what is expected. */
  readonly message: string;
  /**
   * `missing`: a required field is not given (`message` says what it takes); `unknown`: the config
   * has no such field (`message` names the field most likely meant, or the fields there are).
   * Absent: the field's value is wrong.
   */
  readonly problem?: 'missing' | 'unknown';
}

/** Where every field of a config is described: the end of each config error. */
const CONFIG_HELP = 'Fix the fields listed; `lrlab config --schema` prints the JSON Schema of a config, and docs/guides/config-reference.md describes every field.';

/**
 * An issue as a line of the error: `learningRate is missing: expected …`,
 * `unknown field learningrate; did you mean learningRate?`, `training.epochs: expected …, got 0`.
 */
function issueLine(issue: ConfigIssue): string {
  if (issue.problem === 'missing') return `${issue.path} is missing: ${issue.message}`;
  if (issue.problem === 'unknown') return `unknown field ${issue.path}; ${issue.message}`;
  return `${issue.path}: ${issue.message}`;
}

/**
 * A config failed validation. Lists every issue found, not just the first, so a user fixes a
 * config in one pass. Its `code` is `config` (the CLI exits with 2).
 */
export class InvalidConfigError extends LrlabError {
  /** Every problem found, in field order. */
  readonly issues: readonly ConfigIssue[];
  /** Where the config came from (a file path or a preset name), for the message. */
  readonly source: string;

  /**
   * @param source - the config's origin, e.g. `runs/a/config.json` or `preset synthetic`
   * @param issues - the problems, at least one
   */
  constructor(source: string, issues: readonly ConfigIssue[]) {
    const lines = issues.map((issue) => `  - ${issueLine(issue)}`);
    super('config', `Invalid config (${source}), ${issues.length} problem${issues.length === 1 ? '' : 's'}:\n${lines.join('\n')}`, CONFIG_HELP);
    this.issues = issues;
    this.source = source;
  }
}

/**
 * Turns an error from a package validator into an issue under a path prefix.
 *
 * @param error - what a validator threw
 * @param prefix - the JSON path of the validated object, e.g. `learningRate.schedule`
 * @returns the issue, or `undefined` when the error is not a config error (the caller rethrows it)
 */
function issueFromError(error: unknown, prefix: string): ConfigIssue | undefined {
  if (error instanceof ConfigError) {
    const field = prefix === '' ? error.field : error.withFieldPrefix(prefix).field;
    return { path: field, message: `expected ${error.expected}, got ${formatShort(error.value)}` };
  }
  if (error instanceof InvalidConfigError) return undefined;
  if (error instanceof LrlabError && error.code === 'config') return { path: prefix || '(root)', message: error.problem };
  return undefined;
}

/**
 * {@link issueFromError}, and a plain `Error` thrown while a kind checked its config (a plugin's
 * `resolve` need not know lrlab's error types) as an issue at `path` with its message.
 *
 * @param error - what was thrown
 * @param path - the config part being checked (`learningRate.schedule`, `noise[0]`)
 * @returns the issue, or undefined for an error that is not about the config (rethrow it)
 */
export function issueFromKindError(error: unknown, path: string): ConfigIssue | undefined {
  const issue = issueFromError(error, '');
  if (issue) return issue;
  if (error instanceof Error && !(error instanceof LrlabError)) return { path, message: error.message };
  return undefined;
}

function formatShort(value: unknown): string {
  try {
    const text = JSON.stringify(value);
    if (text === undefined) return String(value);
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
  } catch {
    return String(value);
  }
}
