/** `lrlab run <preset|config.json>`: runs a study (or one config) and writes its report. */
import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import { checkInteger, checkOneOf } from '@lrlab/core';
import { PRESETS, presetNames } from '../../presets';
import { SCALES, type Scale } from '../../presets/scale';
import { runStudy } from '../../study/run-study';
import { parseShard } from '../../study/shard';
import type { StudyConfig } from '../../study/types';
import { parseExperimentConfig } from '../../config/resolve';
import type { ExperimentConfig } from '../../config/types';
import { writeStudyReport } from '../../report/write-report';
import type { CliIo } from '../run-cli';
import { UsageError } from '../usage-error';

/** Help text of `lrlab run`. */
export const RUN_HELP = `Usage: lrlab run <preset | config.json> [options]

Runs a study — every run × seed — into <out>/<study>/<run>-seed<k>/, then writes
<out>/<study>/report.md with plots. Re-running skips finished runs and resumes partial ones.
A config file holds either one experiment config or a study ({ name, seeds, runs, report }).

Options:
  --shard k/n          run only the k-th of n slices of the study's runs (for several machines)
  --scale quick|full   preset size (default quick: minutes on 2 cores; full: the reference regime)
  --seeds 1,2,3        seeds (default: the preset's)
  --epochs N           train every run for N epochs (later evaluations and events are dropped)
  --backend NAME       auto | tensorflow | wasm | cpu (default auto)
  --out DIR            output root (default runs)
  --data-dir DIR       where image datasets are read from (CIFAR-10: the folder holding
                       cifar-10-batches-bin; Fashion-MNIST: the IDX files)
  --download           download CIFAR-10 into --data-dir when it is missing (checksum-verified)
  -h, --help           show this help

Presets: ${presetNames().join(', ')} (see "lrlab list").
Exit codes: 0 ok, 1 a run failed, 2 bad usage or config (nothing is written).`;

function parseSeeds(text: string): number[] {
  const seeds = text.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  if (seeds.length === 0) throw new UsageError(`--seeds: expected a comma-separated list of integers ≥ 1, got ${JSON.stringify(text)}`);
  seeds.forEach((seed, i) => checkInteger(`--seeds[${i}]`, seed, { min: 1 }));
  return seeds;
}

function withEpochs(config: ExperimentConfig, epochs: number): ExperimentConfig {
  return {
    ...config,
    training: { ...config.training, epochs },
    ...(config.events ? { events: config.events.filter((e) => e.epoch <= epochs) } : {}),
    ...(config.evaluation
      ? { evaluation: { ...config.evaluation, ...(config.evaluation.epochs ? { epochs: config.evaluation.epochs.filter((e) => e <= epochs) } : {}) } }
      : {}),
  };
}

/**
 * Loads the study a `run` argument names: a preset, a study file, or a single-config file.
 *
 * @param target - preset name or path
 * @param scale - preset scale
 * @returns the study
 */
export function loadTarget(target: string, scale: Scale): StudyConfig {
  const preset = PRESETS[target];
  if (preset) return preset.study(scale);
  if (!fs.existsSync(target)) {
    throw new UsageError(`unknown preset or missing file ${JSON.stringify(target)}. Presets: ${presetNames().join(', ')}.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(target, 'utf8')) as unknown;
  } catch (error) {
    throw new UsageError(`${target} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new UsageError(`${target}: expected a JSON object (an experiment config or a study)`);
  const object = json as Record<string, unknown>;
  if (Array.isArray(object['runs'])) return object as unknown as StudyConfig;
  // One run: validate it as written (a study would replace its seed with the study's seeds).
  const config = parseExperimentConfig(object, target);
  const name = config.name;
  return {
    name,
    description: config.description ?? `Config file ${target}.`,
    seeds: [config.seed ?? 1],
    runs: [config],
    report: { primarySet: 'test', comparisons: [], learningOrder: [], curves: [] },
  };
}

/**
 * `lrlab run`.
 *
 * @param args - the command's arguments
 * @param io - where to print
 * @returns the exit code
 */
export async function runCommand(args: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      options: {
        scale: { type: 'string', default: 'quick' },
        seeds: { type: 'string' },
        epochs: { type: 'string' },
        backend: { type: 'string' },
        out: { type: 'string', default: 'runs' },
        'data-dir': { type: 'string' },
        shard: { type: 'string' },
        download: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${RUN_HELP}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(RUN_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`expected one preset or config file, got ${positionals.length}.\n\n${RUN_HELP}`);
  const scale = checkOneOf('--scale', values.scale, SCALES);
  let study = loadTarget(positionals[0]!, scale);
  if (values.seeds !== undefined) study = { ...study, seeds: parseSeeds(values.seeds) };
  if (values.epochs !== undefined) {
    const epochs = checkInteger('--epochs', Number(values.epochs), { min: 1 });
    study = { ...study, runs: study.runs.map((r) => withEpochs(r, epochs)), baselines: (study.baselines ?? []).map((r) => withEpochs(r, epochs)) };
  }
  if (values.backend !== undefined) {
    const backend = values.backend;
    study = { ...study, runs: study.runs.map((r) => ({ ...r, backend })), baselines: (study.baselines ?? []).map((r) => ({ ...r, backend })) };
  }
  const dataDir = values['data-dir'];
  if (dataDir !== undefined || values.download) {
    const patch = (config: ExperimentConfig): ExperimentConfig => {
      if (config.data.kind === 'synthetic') return config;
      const data = { ...config.data, ...(dataDir !== undefined ? { dir: dataDir } : {}), ...(values.download && config.data.kind === 'cifar10' ? { download: true } : {}) };
      return { ...config, data };
    };
    study = { ...study, runs: study.runs.map(patch), baselines: (study.baselines ?? []).map(patch) };
  }
  const shard = values.shard === undefined ? undefined : parseShard(values.shard);
  const outcome = await runStudy(study, { outDir: values.out, ...(shard ? { shard } : {}), ...(io.progress ? { progress: io.progress } : {}) });
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
