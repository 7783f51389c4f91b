/** `lrlab report <dir...>`: (re)writes the report and plots of study folders. */
import { writeStudyReport } from '@lrlab/report';
import type { CliIo } from '../cli-io';
import { parseOptions } from '../parse-options';
import { UsageError } from '../usage-error';

/** Help text of `lrlab report`. */
export const REPORT_HELP = `Usage: lrlab report <study dir> [<study dir> ...]

Reads each study folder (study.json and its run folders) and writes report.md and plots/*.svg|png
into it. Unfinished runs are listed, not counted.`;

/**
 * `lrlab report`.
 *
 * @param args - study folders
 * @param io - where to print
 * @returns the exit code
 */
export async function reportCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOptions('report', { args: [...args], options: { help: { type: 'boolean', short: 'h', default: false } }, strict: true, allowPositionals: true }, {});
  if (values.help) {
    io.stdout(REPORT_HELP);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('expected at least one study folder.', 'report');
  for (const dir of positionals) {
    const written = await writeStudyReport(dir);
    io.stdout(`${written.reportPath} (${written.figurePaths.length} plot files)`);
  }
  return 0;
}
