/** `lrlab slurm <preset|study.json>`: writes (and with --submit, submits) a study's Slurm array job. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError, IoError, checkInteger } from '@lrlab/core';
import { RESUME_GUARD_OPTIONS } from '../resume-guard-options';
import { kindsWithPlugins, loadPlugins, writeFileAtomic, writeJsonAtomic, STUDY_FILE, validateStudy } from '@lrlab/experiments';
import { renderSbatch, type SlurmOptions } from '../slurm/sbatch';
import type { CliIo } from '../cli-io';
import { parseOptions } from '../parse-options';
import { STUDY_OPTION_VALUES, STUDY_OPTIONS, STUDY_OPTIONS_HELP, selectStudy } from '../study-options';
import { UsageError } from '../usage-error';

/** The lrlab settings of this shell that every task must share (same backend, kernel path and threads ⇒ same metrics). */
function forwardedEnv(): { env?: Record<string, string> } {
  const env: Record<string, string> = {};
  for (const name of ['LRLAB_BACKEND', 'LRLAB_THREADS', 'LRLAB_BLAS_ISA', 'LRLAB_WEBGPU_ADAPTER']) {
    const value = process.env[name];
    if (value) env[name] = value;
  }
  return Object.keys(env).length > 0 ? { env } : {};
}

/** Help text of `lrlab slurm`. */
export const SLURM_HELP = `Usage: lrlab slurm <preset | study.json> --out DIR [options]

Writes DIR/<study>/study.json and DIR/<study>/slurm/job.sbatch: a Slurm array job with one task per
(run, seed). Each task runs "lrlab run <study.json> --shard k/N", so it trains one run, resumes it
from its checkpoint when Slurm requeues it, and skips it when it is done; re-submitting the script
after failures re-runs only what is missing. Follow it with "lrlab status DIR/<study>" and merge
the results any time with "lrlab report DIR/<study>". DIR must be on storage every node sees.
A requeued task resumes on the runtime its run recorded (backend, kernel path, and threads where
they affect results) and exits with code 2 on a node where that runtime differs, unless the
script was written with --allow-runtime-change. LRLAB_BACKEND, LRLAB_THREADS, LRLAB_BLAS_ISA and
LRLAB_WEBGPU_ADAPTER, when set here, are written into the script for every task.

Options:
${STUDY_OPTIONS_HELP}
  --out DIR            shared output root (required)
  --partition NAME     Slurm partition
  --time D-HH:MM:SS    wall-time limit per task
  --cpus N             CPUs per task (default 2)
  --mem SIZE           memory per task, e.g. 8G
  --gpus N             GPUs per task (with @tensorflow/tfjs-node-gpu installed)
  --max-parallel K     at most K tasks at once
  --allow-runtime-change  let requeued tasks resume on another runtime (recorded in the manifest)
  --allow-plugin-change   let requeued tasks resume although a plugin file changed (recorded)
  --submit             submit with sbatch and print the job id
  -h, --help           show this help`;

/**
 * `lrlab slurm`.
 *
 * @param args - the command's arguments
 * @param io - where to print
 * @returns the exit code
 */
export async function slurmCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOptions(
    'slurm',
    {
      args: [...args],
      options: {
        ...STUDY_OPTIONS,
        out: { type: 'string' },
        partition: { type: 'string' },
        time: { type: 'string' },
        cpus: { type: 'string' },
        mem: { type: 'string' },
        gpus: { type: 'string' },
        'max-parallel': { type: 'string' },
        submit: { type: 'boolean', default: false },
        ...RESUME_GUARD_OPTIONS,
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: true,
    },
    {
      ...STUDY_OPTION_VALUES,
      out: { expects: 'a folder on storage every node sees', example: '/shared/runs' },
      partition: { expects: 'a Slurm partition', example: 'gpu' },
      time: { expects: 'a wall-time limit D-HH:MM:SS', example: '1-00:00:00' },
      cpus: { expects: 'a positive integer', example: '8' },
      mem: { expects: 'a memory size', example: '8G' },
      gpus: { expects: 'an integer >= 0', example: '1' },
      'max-parallel': { expects: 'a positive integer', example: '4' },
    },
  );
  if (values.help) {
    io.stdout(SLURM_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('expected one preset or study file.', 'slurm');
  if (values.out === undefined) throw new UsageError('--out is required: a folder on storage every node sees (e.g. --out /shared/runs).', 'slurm');
  const integer = (name: string, text: string | undefined, min: number): number | undefined =>
    text === undefined ? undefined : checkInteger(name, Number(text), { min });
  const cpus = integer('--cpus', values.cpus, 1);
  const gpus = integer('--gpus', values.gpus, 0);
  const maxParallel = integer('--max-parallel', values['max-parallel'], 1);
  const options: SlurmOptions = {
    ...(values.partition !== undefined ? { partition: values.partition } : {}),
    ...(values.time !== undefined ? { time: values.time } : {}),
    ...(cpus !== undefined ? { cpus } : {}),
    ...(values.mem !== undefined ? { mem: values.mem } : {}),
    ...(gpus !== undefined ? { gpus } : {}),
    ...(maxParallel !== undefined ? { maxParallel } : {}),
  };
  const study = selectStudy(positionals[0]!, values);
  const outDir = path.resolve(values.out);
  const plugins = await loadPlugins(study.plugins ?? [], process.cwd());
  const runs = await validateStudy(study, outDir, kindsWithPlugins(plugins));
  const studyDir = path.join(outDir, study.name);
  const studyFile = path.join(studyDir, STUDY_FILE);
  if (fs.existsSync(studyFile) && JSON.stringify(JSON.parse(fs.readFileSync(studyFile, 'utf8'))) !== JSON.stringify(study)) {
    throw new ConfigError('out', studyDir, `a folder for this study definition (${studyFile} holds a different one)`, 'Choose another --out, or delete the folder to start the study again.');
  }
  const logDir = path.join(studyDir, 'slurm');
  fs.mkdirSync(logDir, { recursive: true });
  if (!fs.existsSync(studyFile)) writeJsonAtomic(studyFile, study);
  const script = renderSbatch(
    {
      studyName: study.name,
      studyFile,
      outDir,
      logDir,
      tasks: runs.length,
      node: process.execPath,
      lrlab: path.resolve(__dirname, '..', '..', 'bin', 'lrlab.js'),
      ...forwardedEnv(),
      ...(values['allow-runtime-change'] ? { allowRuntimeChange: true } : {}),
      ...(values['allow-plugin-change'] ? { allowPluginChange: true } : {}),
    },
    options,
  );
  const scriptFile = path.join(logDir, 'job.sbatch');
  writeFileAtomic(scriptFile, script);
  io.stdout(`${scriptFile}: ${runs.length} array tasks (one per run × seed)`);
  if (!values.submit) {
    io.stdout(`submit it with: sbatch ${scriptFile}`);
    return 0;
  }
  const result = spawnSync('sbatch', ['--parsable', scriptFile], { encoding: 'utf8', env: process.env });
  if (result.error || result.status !== 0) {
    throw new IoError('submit', scriptFile, `sbatch failed (${result.error?.message ?? result.stderr.trim()}). Run this on a Slurm login node, or submit the script by hand.`);
  }
  const jobId = result.stdout.trim().split(';')[0]!;
  io.stdout(`submitted job ${jobId}; follow it with: lrlab status ${studyDir}`);
  return 0;
}
