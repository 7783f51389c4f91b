/**
 * One run, start to end, as the data flow reads: config → prepare (validate against the data) →
 * backend (the recorded runtime when resuming) → run folder → build tensors → resume from a
 * checkpoint if one exists, on the same runtime → train loop → record.
 */
import { checkRun, trainLoopInputs, type CheckedRun } from './assemble/build-run';
import { kindsWithPlugins } from './plugins/kinds';
import { isRunSession, openRunSession, type RunExperimentOptions, type RunOutcome, type RunSession } from './run-session';
import { trainLoop, type TrainLoopTimes } from './train/train-loop';

export type { RunExperimentOptions, RunOutcome } from './run-session';

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
  const session = await openRunSession(checked, options);
  if (!isRunSession(session)) return session;
  try {
    return await trainSession(session);
  } finally {
    session.close();
  }
}

/**
 * Trains an open session alone with the train loop, to the end of its plan, and records how it
 * ended (the caller closes the session).
 *
 * @param session - the session
 * @returns how it ended
 * @throws as {@link runExperiment}; the manifest records a failure first
 */
export async function trainSession(session: RunSession): Promise<RunOutcome> {
  const { run } = session;
  let times: TrainLoopTimes;
  try {
    times = await trainLoop(trainLoopInputs(run, session.progress), {
      startStep: session.startStep,
      onEvaluation: (record) => session.recordEvaluation(record),
      onCheckpoint: async (step) => session.saveCheckpoint(step, await run.net.saveWeights(), await run.optimizer.saveState()),
    });
  } catch (error) {
    session.fail(error);
    throw error;
  }
  return session.finish({ durationsSeconds: { evaluation: times.evaluationSeconds } });
}
