/**
 * A command's arguments, parsed by `node:util`'s parseArgs, with errors at the point of the
 * mistake: the value an option needs (`--epochs needs a positive integer (e.g. --epochs 3), got
 * -3`) and the option a typo most likely meant (`unknown option --sed; did you mean --seeds?`),
 * then a pointer to the command's help rather than the whole of it.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { nearestName } from '@lrlab/core';
import { UsageError } from './usage-error';

/** What a string option takes, for its errors. */
export interface OptionValue {
  /** What it takes, e.g. `a positive integer`. */
  readonly expects: string;
  /** A value to show in the example, e.g. `3`. */
  readonly example: string;
}

/** A command's parseArgs config: its arguments and options, parsed strictly. */
type CommandConfig = ParseArgsConfig & { readonly args: string[]; readonly strict: true };

/** The names of a config's options that take a value. */
type ValueOptionName<T extends CommandConfig> = {
  [K in keyof T['options']]: T['options'][K] extends { readonly type: 'string' } ? K : never;
}[keyof T['options']];

/** What each option of a command that takes a value takes, by option name (every one must be there). */
export type OptionValues<T extends CommandConfig> = { readonly [K in ValueOptionName<T>]: OptionValue };

/**
 * Parses a command's arguments with `parseArgs` (strict), and turns its errors into a
 * {@link UsageError} that names the fix: an unknown option with the nearest known one, an option
 * without its value (or followed by something starting with `-`: parseArgs calls that
 * "ambiguous") with what it takes and an example, a value given to a flag, an unexpected argument.
 *
 * @param command - the command's name, for the pointer to its help (`run`)
 * @param config - parseArgs's config, with `args` and `strict: true`
 * @param values - what each option that takes a value takes
 * @returns parseArgs's result
 * @throws UsageError naming the mistake and the fix
 * @example
 * ```ts
 * parseOptions('run', { args: ['--epochs', '-3'], options: { epochs: { type: 'string' } }, strict: true }, { epochs: { expects: 'a positive integer', example: '3' } });
 * // UsageError: --epochs needs a positive integer (e.g. --epochs 3), got -3.
 * ```
 */
export function parseOptions<T extends CommandConfig>(command: string, config: T, values: NoInfer<OptionValues<T>>): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS_')) throw error;
    throw usageError(command, config, values as Readonly<Record<string, OptionValue>>) ?? new UsageError((error as Error).message, command);
  }
}

/**
 * The first mistake in the arguments, found by parsing them again leniently (every token kept,
 * nothing thrown) and checking each token against the options.
 */
function usageError(command: string, config: CommandConfig, values: Readonly<Record<string, OptionValue>>): UsageError | undefined {
  const options = config.options ?? {};
  const { tokens } = parseArgs({ args: config.args, options, strict: false, allowPositionals: true, tokens: true });
  for (const token of tokens) {
    if (token.kind === 'positional' && !config.allowPositionals) return new UsageError(`unexpected argument ${JSON.stringify(token.value)}.`, command);
    if (token.kind !== 'option') continue;
    const option = options[token.name];
    if (option === undefined) {
      const meant = nearestName(token.name, Object.keys(options));
      return new UsageError(`unknown option ${token.rawName}${meant === undefined ? '.' : `; did you mean --${meant}?`}`, command);
    }
    if (option.type === 'boolean' && token.value !== undefined) {
      return new UsageError(`--${token.name} takes no value: write --${token.name} alone, or leave it out.`, command);
    }
    if (option.type === 'string' && (token.value === undefined || (!token.inlineValue && token.value.startsWith('-')))) {
      const names = Object.entries(options).flatMap(([name, o]) => (o.short === undefined ? [`--${name}`] : [`--${name}`, `-${o.short}`]));
      return new UsageError(missingValue(`--${token.name}`, values[token.name], token.value, names), command);
    }
  }
  return undefined;
}

/**
 * `--epochs needs a positive integer (e.g. --epochs 3)`, and what came instead: nothing, another
 * option (the value was forgotten), a negative number, or a value starting with `-` (which must
 * be written `--out=-x`).
 */
function missingValue(flag: string, value: OptionValue | undefined, next: string | undefined, flags: readonly string[]): string {
  const needs = value === undefined ? `${flag} needs a value` : `${flag} needs ${value.expects} (e.g. ${flag} ${value.example})`;
  if (next === undefined) return `${needs}.`;
  if (/^-\d/.test(next)) return `${needs}, got ${next}.`;
  if (flags.includes(next.split('=')[0]!)) return `${needs}, but the next argument is the option ${next}.`;
  return `${needs}, got ${next}; write ${flag}=${next} if that is the value.`;
}
