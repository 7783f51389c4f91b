/**
 * Sweeps over the synthetic study (issue: reproduce the paper's claims): the gap large + anneal −
 * small LR against the training-set size N, and against the large LR. Each keeps the synthetic
 * study's regime and varies one thing.
 */
import type { ExperimentConfig } from '../config/types';
import type { StudyConfig } from '../study/types';
import type { Scale } from './scale';
import { syntheticStudy } from './synthetic';

/** The seeds of the sweeps: five per value. */
const SWEEP_SEEDS = [1, 2, 3, 4, 5];

/** The synthetic study's large-LR and small-LR runs, the comparison between them, no baselines. */
function largeVsSmall(scale: Scale): Omit<StudyConfig, 'name' | 'description' | 'sweep'> {
  const base = syntheticStudy(scale, SWEEP_SEEDS);
  return {
    seeds: base.seeds,
    runs: base.runs.filter((r) => r.name === 'large-lr' || r.name === 'small-lr'),
    report: { ...base.report, comparisons: [{ a: 'large-lr', b: 'small-lr' }], notes: [] },
  };
}

/**
 * The gap against N (the training-set size, a fifth of it A-only) with d1 fixed: the effect should
 * shrink as the A-only examples alone come to suffice.
 *
 * @param scale - `quick` (d1 = 500, N ∈ {125, 250, 500, 1000}) or `full` (d1 = 2000, N ∈ {500, 1000, 2000, 4000})
 * @returns the study
 */
export function syntheticSweepNStudy(scale: Scale): StudyConfig {
  const n = scale === 'quick' ? [125, 250, 500, 1000] : [500, 1000, 2000, 4000];
  return {
    name: scale === 'quick' ? 'synthetic-sweep-n' : 'synthetic-sweep-n-full',
    description: 'The synthetic study with d1 fixed and the training-set size N swept: large LR + anneal vs small LR.',
    ...largeVsSmall(scale),
    sweep: { path: 'data.trainSize', values: n, label: 'N (training examples)' },
  };
}

/**
 * The gap against the large LR: the large run's initial LR swept, always annealed to the small LR
 * (0.3) at the same epoch, its SGD-noise model (σ = 13.33·lr²) following the LR.
 *
 * @param scale - `quick` or `full`
 * @returns the study
 */
export function syntheticSweepLrStudy(scale: Scale): StudyConfig {
  const base = largeVsSmall(scale);
  const small = base.runs.find((r) => r.name === 'small-lr')!;
  const anneal = base.runs[0]!.events?.[0]?.epoch ?? 180;
  const large: ExperimentConfig = {
    ...base.runs[0]!,
    description: `large LR (swept) → ${String(small.learningRate)} at epoch ${anneal}`,
    // Piecewise-constant so the sweep sets the first value and the anneal always lands on the small LR.
    learningRate: { unit: 'epoch', schedule: { kind: 'piecewise-constant', boundaries: [anneal], values: [3, small.learningRate as number] } },
  };
  return {
    name: scale === 'quick' ? 'synthetic-sweep-lr' : 'synthetic-sweep-lr-full',
    description: 'The synthetic study with the large LR swept (annealed to the small LR 0.3): large LR + anneal vs small LR.',
    ...base,
    runs: [large, small],
    sweep: { path: 'learningRate.schedule.values.0', values: [0.3, 0.45, 0.75, 1.5, 3, 4.5], label: 'large LR', methods: ['large-lr'] },
  };
}
