/** `lrlab list`: the presets, with a line each and their cost. */
import { PRESETS } from '@lrlab/experiments';
import type { CliIo } from '../cli-io';
import { parseOptions } from '../parse-options';

/** Help text of `lrlab list`. */
export const LIST_HELP = `Usage: lrlab list

Lists the presets "lrlab run" accepts, with what each studies and a rough cost per scale
(2-core machine, the default backend: blas where @lrlab/blas is built).`;

/**
 * `lrlab list`.
 *
 * @param args - the command's arguments
 * @param io - where to print
 * @returns the exit code
 */
export async function listCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseOptions('list', { args: [...args], options: { help: { type: 'boolean', short: 'h', default: false } }, strict: true, allowPositionals: false }, {});
  if (values.help) {
    io.stdout(LIST_HELP);
    return 0;
  }
  for (const [name, preset] of Object.entries(PRESETS)) {
    io.stdout(`${name}\n  ${preset.description}\n  quick: ${preset.cost.quick}; full: ${preset.cost.full}`);
  }
  return 0;
}
