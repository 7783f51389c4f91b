/** `lrlab status <study dir>`: per-run state of a study, from its folders. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { STUDY_FILE, studyStatus } from '@lrlab/experiments';
import type { CliIo } from '../cli-io';
import { parseOptions } from '../parse-options';
import { UsageError } from '../usage-error';

/** Help text of `lrlab status`. */
export const STATUS_HELP = `Usage: lrlab status <study dir>

Prints each run of a study (pending, running, interrupted, done, diverged, failed) and the counts,
from the run folders alone. Interrupted runs resume when the study is run again.
Exit code 0 when every run is done, 1 otherwise.`;

/**
 * `lrlab status`.
 *
 * @param args - the study folder
 * @param io - where to print
 * @returns 0 when every run is done, 1 otherwise
 */
export async function statusCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOptions('status', { args: [...args], options: { help: { type: 'boolean', short: 'h', default: false } }, strict: true, allowPositionals: true }, {});
  if (values.help) {
    io.stdout(STATUS_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('expected one study folder.', 'status');
  const dir = positionals[0]!;
  if (!fs.existsSync(path.join(dir, STUDY_FILE))) throw new UsageError(`${dir} is not a study folder (no ${STUDY_FILE}).`);
  const lines = studyStatus(dir);
  const width = Math.max(...lines.map((l) => l.id.length));
  for (const line of lines) io.stdout(`${line.id.padEnd(width)}  ${line.status}${line.status === 'interrupted' && line.checkpoint ? ' (has a checkpoint)' : ''}`);
  const counts = new Map<string, number>();
  for (const line of lines) counts.set(line.status, (counts.get(line.status) ?? 0) + 1);
  io.stdout([...counts].map(([status, n]) => `${n} ${status}`).join(', '));
  return lines.every((l) => l.status === 'done') ? 0 : 1;
}
