/** Reads a study folder back: its study definition and every run's config and metrics. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataError, IoError } from '@lrlab/core';
import { METRICS_FILE, STUDY_FILE, effectiveRuns, readMetricsFile, type EvaluationRecord, type ResolvedExperimentConfig, type StudyConfig } from '@lrlab/experiments';

/** One run of a study as recorded. */
export interface RecordedRun {
  /** The run (method or baseline) name. */
  readonly run: string;
  /** The seed. */
  readonly seed: number;
  /** Its folder. */
  readonly dir: string;
  /** Its resolved config. */
  readonly config: ResolvedExperimentConfig;
  /** Its evaluations, in step order. */
  readonly records: readonly EvaluationRecord[];
  /** Whether the run reached its last step (its manifest says `finished`). */
  readonly finished: boolean;
  /** What the run cost, from its manifest (wall-clock values, never part of the metrics). */
  readonly cost: RunCost;
}

/** What a run cost, as its manifest records it; a field the manifest lacks is absent. */
export interface RunCost {
  /** The backend it trained on. */
  readonly backend?: string;
  /** The backend's thread count. */
  readonly threads?: number;
  /** The CPU it ran on. */
  readonly cpuModel?: string;
  /** Optimizer steps completed. */
  readonly steps?: number;
  /** Seconds from the (last) start to the end, evaluations included (a lockstep batch's whole time when `lockstepRuns` is set). */
  readonly trainingSeconds?: number;
  /** Of those, seconds spent evaluating (where the manifest records it). */
  readonly evaluationSeconds?: number;
  /** How many runs trained as one lockstep computation, this one included. */
  readonly lockstepRuns?: number;
}

/** The cost fields of a manifest (read leniently: older manifests lack some). */
function costOf(manifest: Record<string, unknown>): RunCost {
  const record = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {});
  const number = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
  const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
  // Manifests name the backend under `runtime` (since the runtime identity) or `backend` (before).
  const runtime = record(manifest['runtime']);
  const backend = record(manifest['backend']);
  const durations = record(manifest['durationsSeconds']);
  const fields = {
    backend: text(runtime['backend']) ?? text(backend['name']),
    threads: number(runtime['threads']) ?? number(backend['threads']),
    cpuModel: text(record(manifest['host'])['cpuModel']),
    steps: number(manifest['steps']),
    trainingSeconds: number(durations['training']),
    evaluationSeconds: number(durations['evaluation']),
    lockstepRuns: number(record(manifest['lockstep'])['runs']),
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as RunCost;
}

/** A study as recorded on disk. */
export interface RecordedStudy {
  /** The study folder. */
  readonly dir: string;
  /** The study definition. */
  readonly study: StudyConfig;
  /** Every run folder found, in the study's run order then by seed. */
  readonly runs: readonly RecordedRun[];
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new IoError('read', file, 'Check the path: a study folder holds study.json and one folder per run.', { cause: error });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new DataError(file, 'is not valid JSON', 'The file is damaged: re-run the study into a new folder.', { cause: error });
  }
}

/** A run's evaluations from `metrics.jsonl`, or from `metrics.jsonl.gz` as published results keep them; none when neither exists. */
function readRecords(runDir: string): EvaluationRecord[] {
  for (const file of [METRICS_FILE, `${METRICS_FILE}.gz`]) {
    const full = path.join(runDir, file);
    if (fs.existsSync(full)) return readMetricsFile(full) as unknown as EvaluationRecord[];
  }
  return [];
}

/**
 * Loads a study folder.
 *
 * @param dir - the study folder (holding `study.json`)
 * @returns the study and its runs; runs not started yet are absent
 * @throws IoError when the folder or `study.json` is missing, DataError when a file is damaged
 */
export function loadStudy(dir: string): RecordedStudy {
  const study = readJson(path.join(dir, STUDY_FILE)) as StudyConfig;
  const runs: RecordedRun[] = [];
  for (const { config } of effectiveRuns(study)) {
    for (const seed of study.seeds) {
      const runDir = path.join(dir, `${config.name}-seed${seed}`);
      if (!fs.existsSync(path.join(runDir, 'config.json'))) continue;
      const manifestFile = path.join(runDir, 'manifest.json');
      const manifest = fs.existsSync(manifestFile) ? (readJson(manifestFile) as Record<string, unknown>) : {};
      runs.push({
        run: config.name,
        seed,
        dir: runDir,
        config: readJson(path.join(runDir, 'config.json')) as ResolvedExperimentConfig,
        records: readRecords(runDir),
        finished: manifest['status'] === 'finished',
        cost: costOf(manifest),
      });
    }
  }
  return { dir, study, runs };
}
