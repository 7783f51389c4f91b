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
  /** A rough cost per scale on a 2-core machine with the wasm backend, for `lrlab list`. */
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
    cost: { quick: '≈ 1 min with blas, 2 min on wasm (9 runs + 6 baselines)', full: '≈ 10–15 min with blas (SPEC §1 regime, d1 = 2000; 65 s per method run)' },
    study: (scale: Scale) => syntheticStudy(scale),
  },
  'synthetic-sweep-n': {
    description: 'the synthetic gap large − small LR against the training-set size N (4 sizes × 5 seeds)',
    cost: { quick: '≈ 10 min with blas (40 runs)', full: '≈ 1.5 h with blas (d1 = 2000, N up to 4000)' },
    study: (scale: Scale) => syntheticSweepNStudy(scale),
  },
  'synthetic-sweep-lr': {
    description: 'the synthetic gap large − small LR against the large LR (6 values from the small LR 0.3 up, × 5 seeds)',
    cost: { quick: '≈ 6 min with blas (35 runs)', full: '≈ 45 min with blas' },
    study: (scale: Scale) => syntheticSweepLrStudy(scale),
  },
  'patched-fashion-mnist': {
    description: 'the patch experiment on Fashion-MNIST with a small CNN (SPEC §4; CPU-sized regime, ζ ±0.5)',
    cost: { quick: '≈ 30 min on wasm (5000 images, 3 runs × 3 seeds, 12 epochs; ≈ 3.5 min a run)', full: 'many hours (60k images, wrn10x1)' },
    study: (scale: Scale) => patchedFashionMnistStudy(scale),
  },
  'fashion-mnist-unpatched': {
    description: 'the patched-fashion-mnist runs on unpatched Fashion-MNIST, for the clean accuracy the patch costs',
    cost: { quick: '≈ 30 min on wasm (3 runs × 3 seeds)', full: 'many hours (60k images, wrn10x1)' },
    study: (scale: Scale) => unpatchedFashionMnistStudy(scale),
  },
  'patched-cifar10': {
    description: "the paper's patched CIFAR-10 (WRN-16-10, 60 epochs; needs the CIFAR-10 files, realistically a GPU)",
    cost: { quick: '≈ hours (wrn16x1, 5000 images)', full: 'days on CPU; hours with tfjs-node-gpu' },
    study: (scale: Scale) => patchedCifar10Study(scale),
  },
  'cifar10-fig1': {
    description: 'clean CIFAR-10, Fig. 1: initial LR 0.1 vs 0.01 with ×0.2 anneals (WRN-16-10, 200 epochs)',
    cost: { quick: '≈ hours (wrn16x1, 5000 images, 20 epochs)', full: 'days on CPU; hours with tfjs-node-gpu' },
    study: (scale: Scale) => cifar10Fig1Study(scale),
  },
  'cifar10-mitigation': {
    description: 'clean CIFAR-10: large LR vs small LR vs small LR + annealed noise (settings not fully known)',
    cost: { quick: '≈ hours (wrn16x1, 5000 images, 20 epochs)', full: 'days on CPU; hours with tfjs-node-gpu' },
    study: (scale: Scale) => cifar10MitigationStudy(scale),
  },
});

/** The names of {@link PRESETS}. */
export function presetNames(): string[] {
  return Object.keys(PRESETS);
}
