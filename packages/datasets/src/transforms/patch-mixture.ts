/**
 * The patched-image mixture (SPEC §2), an exact port of the reference construction
 * (`PatchAugmentFixed`, `FixedAugmentDataset` and `TransformOnlyDataset` in the official code):
 * a small patch, hard to fit but easy to generalize, written over normalized images.
 *
 * Drawn once per run from the seed: z = zScale·N(0, I) of shape p×p×C (shared by all classes) and,
 * per class c and pattern k, ζ_{c,k} ~ U[−zetaRange, zetaRange] of the same shape. Per dataset a
 * fixed fraction of indices is marked. Each time a marked example is drawn: a pattern k, a sign
 * s = ±1 (independent of the label), and
 *   - with probability 1 − patchOnlyProbability (`image+patch`): patch area ← z + s·ζ_{y,k};
 *   - otherwise (`patch-only`): the whole image ← 0 (the mean colour), patch ← z + s·patchOnlyScale·u·ζ_{y,k},
 *     u ~ U[0, 1).
 * Unmarked examples stay `clean`. With the defaults an epoch is ~20% clean, 64% image+patch and
 * 16% patch-only. Because s is independent of y, the two signs of each class average to z: no
 * linear function of the patch separates the classes.
 */
import {
  ConfigError,
  PATCH_GROUPS,
  Prng,
  checkInteger,
  checkNonNegative,
  checkPositive,
  checkProbability,
  checkSeed,
  deriveSeed,
  fillNormal,
  fillUniform,
  integer,
  sign,
  type Seed,
} from '@lrlab/core';
import { objectOf } from '../checks';
import { checkDataset, createDataset, type LabeledDataset } from '../dataset';
import type { ExampleContext, ExampleTransform } from './transform';

/** The JSON config of the patch mixture; every field has the reference's default. */
export interface PatchMixtureConfig {
  /** Side p of the square patch, in pixels; default 7. */
  readonly patchSize?: number;
  /** Scale of z = zScale·N(0, I); default 1.25. */
  readonly zScale?: number;
  /** Half-width of the per-class ζ's uniform range, U[−zetaRange, zetaRange]; default 0.1. */
  readonly zetaRange?: number;
  /** Patterns ζ per class, one picked uniformly per draw; default 1. */
  readonly patternsPerClass?: number;
  /** Fraction of each dataset's indices marked to receive the patch; default 0.8. */
  readonly markedFraction?: number;
  /** Probability that a marked draw is patch-only rather than image+patch; default 0.2. */
  readonly patchOnlyProbability?: number;
  /** Scale of the patch-only patch, z + s·patchOnlyScale·u·ζ; default 1.75. */
  readonly patchOnlyScale?: number;
  /** Number of examples in the patch-only evaluation set; default 1000. */
  readonly patchOnlyEvalSize?: number;
}

/** A {@link PatchMixtureConfig} with every default filled in (what a run saves). */
export type ResolvedPatchMixtureConfig = Required<PatchMixtureConfig>;

/** The reference's values (SPEC §2, `train_patches.py` defaults). */
export const PATCH_MIXTURE_DEFAULTS: ResolvedPatchMixtureConfig = Object.freeze({
  patchSize: 7,
  zScale: 1.25,
  zetaRange: 0.1,
  patternsPerClass: 1,
  markedFraction: 0.8,
  patchOnlyProbability: 0.2,
  patchOnlyScale: 1.75,
  patchOnlyEvalSize: 1000,
});

const CLEAN = 0;
const IMAGE_PATCH = 1;
const PATCH_ONLY = 2;

/**
 * Fills in and checks a patch-mixture config.
 *
 * @param config - a partial config (or `{}` for the reference)
 * @param field - the config's path, for error messages
 * @returns the resolved config
 * @throws ConfigError naming the bad field
 */
