/**
 * One run, start to end, as the data flow reads: config → prepare (validate against the data) →
 * run folder → build tensors → resume from a checkpoint if one exists → train loop → record.
 */
import { LrlabError, initBackend, type BackendSelection } from '@lrlab/core';
import { prepareRun, buildRun, disposeRun, trainLoopInputs } from './build/build-run';
import { parseExperimentConfig } from './config/resolve';
import type { ExperimentConfig } from './config/types';
import { silentProgress, type ProgressSink } from './progress/progress';
import { openRunDir, type RunDirHandle } from './record/run-dir';
import { MetricsLog } from './record/metrics-log';
import { loadLatestCheckpoint, saveCheckpoint } from './record/checkpoint';
import { createManifest, updateManifest, writeManifest } from './record/manifest';
import { trainLoop } from './train/train-loop';
import type { OptimizerState } from '@lrlab/schedules';
import type { ModelWeights } from '@lrlab/models';

/** Options of {@link runExperiment}. */
export interface RunExperimentOptions {
  /** The run folder (created when new). */
  readonly dir: string;
  /** Where progress goes (default: nowhere). */
  readonly progress?: ProgressSink;
  /** Where the config came from, for error messages. */
  readonly source?: string;
}

/** How a run ended. */
export interface RunOutcome {
  /** The run folder. */
  readonly dir: string;
  /**
   * `finished` (trained to the end now), `resumed` (continued from a checkpoint to the end),
   * `skipped` (was already finished) or `diverged` (diverged earlier; re-running would repeat it).
   */
  readonly status: 'finished' | 'skipped' | 'resumed' | 'diverged';
  /** Steps trained by this call. */
  readonly stepsTrained: number;
  /** The backend used. */
  readonly backend: string;
}

let backendSelection: Promise<BackendSelection> | undefined;
let backendRequest: string | undefined;

/**
 * `auto` for conv nets. Since blas runs convolutions, batch norm and element-wise ops in C it
 * trains them faster than wasm too (wrn16x1 2.7×, the small CNN 2.1×: docs/results/backends.md),
 * so this is now core's default order; it stays a separate list so the two can differ again.
 */
export const AUTO_BACKENDS_FOR_IMAGES: readonly string[] = ['tensorflow', 'blas', 'wasm', 'cpu'];

/** Initialises the requested backend once per process (tfjs has one global backend). */
async function ensureBackend(request: string, imageModel: boolean): Promise<BackendSelection> {
  const key = request === 'auto' && imageModel ? 'auto:images' : request;
  if (backendSelection === undefined || backendRequest !== key) {
    backendRequest = key;
    backendSelection = initBackend(request !== 'auto' ? { prefer: request } : imageModel ? { prefer: AUTO_BACKENDS_FOR_IMAGES } : {});
  }
  return backendSelection;
}

/**
 * Runs one experiment into a folder: trains it, resumes it from its last checkpoint when the folder
 * holds a partial run with the same config, or skips it when it is finished.
 *
 * @param input - the config (parsed JSON; validated here)
 * @param options - folder, progress and source
 * @returns how it ended
 * @throws InvalidConfigError (no folder is created), ConfigError when the folder holds another
 *   config, DivergenceError (the manifest says `diverged`; the last checkpoint stays), IoError
 */
