/**
 * The standard CIFAR augmentation (SPEC §3; the reference's `augment=True` path): reflect-pad by 4,
 * take a random crop of the original size, flip horizontally with probability ½.
 */
import { ConfigError, Prng, checkInteger, checkProbability, checkSeed, deriveSeed, integer, type Seed } from '@lrlab/core';
import { objectOf } from '../checks';
import type { ExampleContext, ExampleTransform } from './transform';

/** Options of {@link augmentation}. */
export interface AugmentOptions {
  /** Per-example shape `[height, width, channels]` of the images. */
  readonly exampleShape: readonly number[];
  /** The transform's seed; each example draws from `deriveSeed(seed, 'augment', epoch, index)`. */
  readonly seed: Seed;
  /** Pixels of reflect padding on each side before the crop; default 4. */
  readonly padding?: number;
  /** Probability of a horizontal flip; default 0.5 (0 turns flipping off). */
  readonly flipProbability?: number;
}

/** The JSON form of the augmentation in a dataset config (see {@link AugmentOptions}). */
export interface AugmentConfig {
  /** Pixels of reflect padding on each side; default 4. */
  readonly padding?: number;
  /** Probability of a horizontal flip; default 0.5. */
  readonly flipProbability?: number;
}

/** Reflection of an out-of-range index, excluding the edge (PyTorch's `mode='reflect'`). */
function reflect(i: number, n: number): number {
  if (i < 0) return -i;
  if (i >= n) return 2 * (n - 1) - i;
  return i;
}

/**
 * Makes the augmentation transform: for each (epoch, index), reflect-pad by `padding`, crop a
 * window of the original size at a uniformly random offset in [0, 2·padding]², then flip
 * horizontally with probability `flipProbability`.
 *
 *   out[r][c] = in[reflect(r + dy − p)][reflect(c' + dx − p)],  c' = flipped ? W − 1 − c : c
 *
 * Reflection and cropping commute with per-channel normalization, so it may run on normalized
 * images; it must run before the patch mixture, which writes the patch last (as the reference).
 *
 * @param options - image shape, seed, padding and flip probability
 * @returns the transform
 * @throws ConfigError when the shape is not [H, W, C] or the padding is not smaller than H and W
 * @example
 * ```ts
 * const augment = augmentation({ exampleShape: [32, 32, 3], seed: deriveSeed(seed, 'augment') });
 * const stream = trainStream(train, { batchSize: 128, seed, transforms: [augment] });
 * ```
 */
export function augmentation(options: AugmentOptions): ExampleTransform {
  objectOf(options, 'options', '{ exampleShape, seed, padding?, flipProbability? }');
  const shape = options.exampleShape;
  if (!Array.isArray(shape) || shape.length !== 3) {
    throw new ConfigError('exampleShape', shape, 'an image shape [height, width, channels]', 'Augmentation applies to images only.');
  }
  const [height, width, channels] = shape as [number, number, number];
  const seed = checkSeed('seed', options.seed);
  const padding = checkInteger('padding', options.padding ?? 4, { min: 0, max: Math.min(height, width) - 1 });
  const flipProbability = checkProbability('flipProbability', options.flipProbability ?? 0.5);
  const scratch = new Float32Array(height * width * channels);
  const rowIndex = new Int32Array(height);
  const colIndex = new Int32Array(width);

  const apply = (example: Float32Array, context: ExampleContext): undefined => {
    const rng = Prng.fromSeed(deriveSeed(seed, 'augment', context.epoch, context.index));
    // torchvision's order: crop top, crop left, then the flip coin.
    const dy = integer(rng, 0, 2 * padding + 1);
    const dx = integer(rng, 0, 2 * padding + 1);
    const flip = rng.nextFloat() < flipProbability;
    for (let r = 0; r < height; r++) rowIndex[r] = reflect(r + dy - padding, height);
    for (let c = 0; c < width; c++) colIndex[c] = reflect((flip ? width - 1 - c : c) + dx - padding, width);
    scratch.set(example);
    for (let r = 0; r < height; r++) {
      const srcRow = rowIndex[r]! * width;
      for (let c = 0; c < width; c++) {
        const src = (srcRow + colIndex[c]!) * channels;
        const dst = (r * width + c) * channels;
        for (let k = 0; k < channels; k++) example[dst + k] = scratch[src + k]!;
      }
    }
    return undefined;
  };
  return Object.freeze({ name: 'augment', exampleShape: Object.freeze([...shape]), apply });
}
