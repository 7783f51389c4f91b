/**
 * The synthetic study (SPEC §1): the theory's two-pattern data and two-layer ReLU net, trained with
 * a large LR then annealed, a small LR, and a small LR plus annealed pre-activation noise, next to
 * linear models trained on the A-only and on all A-bearing examples (the effective-sample-size
 * argument: 0.2N vs 0.8N examples of pattern A).
 */
import type { ExperimentConfig } from '../config/types';
import type { StudyConfig } from '../study/types';
import type { Scale } from './scale';

/** The regime constants of each scale. */
interface SyntheticScale {
  readonly variant: 'small' | 'spec';
  /** Training examples; a fifth are A-only. */
  readonly trainSize: number;
  /** Input dimension of pattern A. */
  readonly d1: number;
  readonly epochs: number;
  readonly annealEpoch: number;
  readonly everyEpochs: number;
}

/**
 * `full` is SPEC §1's starting regime exactly (d1 = 2000, N = 1000, 180 + 20 epochs). `quick`
 * shrinks it 4× while keeping what drives the effect: d1 / (A-only count) = 10 and d1 / (A-bearing
 * count) = 2.5 as in the full regime, the same per-direction SNR (σ = 0.5/√d1, γ = 1.5σ), B's
 * geometry, width, batch, learning rates and noise. With 5 steps per epoch instead of 20, it trains
 * 80 epochs after the anneal (400 steps, as the full regime's 20 × 20) so the large-LR run has time
 * to fit B after the anneal.
 */
const SCALES: Readonly<Record<Scale, SyntheticScale>> = {
  quick: { variant: 'small', trainSize: 250, d1: 500, epochs: 260, annealEpoch: 180, everyEpochs: 10 },
  full: { variant: 'spec', trainSize: 1000, d1: 2000, epochs: 200, annealEpoch: 180, everyEpochs: 5 },
};

const LARGE_LR = 3.0;
const SMALL_LR = 0.3;
const ANNEAL_FACTOR = 0.1;
/** SGD noise grows with the LR: every method gets pre-activation noise σ = 13.33 · lr² (120 at lr 3, 1.2 at 0.3). */
const SGD_NOISE = { kind: 'preactivation', mode: 'iid', sigma: { fromLearningRate: { coefficient: 13.33, power: 2 } } } as const;
/** "Overall" test accuracy weights the equal-sized per-group test sets as the training mix: 20/20/60. */
const GROUP_WEIGHTS = { 'a-only': 0.2, 'b-only': 0.2, both: 0.6 };
/** The mitigation's extra noise: σ = 120 (the large LR's level) until the anneal, then 0. */
const EXTRA_NOISE_SIGMA = 120;

/**
 * The synthetic study at a scale.
 *
 * @param scale - `quick` (default study, minutes on 2 cores) or `full` (SPEC §1's regime)
 * @param seeds - the seeds (default 1, 2, 3)
 * @returns the study config
 */
export function syntheticStudy(scale: Scale, seeds: readonly number[] = [1, 2, 3]): StudyConfig {
  const s = SCALES[scale];
  const anneal = s.annealEpoch;
  const around = (from: number, count: number): number[] => Array.from({ length: count }, (_, i) => from + i).filter((e) => e <= s.epochs);
  const base = {
    data: { kind: 'synthetic', variant: s.variant },
    model: { kind: 'two-layer', width: 200 },
    training: { epochs: s.epochs, batchSize: 50 },
    optimizer: { kind: 'sgd' },
    evaluation: { everyEpochs: s.everyEpochs, epochs: [...around(1, 10), ...around(anneal + 1, 10)], batchSize: 1000, groupWeights: GROUP_WEIGHTS },
    events: [{ epoch: anneal, label: 'anneal' }],
  } satisfies Omit<ExperimentConfig, 'name' | 'learningRate'>;
  const annealed = (initialValue: number) =>
    ({ unit: 'epoch', schedule: { kind: 'multi-step', initialValue, milestones: [anneal], gamma: ANNEAL_FACTOR } }) as const;
  const runs: ExperimentConfig[] = [
    { ...base, name: 'large-lr', description: `LR ${LARGE_LR} → ${Number((LARGE_LR * ANNEAL_FACTOR).toPrecision(6))} at epoch ${anneal}`, learningRate: annealed(LARGE_LR), noise: [SGD_NOISE] },
    { ...base, name: 'small-lr', description: `LR ${SMALL_LR} throughout`, learningRate: SMALL_LR, noise: [SGD_NOISE] },
    {
      ...base,
      name: 'small-lr-noise',
      description: `LR ${SMALL_LR} + extra pre-activation noise σ = ${EXTRA_NOISE_SIGMA} until epoch ${anneal}`,
      learningRate: SMALL_LR,
      noise: [
        SGD_NOISE,
        { kind: 'preactivation', mode: 'iid', sigma: { unit: 'epoch', schedule: { kind: 'piecewise-constant', boundaries: [anneal], values: [EXTRA_NOISE_SIGMA, 0] } } },
      ],
    },
  ];
  const aOnly = s.trainSize / 5;
  const linear = (name: string, groups: string[], examples: number): ExperimentConfig => ({
    name,
    description: `logistic regression on x1 only, trained on the ${examples} ${groups.length === 1 ? 'A-only' : 'A-bearing'} examples`,
    data: base.data,
    model: { kind: 'linear', features: [0, s.d1] },
    // Full-batch gradient descent to (near) separation: its direction approaches the max-margin one.
    training: { epochs: 2000, batchSize: examples, groups },
    learningRate: 16,
    evaluation: { everyEpochs: 500, batchSize: 1000, sets: ['test'], groupWeights: GROUP_WEIGHTS },
  });
  return {
    name: scale === 'quick' ? 'synthetic' : 'synthetic-full',
    description:
      'Two-pattern synthetic data (SPEC §1): large LR + anneal vs small LR vs small LR + annealed pre-activation noise, ' +
      'with linear baselines trained on 0.2N and 0.8N examples of pattern A.',
    seeds,
    runs,
    baselines: [linear('linear-a-only', ['a-only'], aOnly), linear('linear-a-bearing', ['a-only', 'both'], aOnly * 4)],
    report: {
      primarySet: 'test',
      groupWeights: GROUP_WEIGHTS,
      comparisons: [
        { a: 'large-lr', b: 'small-lr' },
        { a: 'small-lr-noise', b: 'small-lr' },
        { a: 'large-lr', b: 'small-lr-noise' },
      ],
      learningOrder: [
        { set: 'train', group: 'b-only', metric: 'accuracy', threshold: 0.99, label: 'B-only train accuracy ≥ 99%' },
        { set: 'train', group: 'b-only', metric: 'margin', threshold: 1, label: 'B-only train median margin ≥ 1' },
      ],
      curves: [
        { set: 'test', group: 'a-only' },
        { set: 'train', group: 'b-only' },
        { set: 'test', group: 'b-only' },
      ],
      notes: [
        'A-only test accuracy over time is in the first figure: every method reaches the A-bearing baseline within a few epochs; the small LR then falls towards the A-only baseline once B is fitted.',
        'The linear baselines see x1 only: their B-only accuracy is chance by construction; compare their A-only column.',
        'The paper gives no constants for its synthetic experiment; this is SPEC §1\'s starting regime' +
          (scale === 'quick' ? ', shrunk 4× (d1 = 500, N = 250) with the same ratios.' : '.'),
      ],
    },
  };
}
