/** `lrlab show-data <preset|config.json>`: a PNG grid of training examples, one row per group. */
import { checkOneOf } from '@lrlab/core';
import { writePreviewGrid } from '@lrlab/datasets';
import { kindsWithPlugins, loadPlugins, checkRun, prepareRun, SCALES } from '@lrlab/experiments';
import type { CliIo } from '../cli-io';
import { parseOptions } from '../parse-options';
import { UsageError } from '../usage-error';
import { loadTarget } from '../study-options';

/** Help text of `lrlab show-data`. */
export const SHOW_DATA_HELP = `Usage: lrlab show-data <preset | config.json> [--out FILE] [--epoch N] [--per-group N]

Draws one training batch of the study's first run, as the train loop sees it (after normalisation,
augmentation and the patch mixture), and writes a PNG grid with one row per group
(clean, image+patch, patch-only). Image datasets only.

Options:
  --out FILE        the PNG to write (default <preset>-data.png)
  --epoch N         which epoch's draw to show (default 0)
  --per-group N     examples per row (default 8)
  --scale quick|full
  -h, --help        show this help`;

/**
 * `lrlab show-data`.
 *
 * @param args - the command's arguments
 * @param io - where to print
 * @returns the exit code
 */
export async function showDataCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOptions(
    'show-data',
    {
      args: [...args],
      options: {
        out: { type: 'string' },
        epoch: { type: 'string', default: '0' },
        'per-group': { type: 'string', default: '8' },
        scale: { type: 'string', default: 'quick' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: true,
    },
    {
      out: { expects: 'a PNG file', example: 'grid.png' },
      epoch: { expects: 'an integer >= 0', example: '0' },
      'per-group': { expects: 'an integer from 1 to 64', example: '8' },
      scale: { expects: 'quick or full', example: 'full' },
    },
  );
  if (values.help) {
    io.stdout(SHOW_DATA_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('expected one preset or config file.', 'show-data');
  const study = loadTarget(positionals[0]!, checkOneOf('--scale', values.scale, SCALES));
  const first = study.runs[0];
  if (!first) throw new UsageError(`${positionals[0]} has no runs.`);
  const epoch = Number(values.epoch);
  const perGroup = Number(values['per-group']);
  if (!Number.isInteger(epoch) || epoch < 0) throw new UsageError(`--epoch: expected an integer ≥ 0, got ${values.epoch}`);
  if (!Number.isInteger(perGroup) || perGroup < 1 || perGroup > 64) throw new UsageError(`--per-group: expected an integer in [1, 64], got ${values['per-group']}`);
  // A study's own dataset kinds come from its plugins (their paths are absolute once loaded from a file).
  const kinds = kindsWithPlugins(await loadPlugins(study.plugins ?? [], process.cwd()));
  const prepared = await prepareRun(checkRun({ ...first, seed: study.seeds[0] ?? 1 }, `${study.name}/${first.name}`, kinds));
  if (prepared.stream.exampleShape.length !== 3) {
    throw new UsageError(`${study.name}'s data is not images (examples of shape [${prepared.stream.exampleShape.join(', ')}]); show-data draws image datasets only.`);
  }
  const batch = prepared.stream.batch(epoch, 0);
  const file = values.out ?? `${study.name}-data.png`;
  const grid = writePreviewGrid(file, batch, {
    perGroup,
    ...(prepared.dataset.normalization ? { normalization: prepared.dataset.normalization } : {}),
  });
  io.stdout(`${file}: ${grid.width}×${grid.height}, rows ${grid.rows.map((r) => `${r.group} (${r.indices.length})`).join(', ')}`);
  return 0;
}
