/**
 * The options `lrlab run` and `lrlab slurm` share to pick a study: a preset or a config file, its
 * scale, seeds, epochs, backend and data location.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkInteger, checkOneOf, type Registry } from '@lrlab/core';
import { DATASETS, type DatasetKindEntry } from '@lrlab/datasets';
import { type ExperimentConfig, PRESETS, presetNames, SCALES, type Scale, type StudyConfig } from '@lrlab/experiments';
import type { OptionValue } from './parse-options';
import { UsageError } from './usage-error';

/** `node:util` parseArgs definitions of the shared options. */
export const STUDY_OPTIONS = {
  scale: { type: 'string', default: 'quick' },
  seeds: { type: 'string' },
  epochs: { type: 'string' },
  backend: { type: 'string' },
  'data-dir': { type: 'string' },
  download: { type: 'boolean', default: false },
} as const;

/** What each shared option that takes a value takes, for its errors. */
export const STUDY_OPTION_VALUES = {
  scale: { expects: 'quick or full', example: 'full' },
  seeds: { expects: 'a comma-separated list of seeds >= 1', example: '1,2,3' },
  epochs: { expects: 'a positive integer', example: '3' },
  backend: { expects: 'a backend name (auto, tensorflow, webgpu, blas, wasm or cpu)', example: 'wasm' },
  'data-dir': { expects: 'a folder', example: 'data' },
} as const satisfies Readonly<Record<string, OptionValue>>;

/** Help lines of the shared options. */
export const STUDY_OPTIONS_HELP = `  --scale quick|full   preset size (default quick: minutes on 2 cores; full: the reference regime)
  --seeds 1,2,3        seeds (default: the preset's)
  --epochs N           train every run for N epochs (later evaluations and events are dropped)
  --backend NAME       auto | tensorflow | webgpu | blas | wasm | cpu (default auto)
  --data-dir DIR       where image datasets are read from (CIFAR-10: the folder holding
                       cifar-10-batches-bin; Fashion-MNIST: the IDX files)
  --download           download CIFAR-10 into --data-dir when it is missing (checksum-verified)`;

/** The parsed values of {@link STUDY_OPTIONS}. */
export interface StudyOptionValues {
  /** `--scale`. */
  readonly scale?: string;
  /** `--seeds`. */
  readonly seeds?: string;
  /** `--epochs`. */
  readonly epochs?: string;
  /** `--backend`. */
  readonly backend?: string;
  /** `--data-dir`. */
  readonly 'data-dir'?: string;
  /** `--download`. */
  readonly download?: boolean;
}

/**
 * Parses `--seeds 1,2,3`.
 *
 * @param text - the option's value
 * @returns the seeds
 */
function parseSeeds(text: string): number[] {
  const seeds = text.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  if (seeds.length === 0) throw new UsageError(`--seeds: expected a comma-separated list of integers ≥ 1, got ${JSON.stringify(text)}`);
  seeds.forEach((seed, i) => checkInteger(`--seeds[${i}]`, seed, { min: 1 }));
  return seeds;
}

/**
 * A config trained for `epochs` epochs, without the evaluations and events past the end.
 *
 * @param config - the config
 * @param epochs - the new epoch count
 * @returns the changed config
 */
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
  if (Array.isArray(object['runs'])) {
    // Plugins are relative to the study file: made absolute here, so the study.json written beside
    // the runs (read by report, status and Slurm tasks) finds them from anywhere.
    const plugins = object['plugins'];
    const study = Array.isArray(plugins) ? { ...object, plugins: plugins.map((p) => (typeof p === 'string' ? path.resolve(path.dirname(target), p) : p)) } : object;
    return study as unknown as StudyConfig;
  }
  // One experiment config: a study of one run. It is parsed once, with the study's other runs
  // (validateStudy); here only its name, description and seed are read.
  const config = object as unknown as ExperimentConfig;
  const name = typeof config.name === 'string' ? config.name : path.basename(target, path.extname(target));
  return {
    name,
    description: typeof config.description === 'string' ? config.description : `Config file ${target}.`,
    // The config's own seed, as written: checkRun reports it when it is not a valid seed.
    seeds: [config.seed ?? 1],
    runs: [config],
    report: { primarySet: 'test', comparisons: [], learningOrder: [], curves: [] },
  };
}

/**
 * The study a command line names, with its overrides applied.
 *
 * @param target - a preset name or a config file
 * @param values - the parsed shared options
 * @returns the study
 */
export function selectStudy(target: string, values: StudyOptionValues): StudyConfig {
  const scale = checkOneOf('--scale', values.scale ?? 'quick', SCALES);
  let study = loadTarget(target, scale);
  if (values.seeds !== undefined) study = { ...study, seeds: parseSeeds(values.seeds) };
  const each = (patch: (config: ExperimentConfig) => ExperimentConfig): void => {
    study = { ...study, runs: study.runs.map(patch), baselines: (study.baselines ?? []).map(patch) };
  };
  if (values.epochs !== undefined) {
    const epochs = checkInteger('--epochs', Number(values.epochs), { min: 1 });
    each((r) => withEpochs(r, epochs));
  }
  if (values.backend !== undefined) {
    const backend = values.backend;
    each((r) => ({ ...r, backend }));
  }
  const dataDir = values['data-dir'];
  if (dataDir !== undefined || values.download) {
    each((config) => {
      // Only kinds that read files have `dir`, and only those that can fetch them `download`.
      const registry: Registry<DatasetKindEntry> = DATASETS;
      const fields: object = registry[config.data.kind]?.fields ?? {};
      const data = {
        ...config.data,
        ...(dataDir !== undefined && 'dir' in fields ? { dir: dataDir } : {}),
        ...(values.download && 'download' in fields ? { download: true } : {}),
      };
      return { ...config, data };
    });
  }
  return study;
}
