/**
 * A run's folder opened for training: the backend (the recorded runtime when resuming), the lock,
 * the runtime and plugin checks, the built run resumed from its last checkpoint, and the manifest
 * updates of a start, a finish or a failure. `runCheckedExperiment` trains one session with the
 * train loop; the lockstep trainer trains several at once, each recorded as if it trained alone.
 */
import { LrlabError } from '@lrlab/core';
import type { BackendSelection, RuntimeIdentity } from '@lrlab/backends';
import type { ModelWeights } from '@lrlab/models';
import type { OptimizerState } from '@lrlab/schedules';
import { buildRun, disposeRun, prepareRun, type BuiltRun, type CheckedRun } from './assemble/build-run';
import type { LoadedPlugin } from './plugins/plugin';
import { checkPluginChange } from './plugins/plugin-change';
import { silentProgress, type ProgressSink } from './progress/progress';
import { hasCheckpoint, loadLatestCheckpoint, saveCheckpoint } from './record/checkpoint';
import { createManifest, readManifest, updateManifest, writeManifest, type ManifestPatch, type RunManifest } from './record/manifest';
import { MetricsLog } from './record/metrics-log';
import { openRunDir } from './record/run-dir';
import { checkRuntimeChange } from './record/runtime-change';
import { ensureBackend, userRuntimeSettings } from './run-backend';
import type { EvaluationRecord } from './train/train-loop';

