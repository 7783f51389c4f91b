/** `lrlab run <preset|config.json>`: runs a study (or one config) and writes its report. */
import { RESUME_GUARD_OPTIONS, resumeGuards } from '../resume-guard-options';
import { LOCKSTEP_MODES, presetNames, runStudy, parseShard } from '@lrlab/experiments';
import { writeStudyReport } from '@lrlab/report';
import type { CliIo } from '../cli-io';
import { parseOptions } from '../parse-options';
import { UsageError } from '../usage-error';
import { STUDY_OPTION_VALUES, STUDY_OPTIONS, STUDY_OPTIONS_HELP, selectStudy } from '../study-options';

/** Help text of `lrlab run`. */
export const RUN_HELP = `Usage: lrlab run <preset | config.json> [options]

Runs a study — every run × seed — into <out>/<study>/<run>-seed<k>/, then writes
<out>/<study>/report.md with plots. Re-running skips finished runs and resumes partial ones.
A config file holds either one experiment config or a study ({ name, seeds, runs, report }); a
study's "plugins" (.mjs/.cjs paths relative to it) add the researcher's own kinds.
Identical metrics need the same config, seed, backend and kernel path (and thread count only where
the backend's results depend on it): a partial run resumes on the runtime recorded in its
manifest.json, and the command refuses (exit code 2) when this process's runtime still differs.

Options:
  --shard k/n          run only the k-th of n slices of the study's runs (for several machines)
  --lockstep MODE      auto | on | off: train runs of one shape (model, data, plan) as one
                       computation; auto (default) on blas and cpu, where each run's records are
                       byte-identical to the run alone; off trains every run by itself
${STUDY_OPTIONS_HELP}
  --out DIR            output root (default runs)
  --allow-runtime-change  resume partial runs on this process's runtime even when it differs
                       from the recorded one; manifest.json records the change as a new segment
  --allow-plugin-change   resume partial runs although a plugin file of the study changed
                       (by content hash); manifest.json records the change
  -h, --help           show this help

Presets: ${presetNames().join(', ')} (see "lrlab list").
Environment: LRLAB_BACKEND (as --backend), LRLAB_THREADS (blas and wasm threads; default the cores),
LRLAB_BLAS_ISA (forces blas's SIMD path: avx512, avx2 or generic), LRLAB_WEBGPU_ADAPTER (webgpu's
adapter options, e.g. dawnBackend=vulkan,powerPreference=low-power).
Exit codes: 0 ok, 1 a run failed, 2 bad usage or config (nothing is written) or a refused runtime change.`;

/**
 * `lrlab run`.
 *
 * @param args - the command's arguments
 * @param io - where to print
 * @returns the exit code
 */
export async function runCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOptions(
    'run',
    {
      args: [...args],
      options: {
        ...STUDY_OPTIONS,
        out: { type: 'string', default: 'runs' },
        shard: { type: 'string' },
        lockstep: { type: 'string', default: 'auto' },
        ...RESUME_GUARD_OPTIONS,
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: true,
    },
    { ...STUDY_OPTION_VALUES, out: { expects: 'a folder', example: 'runs' }, shard: { expects: 'a slice k/n', example: '2/4' }, lockstep: { expects: 'auto, on or off', example: 'off' } },
  );
  if (values.help) {
    io.stdout(RUN_HELP);
    return 0;
  }
  if (positionals.length !== 1) {
    throw new UsageError(`expected one preset or config file, got ${positionals.length === 0 ? 'none' : positionals.map((p) => JSON.stringify(p)).join(' ')}.`, 'run');
  }
  const study = selectStudy(positionals[0]!, values);
  const shard = values.shard === undefined ? undefined : parseShard(values.shard);
  const lockstep = LOCKSTEP_MODES.find((m) => m === values.lockstep);
  if (lockstep === undefined) throw new UsageError(`--lockstep expects auto, on or off, got ${JSON.stringify(values.lockstep)}.`, 'run');
  const outcome = await runStudy(study, {
    outDir: values.out,
    ...resumeGuards(values),
    lockstep,
    ...(shard ? { shard } : {}),
    ...(io.progress ? { progress: io.progress } : {}),
  });
  const report = await writeStudyReport(outcome.dir);
  io.stdout(`study ${study.name}: ${outcome.runs.length} runs in ${outcome.dir}`);
  io.stdout(`report: ${report.reportPath}`);
  const diverged = outcome.runs.filter((r) => r.outcome.status === 'diverged');
  if (diverged.length > 0) {
    io.stderr(`lrlab run: ${diverged.length} run(s) diverged: ${diverged.map((r) => r.dir).join(', ')} (lower the learning rate).`);
    return 1;
  }
  return 0;
}
