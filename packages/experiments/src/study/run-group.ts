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
const LOCKSTEP_TENSOR_BYTES = 24 * 1024 * 1024;

/** How many runs like this one a lockstep batch holds: its largest per-step tensor times K stays under {@link LOCKSTEP_TENSOR_BYTES}. */
function runsPerBatch(session: RunSession): number {
  const { net, config } = session.run;
  const largestVariable = Math.max(0, ...net.variables.map((v) => v.variable.size));
  const inputBatch = config.training.batchSize * net.inputShape.reduce((a, b) => a * b, 1);
  return Math.max(1, Math.floor(LOCKSTEP_TENSOR_BYTES / (4 * Math.max(largestVariable, inputBatch, 1))));
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
  const sessions: { index: number; session: RunSession }[] = [];
  try {
    for (const [index, member] of members.entries()) {
      const opened = await member.open();
      if (isRunSession(opened)) sessions.push({ index, session: opened });
      else outcomes[index] = opened;
    }
    const alone: { index: number; session: RunSession }[] = [];
    const byStart = new Map<number, { index: number; session: RunSession }[]>();
    for (const entry of sessions) {
      const why = lockstepUnsupported(entry.session, mode);
      if (why !== undefined) {
        if (mode === 'on' || sessions.length > 1) entry.session.progress.note(`  ${entry.session.run.config.name}: trains alone (${why})`);
        alone.push(entry);
      } else {
        byStart.set(entry.session.startStep, [...(byStart.get(entry.session.startStep) ?? []), entry]);
      }
    }
    const batches = [...byStart.values()].flatMap((sameStart) => chunks(sameStart, runsPerBatch(sameStart[0]!.session)));
    for (const batch of batches) {
      if (batch.length === 1) {
        alone.push(batch[0]!);
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
    alone.sort((a, b) => a.index - b.index);
    for (const { index, session } of alone) {
      members[index]!.onStart();
      outcomes[index] = await trainAloneKeepingDivergence(session);
    }
  } finally {
    for (const { session } of sessions) session.close();
  }
  return outcomes.map((o) => o!);
}

async function trainAloneKeepingDivergence(session: RunSession): Promise<RunOutcome> {
  try {
    return await trainSession(session);
  } catch (error) {
    // A diverged run is a result (its manifest says so); the study goes on with the others.
    if (error instanceof DivergenceError) return { dir: session.dir, status: 'diverged', stepsTrained: error.step, backend: session.backend };
    throw error;
  }
}
