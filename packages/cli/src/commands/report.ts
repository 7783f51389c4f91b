/** `lrlab report <dir...>`: (re)writes the report and plots of study folders. */
import { writeStudyReport } from '@lrlab/report';
import type { CliIo } from '../cli-io';
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
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(REPORT_HELP);
    return 0;
  }
  const options = args.filter((a) => a.startsWith('-'));
  if (options.length > 0) throw new UsageError(`unknown option ${options[0]}.\n\n${REPORT_HELP}`);
  if (args.length === 0) throw new UsageError(`expected at least one study folder.\n\n${REPORT_HELP}`);
  for (const dir of args) {
    const written = await writeStudyReport(dir);
    io.stdout(`${written.reportPath} (${written.figurePaths.length} plot files)`);
  }
  return 0;
}