export async function runExperiment(input: unknown, options: RunExperimentOptions): Promise<RunOutcome> {
  const progress = options.progress ?? silentProgress;
  const config: ExperimentConfig = parseExperimentConfig(input, options.source ?? 'config');
  const prepared = await prepareRun(config, options.source ?? 'config');
  const selection = await ensureBackend(prepared.config.backend, prepared.stream.exampleShape.length === 3);

  const handle: RunDirHandle = openRunDir(options.dir, prepared.config);
  try {
    if (handle.state === 'finished') {
      const status = handle.manifest?.status === 'diverged' ? 'diverged' : 'skipped';
      return { dir: options.dir, status, stepsTrained: 0, backend: selection.name };
    }
    const run = buildRun(prepared);
    try {
      const log = MetricsLog.open(handle.files.metrics);
      let startStep = 0;
      const checkpoint = handle.state === 'partial' ? loadLatestCheckpoint<CheckpointMeta>(options.dir) : undefined;
      if (checkpoint) {
        const meta = checkpoint.meta;
        run.net.loadWeights(meta.weights);
        const data = checkpoint.tensors['optimizer']?.data as Float32Array | undefined;
        await run.optimizer.restoreState({ ...meta.optimizer, data: data ?? new Float32Array(0) } as OptimizerState, {
          rename: renameMap(meta, run.net.name),
        });
        log.truncate(meta.metricsOffset);
        startStep = meta.step;
        progress.note(`${config.name}: resuming from step ${startStep}`);
      } else {
        log.truncate(0);
      }
      const backend = { name: selection.name, threads: threadsOf(selection) };
      if (handle.manifest && checkpoint) {
        updateManifest(options.dir, { status: 'running', backend, resumedAt: [...(handle.manifest.resumedAt ?? []), new Date().toISOString()] });
      } else {
        writeManifest(options.dir, createManifest({ backend, seeds: { root: prepared.config.seed }, command: process.argv.slice(1) }));
      }
      const started = performance.now();
      try {
        await trainLoop(
          trainLoopInputs(run, progress),
          {
            startStep,
            onEvaluation: (record) => {
              log.append(record);
            },
            onCheckpoint: async (step) => {
              const state = await run.optimizer.saveState();
              const { data, ...optimizerMeta } = state;
              saveCheckpoint(options.dir, {
                meta: { step, metricsOffset: log.offset, modelName: run.net.name, weights: run.net.saveWeights(), optimizer: optimizerMeta } satisfies CheckpointMeta,
                tensors: { optimizer: { shape: [data.length], dtype: 'float32', data } },
              });
            },
          },
        );
      } catch (error) {
        const status = error instanceof LrlabError && error.code === 'divergence' ? 'diverged' : 'failed';
        updateManifest(options.dir, {
          status,
          endedAt: new Date().toISOString(),
          error: error instanceof Error ? error.message : String(error),
          durationsSeconds: { training: (performance.now() - started) / 1000 },
        });
        throw error;
      } finally {
        progress.done();
        log.close();
      }
      const seconds = (performance.now() - started) / 1000;
      const stepsTrained = run.plan.totalSteps - startStep;
      updateManifest(options.dir, {
        status: 'finished',
        endedAt: new Date().toISOString(),
        durationsSeconds: { training: seconds },
        steps: run.plan.totalSteps,
        stepsPerSecond: stepsTrained / Math.max(seconds, 1e-9),
      });
      return { dir: options.dir, status: startStep > 0 ? 'resumed' : 'finished', stepsTrained, backend: selection.name };
    } finally {
      disposeRun(run);
    }
  } finally {
    handle.release();
  }
}

/** The thread count a backend reports in its details, when it does. */
function threadsOf(selection: BackendSelection): number | null {
  const threads = selection.details['threads'];
  return typeof threads === 'number' ? threads : null;
}

/** What a checkpoint's JSON part holds (the optimizer's slot values are its one tensor). */
interface CheckpointMeta {
  /** Completed steps. */
  readonly step: number;
  /** Size of `metrics.jsonl` when the checkpoint was taken. */
  readonly metricsOffset: number;
  /** The model's instance name then (variable names are `<modelName>/<path>`). */
  readonly modelName: string;
  /** Every model variable, BN statistics included. */
  readonly weights: ModelWeights;
  /** The optimizer state without its slot values. */
  readonly optimizer: Omit<OptimizerState, 'data'>;
}

/** Saved variable names → this process's names (tfjs names variables per process). */
function renameMap(meta: CheckpointMeta, currentName: string): Record<string, string> {
  const rename: Record<string, string> = {};
  if (meta.modelName === currentName) return rename;
  for (const path of Object.keys(meta.weights.tensors)) rename[`${meta.modelName}/${path}`] = `${currentName}/${path}`;
  return rename;
}