export function resolvePatchMixtureConfig(config: PatchMixtureConfig = {}, field = 'patch'): ResolvedPatchMixtureConfig {
  if (typeof config !== 'object' || config === null) throw new ConfigError(field, config, 'an object of patch options');
  for (const key of Object.keys(config)) {
    if (!(key in PATCH_MIXTURE_DEFAULTS)) {
      throw new ConfigError(`${field}.${key}`, (config as Record<string, unknown>)[key], `no such option (one of ${Object.keys(PATCH_MIXTURE_DEFAULTS).join(', ')})`, `Remove ${field}.${key}.`);
    }
  }
  const d = { ...PATCH_MIXTURE_DEFAULTS, ...config };
  return Object.freeze({
    patchSize: checkInteger(`${field}.patchSize`, d.patchSize, { min: 1 }),
    zScale: checkNonNegative(`${field}.zScale`, d.zScale),
    zetaRange: checkNonNegative(`${field}.zetaRange`, d.zetaRange),
    patternsPerClass: checkInteger(`${field}.patternsPerClass`, d.patternsPerClass, { min: 1 }),
    markedFraction: checkProbability(`${field}.markedFraction`, d.markedFraction),
    patchOnlyProbability: checkProbability(`${field}.patchOnlyProbability`, d.patchOnlyProbability),
    patchOnlyScale: checkPositive(`${field}.patchOnlyScale`, d.patchOnlyScale),
    patchOnlyEvalSize: checkInteger(`${field}.patchOnlyEvalSize`, d.patchOnlyEvalSize, { min: 1 }),
  });
}

/** Options of {@link createPatchMixture}. */
export interface PatchMixtureOptions {
  /** Image shape `[height, width, channels]`. */
  readonly exampleShape: readonly number[];
  /** Number of classes (one ζ set per class). */
  readonly numClasses: number;
  /** The run's seed for the mixture: z, ζ, the marks and every draw derive from it. */
  readonly seed: Seed;
  /** Patch options; defaults are the reference's. */
  readonly config?: PatchMixtureConfig;
}

/** The patch mixture of one run: its fixed patterns, and the transforms and eval sets built on them. */
export interface PatchMixture {
  /** The resolved config. */
  readonly config: ResolvedPatchMixtureConfig;
  /** Image shape `[height, width, channels]`. */
  readonly exampleShape: readonly number[];
  /** Number of classes. */
  readonly numClasses: number;
  /** Row of the patch's top-left corner: floor((H − p) / 2), 12 for 32×32, 10 for 28×28. */
  readonly top: number;
  /** Column of the patch's top-left corner: floor((W − p) / 2). */
  readonly left: number;
  /** The shared pattern z, shape p×p×C (HWC order). */
  readonly z: Float32Array;
  /** Every ζ, shape numClasses × patternsPerClass × p × p × C. */
  readonly zeta: Float32Array;
  /**
   * One class's pattern ζ_{label, pattern}.
   *
   * @param label - the class
   * @param pattern - which of its patterns; default 0
   * @returns a view of p·p·C values (HWC order)
   */
  zetaOf(label: number, pattern?: number): Float32Array;
  /**
   * Which indices of a dataset are marked to receive the patch, drawn once from
   * `deriveSeed(seed, 'patch-mixture', 'marks', role)`: each index independently with
   * probability `markedFraction`, as the reference.
   *
   * @param role - the dataset's role, e.g. `train` or `mixed`; different roles get different marks
   * @param size - the dataset's size
   * @returns 1 for marked indices, 0 otherwise
   */
  marks(role: string, size: number): Uint8Array;
  /**
   * The per-example transform for one dataset: a draw at (epoch, index) is a pure function of the
   * run's seed, the role, epoch and index.
   *
   * @param role - the dataset's role (seeds its marks and draws)
   * @param size - the dataset's size
   * @returns the transform; it assigns {@link PATCH_GROUPS}
   */
  transform(role: string, size: number): ExampleTransform;
  /**
   * The "mixed" evaluation set: `dataset` with the mixture drawn once (its own marks; the draws of
   * epoch `draw`, 0 by default). Another `draw` keeps the marks (which images get a patch) and
   * re-draws each patch: pattern, sign, patch-only coin and scale, as the reference's loader
   * re-draws them every time it iterates.
   *
   * @param dataset - the clean test set
   * @param role - the role that seeds marks and draws; default `mixed`
   * @param draw - which draw, an integer ≥ 0; default 0
   * @returns a fixed dataset tagged with {@link PATCH_GROUPS}
   */
  mixedSet(dataset: LabeledDataset, role?: string, draw?: number): LabeledDataset;
  /**
   * The patch-only evaluation set: `patchOnlyEvalSize` zero images (the mean colour after
   * normalization) with labels drawn uniformly from the seed, each given the mixture's patch as in
   * the reference's `TransformOnlyDataset`: z + s·ζ_y with probability 1 − patchOnlyProbability,
   * z + s·patchOnlyScale·u·ζ_y otherwise. Every example is tagged `patch-only` (it has no image).
   * Another `draw` keeps the labels and re-draws each patch (pattern, sign, coin and scale).
   *
   * @param draw - which draw, an integer ≥ 0; default 0
   * @returns a fixed dataset
   */
  patchOnlySet(draw?: number): LabeledDataset;
}

