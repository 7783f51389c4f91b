/**
 * One run, start to end, as the data flow reads: config → prepare (validate against the data) →
 * backend (the recorded runtime when resuming) → run folder → build tensors → resume from a
 * checkpoint if one exists, on the same runtime → train loop → record.
 */
import { LrlabError } from '@lrlab/core';
import { type BackendSelection, type RuntimeIdentity } from '@lrlab/backends';
import { checkRun, prepareRun, buildRun, disposeRun, trainLoopInputs, type CheckedRun } from './assemble/build-run';
import { silentProgress, type ProgressSink } from './progress/progress';
import { openRunDir, type RunDirHandle } from './record/run-dir';
import { MetricsLog } from './record/metrics-log';
import { hasCheckpoint, loadLatestCheckpoint, saveCheckpoint } from './record/checkpoint';
import { createManifest, readManifest, updateManifest, writeManifest, type RunManifest } from './record/manifest';
import { checkRuntimeChange } from './record/runtime-change';
import { ensureBackend, userRuntimeSettings } from './run-backend';
import { kindsWithPlugins } from './plugins/kinds';
import type { LoadedPlugin } from './plugins/plugin';
import { checkPluginChange } from './plugins/plugin-change';
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

/**
 * Runs one experiment into a folder: trains it, resumes it from its last checkpoint when the folder
 * holds a partial run with the same config, or skips it when it is finished.
 *
 * A resume asks for the runtime the run last trained on (its backend when the config says `auto`;
 * its thread count where that affects results and its blas instruction set, unless
 * `LRLAB_THREADS` / `LRLAB_BLAS_ISA` are set), then compares it with the runtime it got: when
 * results could differ it refuses, unless `allowRuntimeChange` is set. Every start and resume is
 * a segment of the manifest, with its runtime.
 *
 * @param input - the config (parsed JSON; validated here)
 * @param options - folder, progress, source and whether a runtime change is allowed
 * @returns how it ended
 * @throws InvalidConfigError (no folder is created), ConfigError when the folder holds another
 *   config, RuntimeChangeError when a resume would change the runtime (nothing is changed),
 *   DivergenceError (the manifest says `diverged`; the last checkpoint stays), IoError
 */
export async function runExperiment(input: unknown, options: RunExperimentOptions): Promise<RunOutcome> {
  const checked = checkRun(input, options.source ?? 'config', kindsWithPlugins(options.plugins ?? []));
  return runCheckedExperiment(checked, options);
}

/**
 * {@link runExperiment} for a run already checked (`checkRun`, as `runStudy` does for every run
 * up front): the config is not parsed or resolved again, and the data is built only when the run
 * trains (not for a finished one). `checked.kinds` must come from `options.plugins`.
 *
 * @param checked - the checked run
 * @param options - folder, progress, source, plugins and what a resume may change
 * @returns how it ended
 * @throws as {@link runExperiment}
 */
export async function runCheckedExperiment(checked: CheckedRun, options: RunExperimentOptions): Promise<RunOutcome> {
  const progress = options.progress ?? silentProgress;
  const pluginRecords = (options.plugins ?? []).map((p) => p.record);
  const config = checked.config;
  // Read before the lock is taken, so a backend that cannot start leaves no folder behind; the
  // comparison below uses the manifest read under the lock.
  const resumeOn = resumableManifest(options.dir)?.runtime;
  const selection = await ensureBackend({
    configBackend: config.backend,
    imageModel: checked.data.exampleShape.length === 3,
    ...(resumeOn ? { resumeOn } : {}),
  });

  const handle: RunDirHandle = openRunDir(options.dir, config);
  try {
    if (handle.state === 'finished') {
      const status = handle.manifest?.status === 'diverged' ? 'diverged' : 'skipped';
      return { dir: options.dir, status, stepsTrained: 0, backend: selection.name };
    }
    const recorded = handle.state === 'partial' && hasCheckpoint(options.dir) ? handle.manifest : undefined;
    const runtimeChanges = recorded
      ? checkRuntimeChange(options.dir, recorded.runtime, selection.runtime, options.allowRuntimeChange ?? false, whyNotRecorded(selection, recorded.runtime))
      : [];
    if (runtimeChanges.length > 0) progress.note(`${config.name}: continuing on another runtime (${runtimeChanges.join('; ')}), as allowed`);
    const pluginChanges = recorded ? checkPluginChange(options.dir, recorded.plugins ?? [], pluginRecords, options.allowPluginChange ?? false) : [];
    if (pluginChanges.length > 0) progress.note(`${config.name}: continuing with changed plugins (${pluginChanges.join('; ')}), as allowed`);
    const run = buildRun(await prepareRun(checked));
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
