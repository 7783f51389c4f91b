/** `lrlab resume <run dir>`: continues a killed run from its last checkpoint. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runExperiment } from '../../run';
import type { CliIo } from '../run-cli';
import { UsageError } from '../usage-error';

/** Help text of `lrlab resume`. */
export const RESUME_HELP = `Usage: lrlab resume <run dir>

Continues a run from its last checkpoint: truncates metrics.jsonl back to the checkpoint and trains
to the end. The result is identical to an uninterrupted run on the same backend and thread count.
A finished run is left as it is; a diverged one is reported (exit code 1). To resume a whole study, run "lrlab run" again with the same --out.`;

/**
 * `lrlab resume`.
 *
 * @param args - the run folder
 * @param io - where to print
 * @returns the exit code
 */
export async function resumeCommand(args: readonly string[], io: CliIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(RESUME_HELP);
    return 0;
  }
  if (args.length !== 1 || args[0]!.startsWith('-')) throw new UsageError(`expected one run folder.\n\n${RESUME_HELP}`);
  const dir = args[0]!;
  const configPath = path.join(dir, 'config.json');
  if (!fs.existsSync(configPath)) throw new UsageError(`${dir} is not a run folder (no config.json).`);
  let config: unknown;
  try {
    config = JSON.parse(fs.readFileSync(configPath, 'utf8')) as unknown;
  } catch (error) {
    throw new UsageError(`${configPath} is not valid JSON: ${(error as Error).message}`);
  }
  const outcome = await runExperiment(config, { dir, source: configPath, ...(io.progress ? { progress: io.progress } : {}) });
  if (outcome.status === 'diverged') {
    io.stderr(`lrlab resume: ${dir} diverged earlier (see its manifest.json); resuming would diverge again. Lower the learning rate and run it into a new folder.`);
    return 1;
  }
  io.stdout(outcome.status === 'skipped' ? `${dir}: already finished` : `${dir}: ${outcome.status} (${outcome.stepsTrained} steps trained)`);
  return 0;
}