/**
 * Draws a run's patch mixture from its seed.
 *
 * The patch's top-left corner is (floor((H − p)/2), floor((W − p)/2)): rows/cols 12..18 for 32×32
 * as the reference (`int(16 − p/2)`), 10..16 for 28×28.
 *
 * @param options - image shape, class count, seed and patch options
 * @returns the mixture
 * @throws ConfigError when the shape is not an image shape or the patch does not fit
 * @example
 * ```ts
 * const mixture = createPatchMixture({ exampleShape: [32, 32, 3], numClasses: 10, seed: deriveSeed(seed, 'patch') });
 * const stream = trainStream(train, { batchSize: 128, seed, transforms: [mixture.transform('train', train.size)] });
 * const evalSets = { clean: test, mixed: mixture.mixedSet(test), 'patch-only': mixture.patchOnlySet() };
 * ```
 */
export function createPatchMixture(options: PatchMixtureOptions): PatchMixture {
  objectOf(options, 'options', '{ exampleShape, numClasses, seed, config? }');
  const config = resolvePatchMixtureConfig(options.config);
  const shape = options.exampleShape;
  if (!Array.isArray(shape) || shape.length !== 3) {
    throw new ConfigError('exampleShape', shape, 'an image shape [height, width, channels]', 'The patch mixture applies to images only.');
  }
  const [height, width, channels] = shape as [number, number, number];
  const numClasses = checkInteger('numClasses', options.numClasses, { min: 1 });
  const seed = checkSeed('seed', options.seed);
  const p = config.patchSize;
  if (p > height || p > width) {
    throw new ConfigError('patch.patchSize', p, `at most the image's height and width (${height}×${width})`);
  }
  const top = Math.floor((height - p) / 2);
  const left = Math.floor((width - p) / 2);
  const patchValues = p * p * channels;
  const z = fillNormal(Prng.fromSeed(deriveSeed(seed, 'patch-mixture', 'z')), new Float32Array(patchValues), 0, config.zScale);
  const zeta = fillUniform(
    Prng.fromSeed(deriveSeed(seed, 'patch-mixture', 'zeta')),
    new Float32Array(numClasses * config.patternsPerClass * patchValues),
    -config.zetaRange,
    config.zetaRange,
  );
  const zetaOf = (label: number, pattern = 0): Float32Array => {
    const offset = (label * config.patternsPerClass + pattern) * patchValues;
    return zeta.subarray(offset, offset + patchValues);
  };

  // Writes z + coefficient·ζ into the patch area, on all channels.
  const writePatch = (example: Float32Array, pattern: Float32Array, coefficient: number): void => {
    for (let r = 0; r < p; r++) {
      for (let c = 0; c < p; c++) {
        const src = (r * p + c) * channels;
        const dst = ((top + r) * width + left + c) * channels;
        for (let k = 0; k < channels; k++) example[dst + k] = z[src + k]! + coefficient * pattern[src + k]!;
      }
    }
  };

  // One draw in the reference's order: pattern, sign, patch-only coin, then u.
  const draw = (example: Float32Array, label: number, rng: Prng): number => {
    const pattern = zetaOf(label, config.patternsPerClass > 1 ? integer(rng, 0, config.patternsPerClass) : 0);
    const s = sign(rng);
    if (rng.nextFloat() >= config.patchOnlyProbability) {
      writePatch(example, pattern, s);
      return IMAGE_PATCH;
    }
    example.fill(0);
    writePatch(example, pattern, s * config.patchOnlyScale * rng.nextFloat());
    return PATCH_ONLY;
  };

  const checkLabel = (label: number): void => {
    if (!(label >= 0 && label < numClasses)) throw new ConfigError('label', label, `a class in [0, ${numClasses})`);
  };

  const marks = (role: string, size: number): Uint8Array => {
    checkInteger('size', size, { min: 0 });
    const rng = Prng.fromSeed(deriveSeed(seed, 'patch-mixture', 'marks', role));
    const out = new Uint8Array(size);
    for (let i = 0; i < size; i++) out[i] = rng.nextFloat() < config.markedFraction ? 1 : 0;
    return out;
  };

  const transform = (role: string, size: number): ExampleTransform => {
    const marked = marks(role, size);
    const apply = (example: Float32Array, context: ExampleContext): number => {
      const { epoch, index, label } = context;
      if (!(index >= 0 && index < size)) {
        throw new ConfigError('index', index, `an index in [0, ${size}) of the ${JSON.stringify(role)} dataset this transform was made for`);
      }
      if (marked[index] === 0) return CLEAN;
      checkLabel(label);
      return draw(example, label, Prng.fromSeed(deriveSeed(seed, 'patch-mixture', 'draw', role, epoch, index)));
    };
    return Object.freeze({ name: `patch-mixture/${role}`, groupNames: PATCH_GROUPS, exampleShape: Object.freeze([...shape]), apply });
  };

  const mixedSet = (dataset: LabeledDataset, role = 'mixed', drawIndex = 0): LabeledDataset => {
    checkShape(dataset, shape);
    checkInteger('draw', drawIndex, { min: 0 });
    const features = dataset.features.slice();
    const groups = new Uint8Array(dataset.size);
    const t = transform(role, dataset.size);
    const width_ = dataset.exampleSize;
    for (let i = 0; i < dataset.size; i++) {
      groups[i] = t.apply(features.subarray(i * width_, (i + 1) * width_), { epoch: drawIndex, index: i, label: dataset.labels[i]! })!;
    }
    return createDataset({ ...dataset, name: `${dataset.name}/${role}`, features, groups, groupNames: PATCH_GROUPS });
  };

  const patchOnlySet = (drawIndex = 0): LabeledDataset => {
    checkInteger('draw', drawIndex, { min: 0 });
    const size = config.patchOnlyEvalSize;
    const exampleSize = height * width * channels;
    const features = new Float32Array(size * exampleSize);
    const labelRng = Prng.fromSeed(deriveSeed(seed, 'patch-mixture', 'patch-only-labels'));
    const labels = Int32Array.from({ length: size }, () => integer(labelRng, 0, numClasses));
    for (let i = 0; i < size; i++) {
      const rng = Prng.fromSeed(deriveSeed(seed, 'patch-mixture', 'draw', 'patch-only', drawIndex, i));
      draw(features.subarray(i * exampleSize, (i + 1) * exampleSize), labels[i]!, rng);
    }
    return createDataset({
      name: 'patch-only',
      features,
      exampleShape: shape,
      labels,
      groups: new Uint8Array(size).fill(PATCH_ONLY),
      groupNames: PATCH_GROUPS,
      numClasses,
    });
  };

  return Object.freeze({
    config,
    exampleShape: Object.freeze([...shape]),
    numClasses,
    top,
    left,
    z,
    zeta,
    zetaOf,
    marks,
    transform,
    mixedSet,
    patchOnlySet,
  });
}

function checkShape(dataset: LabeledDataset, shape: readonly number[]): void {
  checkDataset('dataset', dataset);
  if (dataset.exampleShape.join('x') !== shape.join('x')) {
    throw new ConfigError(`${dataset.name}.exampleShape`, dataset.exampleShape, `[${shape.join(', ')}], the mixture's image shape`);
  }
}
