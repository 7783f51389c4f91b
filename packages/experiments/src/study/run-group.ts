/**
 * Trains one lockstep group of a study: opens every run's session (finished runs are skipped as
 * alone), then trains the runs that can share a computation in lockstep, by start step, and every
 * other run alone.
 */
import { DivergenceError } from '@lrlab/core';
import type { ModelKindEntry } from '@lrlab/models';
import { lockstepModelUnsupported } from '@lrlab/models';
import { lockstepSgdUnsupported } from '@lrlab/schedules';
import type { ProgressSink, StepProgress } from '../progress/progress';
import { trainSession } from '../run';
import { isRunSession, type RunOutcome, type RunSession } from '../run-session';
import { lockstepLoop } from '../train/lockstep-loop';
import { LOCKSTEP_EXACT_BACKENDS, type LockstepMode } from './lockstep-groups';

/** One run of a group: how to open it and whom to tell. */
export interface GroupMember {
  /** Its checked run and folder options. */
  readonly open: () => Promise<RunSession | RunOutcome>;
  /** Called when it starts training. */
  readonly onStart: () => void;
  /** Called with its progress after every lockstep step. */
  readonly onStep: (step: StepProgress) => void;
}

/**
 * Why a run cannot train in lockstep on its backend, or undefined when it can.
 *
 * @param session - the open run
 * @param mode - the lockstep mode
 * @returns the reason, or undefined
 */
function lockstepUnsupported(session: RunSession, mode: LockstepMode): string | undefined {
  if (mode === 'off') return 'lockstep is off';
  if (mode === 'auto' && !LOCKSTEP_EXACT_BACKENDS.includes(session.backend)) return `backend ${session.backend} (lockstep keeps each run's bits on ${LOCKSTEP_EXACT_BACKENDS.join(' and ')})`;
  const perRun = perRunTensorBytes(session);
  if (mode === 'auto' && perRun > LOCKSTEP_AUTO_RUN_BYTES) {
    return `its per-step tensors (${(perRun / 2 ** 20).toFixed(1)} MiB a run) are past the ${LOCKSTEP_AUTO_RUN_BYTES / 2 ** 20} MiB where lockstep was measured faster; --lockstep on forces it`;
  }
  const { run } = session;
  const kind = run.net.config.kind;
  const entry: ModelKindEntry | undefined = Object.hasOwn(run.kinds.models, kind) ? run.kinds.models[kind] : undefined;
  const why = lockstepModelUnsupported(run.net, entry) ?? lockstepSgdUnsupported(run.optimizer);
  if (why) return why;
  if (run.noise.gradient.length > 0 || run.noise.weight.length > 0) return 'gradient or weight noise';
  if (run.noise.preactivation !== undefined && typeof run.noise.preactivation.draw !== 'function') return 'a pre-activation noise injector without draw()';
  return undefined;
}

/**
 * The most bytes one per-step tensor of a lockstep batch may take (a stacked variable, its gradient
 * and update, the stacked input batch). glibc serves allocations above 32 MiB from fresh mmapped
 * pages every time, so a batch past it pays page faults on every step: measured here, 30 runs of
 * the full synthetic net (48 MB per stacked weight) took 3× as long in lockstep as one by one.
 */
const LOCKSTEP_TENSOR_BYTES = 8 * 1024 * 1024;

/**
 * `auto` trains a run in lockstep only when its largest per-step tensor is at most this. Measured on
 * a 2-core AMD EPYC (docs/results/lockstep.md): the quick synthetic study (0.4 MiB a run) 1.18×
 * faster in lockstep, the full one (1.5 MiB a run: its weights, its input batch) 0.88×, slower.
 */
const LOCKSTEP_AUTO_RUN_BYTES = 1024 * 1024;

/** The bytes of a run's largest per-step tensor: its largest variable (and gradient, and update) or its input batch. */
function perRunTensorBytes(session: RunSession): number {
  const { net, config } = session.run;
  const largestVariable = Math.max(0, ...net.variables.map((v) => v.variable.size));
  const inputBatch = config.training.batchSize * net.inputShape.reduce((a, b) => a * b, 1);
  return 4 * Math.max(largestVariable, inputBatch, 1);
}

