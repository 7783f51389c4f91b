/** `lrlab config [--schema | <kind>]`: what a config file holds, as a field list or as JSON Schema. */
import { nearestName } from '@lrlab/core';
import { BUILT_IN_KINDS, experimentConfigFields, experimentConfigJsonSchema, type RunKinds } from '@lrlab/experiments';
import type { CliIo } from '../cli-io';
import { parseOptions } from '../parse-options';
import { UsageError } from '../usage-error';

/** The guide that gives every field's meaning and default. */
const REFERENCE = 'docs/guides/config-reference.md';

/** Help text of `lrlab config`. */
export const CONFIG_HELP = `Usage: lrlab config [--schema | <kind>]

Describes the config file "lrlab run" takes: one experiment config (one run), or a study
({ name, description, seeds, runs, report, ... }) whose "runs" are experiment configs.
Without arguments, lists every field of an experiment config with what it takes, and the
built-in kinds its data, model, optimizer, schedules and noise can name; with a kind's name
(e.g. multi-step), that kind's own fields.

Options:
  --schema     print the JSON Schema of an experiment config (for editors and validators)
  -h, --help   show this help

Every field's meaning and default, the study's fields too: ${REFERENCE}.`;

/** What each registry's kinds are, and the config fields that name one. */
const KIND_FIELDS: Readonly<Record<keyof RunKinds, { readonly what: string; readonly at: string }>> = {
  datasets: { what: 'a dataset kind', at: 'data.kind' },
  models: { what: 'a model kind', at: 'model.kind' },
  optimizers: { what: 'an optimizer kind', at: 'optimizer.kind' },
  schedules: { what: 'a schedule kind', at: 'learningRate.schedule.kind, noise[].sigma.schedule.kind' },
  noise: { what: 'a noise kind', at: 'noise[].kind' },
};

/**
 * `lrlab config`.
 *
 * @param args - the command's arguments
 * @param io - where to print
 * @returns the exit code
 */
export async function configCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOptions(
    'config',
    {
      args: [...args],
      options: {
        schema: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: true,
    },
    {},
  );
  if (values.help) {
    io.stdout(CONFIG_HELP);
    return 0;
  }
  if (positionals.length > 1 || (values.schema && positionals.length > 0)) throw new UsageError('expected --schema, or at most one kind name.', 'config');
  if (positionals.length === 1) {
    printKind(positionals[0]!, io);
    return 0;
  }
  if (values.schema) {
    io.stdout(JSON.stringify(experimentConfigJsonSchema(), null, 2));
    return 0;
  }
  const fields = experimentConfigFields();
  const width = Math.max(...fields.map((f) => f.path.length)) + 2;
  io.stdout('An experiment config: one JSON object (* required; a field inside an object is required when the object is given).');
  for (const field of fields) io.stdout(`  ${`${field.path}${field.required ? '*' : ''}`.padEnd(width)}${field.expects}`);
  io.stdout('');
  io.stdout('Built-in kinds (a study\'s plugins add their own):');
  for (const [registry, { at }] of Object.entries(KIND_FIELDS) as [keyof RunKinds, { at: string }][]) {
    io.stdout(`  ${at}: ${Object.keys(BUILT_IN_KINDS[registry]).join(', ')}`);
  }
  io.stdout('');
  io.stdout(`A kind's own fields: lrlab config <kind>. Each field's meaning and default: ${REFERENCE}.`);
  io.stdout('The JSON Schema: lrlab config --schema.');
  return 0;
}

/** A built-in kind's description and fields, from its registry entry (in every registry that has the name). */
function printKind(name: string, io: CliIo): void {
  const registries = Object.keys(KIND_FIELDS) as (keyof RunKinds)[];
  const found = registries.filter((registry) => Object.hasOwn(BUILT_IN_KINDS[registry], name));
  if (found.length === 0) {
    const meant = nearestName(name, registries.flatMap((registry) => Object.keys(BUILT_IN_KINDS[registry])));
    throw new UsageError(`no built-in kind ${JSON.stringify(name)}${meant === undefined ? '' : `; did you mean ${meant}?`} (\`lrlab config\` lists them).`);
  }
  for (const registry of found) {
    const entry = BUILT_IN_KINDS[registry][name]!;
    io.stdout(`${name}, ${KIND_FIELDS[registry].what} (${KIND_FIELDS[registry].at}): ${entry.description}`);
    const fields = Object.entries(entry.fields as Readonly<Record<string, string>>);
    const width = Math.max(0, ...fields.map(([field]) => field.length)) + 2;
    for (const [field, description] of fields) io.stdout(`  ${field.padEnd(width)}${description}`);
  }
}
