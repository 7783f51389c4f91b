/**
 * Which of a study's runs train together in lockstep: runs whose configs differ only in what each
 * run of a lockstep batch keeps for itself (name, seed, learning rate, noise, events), with a
 * model kind that has a lockstep forward pass, in batches of bounded memory.
 */
import type { CheckedRun } from '../assemble/build-run';

/**
 * `auto` (default): lockstep on the backends where each run keeps its bits (blas, cpu); `on`: on
 * any backend (for testing one where slices may not be bit-identical); `off`: every run alone.
 */
export type LockstepMode = 'auto' | 'on' | 'off';

/** The lockstep modes, for option parsing. */
export const LOCKSTEP_MODES: readonly LockstepMode[] = ['auto', 'on', 'off'];

/** Backends on which a lockstep run's metrics, checkpoints and resumes are byte-identical to the run alone (tested). */
export const LOCKSTEP_EXACT_BACKENDS: readonly string[] = ['blas', 'cpu'];

/** The stacked evaluation batch of a lockstep group stays under this many bytes. */
const LOCKSTEP_BATCH_BYTES = 256 * 1024 * 1024;

/** The most runs in one lockstep batch. */
const LOCKSTEP_MAX_RUNS = 64;

/** What must be equal for two runs to train in lockstep: the resolved config without each run's own fields. */
function shapeKey(checked: CheckedRun): string {
  // Noise may differ per run (each run adds its own draw); a run whose noise lockstep cannot
  // stack (gradient or weight noise) is found when its session opens, and trains alone.
  const { name: _name, description: _description, seed: _seed, learningRate: _lr, noise: _noise, events: _events, ...shared } = checked.config;
  return JSON.stringify(shared);
}

/**
 * Groups runs for lockstep, keeping the study's order: each group is the runs of one shape, in
 * order, split into batches whose stacked evaluation batch fits {@link LOCKSTEP_BATCH_BYTES};
 * a run whose model kind has no lockstep forward pass, or that re-estimates batch-norm statistics,
 * is a group of its own.
 *
 * @param runs - the checked runs, in study order
 * @returns groups of indices into `runs`, ordered by their first run
 */
export function lockstepGroups(runs: readonly { readonly checked: CheckedRun }[]): number[][] {
  const byKey = new Map<string, number[][]>();
  const groups: number[][] = [];
  runs.forEach(({ checked }, i) => {
    const kind = checked.model.kind;
    const entry = Object.hasOwn(checked.kinds.models, kind) ? checked.kinds.models[kind] : undefined;
    // Lockstep has no batch-norm pass to re-estimate statistics with: such a run trains alone.
    if (entry?.lockstep === undefined || checked.config.evaluation.reestimateBatchNorm !== undefined) {
      groups.push([i]);
      return;
    }
    const exampleValues = checked.data.exampleShape.reduce((a, b) => a * b, 1);
    const perRun = Math.max(checked.config.evaluation.batchSize, checked.config.training.batchSize) * exampleValues * 4;
    const limit = Math.max(1, Math.min(LOCKSTEP_MAX_RUNS, Math.floor(LOCKSTEP_BATCH_BYTES / perRun)));
    const key = shapeKey(checked);
    const open = byKey.get(key)?.at(-1);
    if (open !== undefined && open.length < limit) {
      open.push(i);
      return;
    }
    const group = [i];
    groups.push(group);
    byKey.set(key, [...(byKey.get(key) ?? []), group]);
  });
  return groups;
}