/** How many runs like this one a lockstep batch holds: its largest per-step tensor times K stays under {@link LOCKSTEP_TENSOR_BYTES}. */
function runsPerBatch(session: RunSession): number {
  return Math.max(1, Math.floor(LOCKSTEP_TENSOR_BYTES / perRunTensorBytes(session)));
}

/** Splits `items` into the fewest nearly equal parts of at most `size` each. */
function chunks<T>(items: readonly T[], size: number): T[][] {
  const parts = Math.ceil(items.length / size);
  const base = Math.floor(items.length / parts);
  const extra = items.length % parts;
  const out: T[][] = [];
  let at = 0;
  for (let i = 0; i < parts; i++) {
    const n = base + (i < extra ? 1 : 0);
    out.push(items.slice(at, at + n));
    at += n;
  }
  return out;
}

/**
 * Trains a group of runs of one shape: in lockstep where they can, alone otherwise.
 *
 * @param members - the runs, in study order
 * @param mode - the lockstep mode
 * @param progress - where the batch's progress goes
 * @returns each run's outcome, in order (a DivergenceError of a run alone becomes a `diverged` outcome)
 * @throws what stops a run other than divergence
 */
export async function trainGroup(members: readonly GroupMember[], mode: LockstepMode, progress: ProgressSink): Promise<RunOutcome[]> {
  const outcomes: (RunOutcome | undefined)[] = members.map(() => undefined);
  // Only runs that will train in lockstep stay open while the others train: a run that trains
  // alone is opened, trained and closed in turn, as without lockstep.
  const held: { index: number; session: RunSession }[] = [];
  try {
    for (const [index, member] of members.entries()) {
      const opened = await member.open();
      if (!isRunSession(opened)) {
        outcomes[index] = opened;
        continue;
      }
      const why = lockstepUnsupported(opened, mode);
      if (why === undefined) {
        held.push({ index, session: opened });
        continue;
      }
      if (mode === 'on' || members.length > 1) opened.progress.note(`  ${opened.run.config.name}: trains alone (${why})`);
      try {
        member.onStart();
        outcomes[index] = await trainAloneKeepingDivergence(opened);
      } finally {
        opened.close();
      }
    }
    const byStart = new Map<number, { index: number; session: RunSession }[]>();
    for (const entry of held) byStart.set(entry.session.startStep, [...(byStart.get(entry.session.startStep) ?? []), entry]);
    const batches = [...byStart.values()].flatMap((sameStart) => chunks(sameStart, runsPerBatch(sameStart[0]!.session)));
    for (const batch of batches) {
      if (batch.length === 1) {
        const { index, session } = batch[0]!;
        members[index]!.onStart();
        outcomes[index] = await trainAloneKeepingDivergence(session);
        continue;
      }
      const kind = batch[0]!.session.run.net.config.kind;
      const entry = batch[0]!.session.run.kinds.models[kind]!;
      for (const { index } of batch) members[index]!.onStart();
      progress.note(`  ${batch.length} runs in lockstep from step ${batch[0]!.session.startStep}`);
      const memberOf = new Map(batch.map(({ index, session }) => [session, members[index]!]));
      const results = await lockstepLoop(
        batch.map((b) => b.session),
        { entry, progress, onStep: (session, step) => memberOf.get(session)!.onStep(step) },
      );
      batch.forEach(({ index }, k) => (outcomes[index] = results[k]));
    }
  } finally {
    for (const { session } of held) session.close();
  }
  return outcomes.map((o) => o!);
}

async function trainAloneKeepingDivergence(session: RunSession): Promise<RunOutcome> {
  try {
    return await trainSession(session);
  } catch (error) {
    // A diverged run is a result (its manifest says so); the study goes on with the others.
    if (error instanceof DivergenceError) {
      session.progress.note(`  diverged: ${error.problem}`);
      return { dir: session.dir, status: 'diverged', stepsTrained: error.step, backend: session.backend };
    }
    throw error;
  }
}