/** Options of {@link runExperiment}. */
export interface RunExperimentOptions {
  /** The run folder (created when new). */
  readonly dir: string;
  /** Where progress goes (default: nowhere). */
  readonly progress?: ProgressSink;
  /** Where the config came from, for error messages. */
  readonly source?: string;
  /**
   * Resume a partial run even when this process's runtime differs from the one it trained on in a
   * way that can change results (`--allow-runtime-change`); the manifest records the change in a
   * new segment. Default false: such a resume throws `RuntimeChangeError`.
   */
  readonly allowRuntimeChange?: boolean;
  /**
   * The study's plugins: their kinds may be named by the config, and the manifest records each
   * file's path and hash. Default none (built-in kinds only).
   */
  readonly plugins?: readonly LoadedPlugin[];
  /**
   * Resume a partial run although a plugin file changed since it started (`--allow-plugin-change`);
   * the new segment records the change. Default false: such a resume throws a ConfigError naming the file.
   */
  readonly allowPluginChange?: boolean;
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

/** A run being trained: its built parts, where it starts, and how its records are written. */
export interface RunSession {
  /** The run folder. */
  readonly dir: string;
  /** The built run (model and optimizer restored from the last checkpoint when resuming). */
  readonly run: BuiltRun;
  /** Completed steps to start from: 0, or the checkpoint's step. */
  readonly startStep: number;
  /** The backend it trains on. */
  readonly backend: string;
  /** Where its progress goes. */
  readonly progress: ProgressSink;
  /**
   * Appends one evaluation record to `metrics.jsonl`.
   *
   * @param record - the record
   */
  recordEvaluation(record: EvaluationRecord): void;
  /**
   * Saves a checkpoint after `step` completed steps (after that step's evaluation was written).
   *
   * @param step - completed steps
   * @param weights - every model variable
   * @param optimizer - the optimizer's state
   */
  saveCheckpoint(step: number, weights: ModelWeights, optimizer: OptimizerState): void;
  /**
   * Records a failure in the manifest: `diverged` for a DivergenceError, otherwise `failed`.
   *
   * @param error - what stopped the run
   */
  fail(error: unknown): void;
  /**
   * Records the end of training in the manifest.
   *
   * @param extra - further manifest fields (e.g. how many runs trained in lockstep with it, and
   *   `durationsSeconds.evaluation`, the part of training spent evaluating; a given
   *   `durationsSeconds.training` replaces the time since the session opened)
   * @returns the outcome
   */
  finish(extra?: ManifestPatch): RunOutcome;
  /** Closes the metrics log, frees the run's tensors and releases the folder's lock. */
  close(): void;
}

/**
 * Whether {@link openRunSession} opened a session (rather than returning the outcome of a run
 * that needs no training).
 *
 * @param value - its result
 * @returns true for a session
 */
export function isRunSession(value: RunSession | RunOutcome): value is RunSession {
  return 'run' in value;
}

/**
 * Opens a run's folder for training: selects the backend (the one it last trained on when it
 * resumes), locks the folder, refuses a runtime or plugin change that is not allowed, builds the
 * run, restores it from its last checkpoint when there is one, and writes the manifest's start
 * (or a new segment). A finished or diverged run returns its outcome instead.
 *
 * @param checked - the checked run
 * @param options - folder, progress, source, plugins and what a resume may change
 * @returns the session, or the outcome of a run that is already done
 * @throws as `runExperiment`
 */
export async function openRunSession(checked: CheckedRun, options: RunExperimentOptions): Promise<RunSession | RunOutcome> {
  const progress = options.progress ?? silentProgress;
  const pluginRecords = (options.plugins ?? []).map((p) => p.record);
  const config = checked.config;
  // Read before the lock is taken, so a backend that cannot start leaves no folder behind; the
  // comparison below uses the manifest read under the lock.
  const resumeOn = resumableManifest(options.dir)?.runtime;
  const selection = await ensureBackend({ configBackend: config.backend, ...(resumeOn ? { resumeOn } : {}) });

  const handle = openRunDir(options.dir, config);
  let run: BuiltRun | undefined;
  let log: MetricsLog | undefined;
  try {
    if (handle.state === 'finished') {
      const status = handle.manifest?.status === 'diverged' ? 'diverged' : 'skipped';
      handle.release();
      return { dir: options.dir, status, stepsTrained: 0, backend: selection.name };
    }
    const recorded = handle.state === 'partial' && hasCheckpoint(options.dir) ? handle.manifest : undefined;
    const runtimeChanges = recorded
      ? checkRuntimeChange(options.dir, recorded.runtime, selection.runtime, options.allowRuntimeChange ?? false, whyNotRecorded(selection, recorded.runtime))
      : [];
    if (runtimeChanges.length > 0) progress.note(`${config.name}: continuing on another runtime (${runtimeChanges.join('; ')}), as allowed`);
    const pluginChanges = recorded ? checkPluginChange(options.dir, recorded.plugins ?? [], pluginRecords, options.allowPluginChange ?? false) : [];
    if (pluginChanges.length > 0) progress.note(`${config.name}: continuing with changed plugins (${pluginChanges.join('; ')}), as allowed`);
    run = buildRun(await prepareRun(checked));
    const built = run;
    const metrics = MetricsLog.open(handle.files.metrics);
    log = metrics;
    let startStep = 0;
    const checkpoint = handle.state === 'partial' ? loadLatestCheckpoint<CheckpointMeta>(options.dir) : undefined;
    if (checkpoint) {
      const meta = checkpoint.meta;
      built.net.loadWeights(meta.weights);
      const data = checkpoint.tensors['optimizer']?.data as Float32Array | undefined;
      await built.optimizer.restoreState({ ...meta.optimizer, data: data ?? new Float32Array(0) } as OptimizerState, {
        rename: renameMap(meta, built.net.name),
      });
      metrics.truncate(meta.metricsOffset);
      startStep = meta.step;
      progress.note(`${config.name}: resuming from step ${startStep}`);
    } else {
      metrics.truncate(0);
    }
    const runtime = selection.runtime;
    if (handle.manifest && checkpoint) {
      const now = new Date().toISOString();
      const segment = {
        fromStep: startStep,
        startedAt: now,
        runtime,
        ...(runtimeChanges.length > 0 ? { runtimeChanges } : {}),
        ...(pluginChanges.length > 0 ? { pluginChanges } : {}),
      };
      updateManifest(options.dir, {
        status: 'running',
        runtime,
        ...(pluginRecords.length > 0 ? { plugins: pluginRecords } : {}),
        segments: [...handle.manifest.segments, segment],
        resumedAt: [...(handle.manifest.resumedAt ?? []), now],
      });
    } else {
      writeManifest(options.dir, createManifest({ runtime, seeds: { root: config.seed }, command: process.argv.slice(1), plugins: pluginRecords }));
    }
    const started = performance.now();
    let closed = false;
    return {
      dir: options.dir,
      run: built,
      startStep,
      backend: selection.name,
      progress,
      recordEvaluation: (record) => metrics.append(record),
      saveCheckpoint(step, weights, optimizer) {
        const { data, ...optimizerMeta } = optimizer;
        saveCheckpoint(options.dir, {
          meta: { step, metricsOffset: metrics.offset, modelName: built.net.name, weights, optimizer: optimizerMeta } satisfies CheckpointMeta,
          tensors: { optimizer: { shape: [data.length], dtype: 'float32', data } },
        });
      },
      fail(error) {
        const status = error instanceof LrlabError && error.code === 'divergence' ? 'diverged' : 'failed';
        updateManifest(options.dir, {
          status,
          endedAt: new Date().toISOString(),
          error: error instanceof Error ? error.message : String(error),
          durationsSeconds: { training: (performance.now() - started) / 1000 },
        });
      },
      finish(extra = {}) {
        const seconds = extra.durationsSeconds?.['training'] ?? (performance.now() - started) / 1000;
        const stepsTrained = built.plan.totalSteps - startStep;
        updateManifest(options.dir, {
          ...extra,
          status: 'finished',
          endedAt: new Date().toISOString(),
          durationsSeconds: { training: seconds, ...extra.durationsSeconds },
          steps: built.plan.totalSteps,
          stepsPerSecond: stepsTrained / Math.max(seconds, 1e-9),
        });
        return { dir: options.dir, status: startStep > 0 ? 'resumed' : 'finished', stepsTrained, backend: selection.name };
      },
      close() {
        if (closed) return;
        closed = true;
        try {
          progress.done();
          metrics.close();
          disposeRun(built);
        } finally {
          handle.release();
        }
      },
    };
  } catch (error) {
    log?.close();
    if (run) disposeRun(run);
    handle.release();
    throw error;
  }
}

/** The manifest of a run that will resume from a checkpoint, or undefined (new or finished). */
function resumableManifest(dir: string): RunManifest | undefined {
  const manifest = readManifest(dir);
  if (manifest === undefined || manifest.status === 'finished' || manifest.status === 'diverged') return undefined;
  return hasCheckpoint(dir) ? manifest : undefined;
}

/** Why the recorded runtime was not the one selected, when the selection or the environment tells. */
function whyNotRecorded(selection: BackendSelection, recorded: RuntimeIdentity): string | undefined {
  const reasons: string[] = [];
  const outcome = selection.candidates.find((c) => c.name === recorded.backend);
  if (outcome && (outcome.outcome === 'unavailable' || outcome.outcome === 'failed')) reasons.push(`${outcome.name} ${outcome.outcome}: ${outcome.detail}`);
  const settings = userRuntimeSettings();
  if (settings.length > 0) reasons.push(`set in the environment: ${settings.join(' ')}`);
  return reasons.length > 0 ? reasons.join('; ') : undefined;
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
