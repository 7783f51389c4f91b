/**
 * The preset registry: a plain object (no import-time side effects), one entry per study that
 * `lrlab run <preset>` knows, each a one-liner over the config types.
 */
import type { StudyConfig } from '../study/types';
import type { Scale } from './scale';
import { cifar10Fig1Study, cifar10MitigationStudy, patchedCifar10Study, patchedFashionMnistStudy, unpatchedFashionMnistStudy } from './patched';
import { syntheticSweepLrStudy, syntheticSweepNStudy } from './synthetic-sweeps';
import { syntheticStudy } from './synthetic';

/** A runnable preset. */
export interface Preset {
  /** One line for `lrlab list`. */
  readonly description: string;
  /**
   * A rough cost per scale on our 2-core machine with the default backend (blas), for `lrlab list`:
   * measured where it says so (docs/results/bench.md), otherwise an estimate from the measured step times.
   */
  readonly cost: Readonly<Record<Scale, string>>;
  /**
   * The study at a scale.
   *
   * @param scale - `quick` or `full`
   * @returns the study config
   */
  study(scale: Scale): StudyConfig;
}

/** Every preset, by name. */
export const PRESETS: Readonly<Record<string, Preset>> = Object.freeze({
  synthetic: {
    description: 'SPEC §1 two-pattern data: large LR + anneal vs small LR vs small LR + noise, with linear baselines (the main job)',
    cost: { quick: '22 s measured (9 runs + 6 baselines; docs/results/lockstep.md)', full: '≈ 2.8 min, from 558 s measured for 10 seeds (SPEC §1 regime, d1 = 2000)' },
    study: (scale: Scale) => syntheticStudy(scale),
  },
  'synthetic-sweep-n': {
    description: 'the synthetic gap large − small LR against the training-set size N (4 sizes × 5 seeds)',
    cost: { quick: '4 min measured (40 runs)', full: '≈ 35 min, estimate (d1 = 2000, N up to 4000)' },
    study: (scale: Scale) => syntheticSweepNStudy(scale),
  },
  'synthetic-sweep-lr': {
    description: 'the synthetic gap large − small LR against the large LR (6 values from the small LR 0.3 up, × 5 seeds)',
    cost: { quick: '1.2 min measured (35 runs)', full: '≈ 20 min, estimate' },
    study: (scale: Scale) => syntheticSweepLrStudy(scale),
  },
  'patched-fashion-mnist': {
    description: 'the patch experiment on Fashion-MNIST (SPEC §4): quick, a small CNN at ζ ±0.5; full, WRN-10-1 at ζ ±0.2 (issue 25)',
    cost: {
      quick: '≈ 7 min (5000 images, 3 runs × 3 seeds, 12 epochs; 43–63 s a run measured)',
      full: '≈ 2.2 h on one core, 1.1 h as two shards (10,000 images, wrn10x1, 30 epochs, 9 runs; 13–16.5 min a run measured)',
    },
    study: (scale: Scale) => patchedFashionMnistStudy(scale),
  },
  'fashion-mnist-unpatched': {
    description: 'the patched-fashion-mnist runs on unpatched Fashion-MNIST, for the clean accuracy the patch costs',
    cost: { quick: '≈ 7 min (3 runs × 3 seeds, ≈ 1 min a run)', full: '≈ 2 h on one core, estimate (as the patched full study, fewer sets to evaluate)' },
    study: (scale: Scale) => unpatchedFashionMnistStudy(scale),
  },
  'patched-cifar10': {
    description: "the paper's patched CIFAR-10 (WRN-16-10, 60 epochs; needs the CIFAR-10 files, realistically a GPU)",
    cost: { quick: '≈ 1.5 h, estimate (wrn16x1, 5000 images, 60 epochs, 3 runs)', full: '≈ 15–18 days on CPU (estimate, docs/results/cifar10.md); hours with tfjs-node-gpu' },
    study: (scale: Scale) => patchedCifar10Study(scale),
  },
  'cifar10-fig1': {
    description: 'clean CIFAR-10, Fig. 1: initial LR 0.1 vs 0.01 with ×0.2 anneals (WRN-16-10, 200 epochs)',
    cost: { quick: '≈ 20 min, estimate (wrn16x1, 5000 images, 20 epochs, 2 runs)', full: '≈ 33–40 days on CPU (estimate); hours with tfjs-node-gpu' },
    study: (scale: Scale) => cifar10Fig1Study(scale),
  },
  'cifar10-mitigation': {
    description: 'clean CIFAR-10: large LR vs small LR vs small LR + annealed noise (settings not fully known)',
    cost: { quick: '≈ 25 min, estimate (wrn16x1, 5000 images, 20 epochs, 3 runs)', full: '≈ 50–60 days on CPU (estimate); hours with tfjs-node-gpu' },
    study: (scale: Scale) => cifar10MitigationStudy(scale),
  },
});

/** The names of {@link PRESETS}. */
export function presetNames(): string[] {
  return Object.keys(PRESETS);
}
