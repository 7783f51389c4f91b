/** `lrlab resume <run dir>`: continues a killed run from its last checkpoint. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RESUME_GUARD_OPTIONS, resumeGuards } from '../resume-guard-options';
import { runExperiment, loadPlugin, readManifest } from '@lrlab/experiments';
import type { CliIo } from '../cli-io';
import { parseOptions } from '../parse-options';
import { UsageError } from '../usage-error';

/** Help text of `lrlab resume`. */
export const RESUME_HELP = `Usage: lrlab resume <run dir> [--allow-runtime-change] [--allow-plugin-change]

Continues a run from its last checkpoint: truncates metrics.jsonl back to the checkpoint and trains
to the end, to the metrics of an uninterrupted run. Identical metrics need the same config, seed,
backend and kernel path (and thread count only where the backend's results depend on it), so the
resume uses the runtime recorded in manifest.json (its backend, and its thread count and blas
instruction set unless LRLAB_THREADS or LRLAB_BLAS_ISA are set) and refuses (exit code 2) when
this process's runtime still differs.
A run of a study with plugins loads them from the paths its manifest.json records and refuses
(exit code 2) when a file's content changed since the run started.
A finished run is left as it is; a diverged one is reported (exit code 1). To resume a whole study,
run "lrlab run" again with the same --out.

Options:
  --allow-runtime-change  continue on this process's runtime anyway; manifest.json records the
                          change as a new segment
  --allow-plugin-change   continue with the plugin files as they are now; manifest.json records it
  -h, --help              show this help

Exit codes: 0 ok, 1 the run failed or diverged, 2 bad usage or a refused runtime or plugin change.`;

/**
 * `lrlab resume`.
 *
 * @param args - the run folder
 * @param io - where to print
 * @returns the exit code
 */
export async function resumeCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOptions(
    'resume',
    {
      args: [...args],
      options: {
        ...RESUME_GUARD_OPTIONS,
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: true,
    },
    {},
  );
  if (values.help) {
    io.stdout(RESUME_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('expected one run folder.', 'resume');
  const dir = positionals[0]!;
  const configPath = path.join(dir, 'config.json');
  if (!fs.existsSync(configPath)) throw new UsageError(`${dir} is not a run folder (no config.json).`);
  let config: unknown;
  try {
    config = JSON.parse(fs.readFileSync(configPath, 'utf8')) as unknown;
  } catch (error) {
    throw new UsageError(`${configPath} is not valid JSON: ${(error as Error).message}`);
  }
  // The plugins the run started with, from the paths its manifest records (their hashes are compared in runExperiment).
  const recorded = readManifest(dir)?.plugins ?? [];
  const plugins = [];
  for (const [i, record] of recorded.entries()) {
    if (!fs.existsSync(record.path)) {
      throw new UsageError(`${dir} was trained with the plugin ${record.path} (plugins[${i}] of its manifest.json), which no longer exists: restore it to resume.`);
    }
    plugins.push(await loadPlugin(record.path, `plugins[${i}]`));
  }
  const outcome = await runExperiment(config, {
    dir,
    source: configPath,
    ...resumeGuards(values),
    plugins,
    ...(io.progress ? { progress: io.progress } : {}),
  });
  if (outcome.status === 'diverged') {
    io.stderr(`lrlab resume: ${dir} diverged earlier (see its manifest.json); resuming would diverge again. Lower the learning rate and run it into a new folder.`);
    return 1;
  }
  io.stdout(outcome.status === 'skipped' ? `${dir}: already finished` : `${dir}: ${outcome.status} (${outcome.stepsTrained} steps trained)`);
  return 0;
}
