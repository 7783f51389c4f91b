/**
 * Images as read from disk (8-bit, NHWC) and their conversion to a normalized
 * {@link LabeledDataset}: subset selection first (so a 10k-image run never converts 60k images),
 * then optional padding and channel replication, then per-channel normalization.
 */
import { ConfigError, checkInteger, checkOneOf, checkSeed, type Seed } from '@lrlab/core';
import { objectOf, optionsOf } from '../checks';
import { createDataset, type LabeledDataset } from '../dataset';
import { checkNormalization, normalizeBytes, UNIT_SCALE, type NormalizationStats } from '../transforms/normalize';
import { firstPerClassIndices, seededPerClassIndices } from '../views';

/** 8-bit images in memory, NHWC (channel fastest), with their labels. */
export interface RawImages {
  /** Where they came from, e.g. `fashion-mnist/train`. */
  readonly name: string;
  /** Pixels, `count × height × width × channels` bytes. */
  readonly pixels: Uint8Array;
  /** Number of images. */
  readonly count: number;
  /** Image height in pixels. */
  readonly height: number;
  /** Image width in pixels. */
  readonly width: number;
  /** Channels per pixel (1 grey, 3 RGB). */
  readonly channels: number;
  /** Class label of each image. */
  readonly labels: Int32Array;
  /** Number of classes. */
  readonly numClasses: number;
  /** Readable class names. */
  readonly classNames: readonly string[];
}

/** Which examples to keep: `perClass` of each class, the first ones or a seeded draw. */
export interface SubsetConfig {
  /** Examples kept per class. */
  readonly perClass: number;
  /** `first` (default): the first `perClass` of each class in file order; `seeded`: a random draw. */
  readonly pick?: 'first' | 'seeded';
}

/** How to turn {@link RawImages} into a dataset. */
export interface ImageConversionOptions {
  /** Keep only a class-balanced subset; default all images. */
  readonly subset?: SubsetConfig;
  /** The seed of a `seeded` subset. */
  readonly seed?: Seed;
  /** Per-channel stats, or `none` to scale pixels to [0, 1] only; default given by the reader. */
  readonly normalization?: NormalizationStats | 'none';
  /** Pad height and width to this size with black (value 0 before normalization), centred; default no padding. */
  readonly padTo?: number;
  /** Output channels: 1, or 3 to replicate a grey channel into RGB; default the images' own. */
  readonly channels?: number;
}

/**
 * Indices selected by a subset config.
 *
 * @param labels - the labels
 * @param numClasses - the number of classes
 * @param subset - the subset config
 * @param seed - the seed of a `seeded` pick
 * @param field - the option's path for error messages
 * @returns sorted indices
 * @throws ConfigError for a bad subset, or a class with fewer than `perClass` examples
 */
export function subsetSelection(labels: Int32Array, numClasses: number, subset: SubsetConfig, seed: Seed | undefined, field = 'subset'): Int32Array {
  objectOf(subset, field, '{ perClass, pick? }');
  const pick = checkOneOf(`${field}.pick`, subset.pick ?? 'first', ['first', 'seeded'] as const);
  if (pick === 'first') return firstPerClassIndices(labels, numClasses, subset.perClass, `${field}.perClass`);
  if (seed === undefined) throw new ConfigError('seed', seed, `a seed for ${field}.pick = "seeded"`);
  return seededPerClassIndices(labels, numClasses, subset.perClass, checkSeed('seed', seed), `${field}.perClass`);
}

function checkRawImages(images: RawImages): void {
  const i = objectOf(images, 'images', 'raw images { name, pixels, count, height, width, channels, labels, numClasses, classNames }');
  const count = checkInteger('images.count', i['count'], { min: 0 });
  const pixelsPerImage = checkInteger('images.height', i['height'], { min: 1 }) * checkInteger('images.width', i['width'], { min: 1 }) * checkInteger('images.channels', i['channels'], { min: 1 });
  checkInteger('images.numClasses', i['numClasses'], { min: 1 });
  if (!(i['pixels'] instanceof Uint8Array) || i['pixels'].length !== count * pixelsPerImage) {
    throw new ConfigError('images.pixels', i['pixels'], `a Uint8Array of count × height × width × channels = ${count * pixelsPerImage} bytes`);
  }
  if (!(i['labels'] instanceof Int32Array) || i['labels'].length !== count) throw new ConfigError('images.labels', i['labels'], `an Int32Array of ${count} labels`);
}

/**
 * Converts 8-bit images to a normalized dataset tagged `clean`.
 *
 * @param images - the images
 * @param options - subset, normalization, padding and channels
 * @returns the dataset, features NHWC float32
 * @throws ConfigError for bad images or a bad option
 */
export function imagesToDataset(images: RawImages, options: ImageConversionOptions = {}): LabeledDataset {
  checkRawImages(images);
  optionsOf('options', options, '{ subset?, seed?, normalization?, padTo?, channels? }');
  const { height, width } = images;
  const size = options.padTo === undefined ? Math.max(height, width) : checkInteger('padTo', options.padTo, { min: Math.max(height, width) });
  const outHeight = options.padTo === undefined ? height : size;
  const outWidth = options.padTo === undefined ? width : size;
  const channels = options.channels ?? images.channels;
  if (channels !== images.channels && !(images.channels === 1 && channels === 3)) {
    throw new ConfigError('channels', channels, images.channels === 1 ? '1 or 3 (grey replicated into RGB)' : `${images.channels}`);
  }
  const stats = checkNormalization('normalization', options.normalization === 'none' || options.normalization === undefined ? UNIT_SCALE : options.normalization, channels);
  const indices =
    options.subset === undefined
      ? Int32Array.from({ length: images.count }, (_, i) => i)
      : subsetSelection(images.labels, images.numClasses, options.subset, options.seed);

  const top = Math.floor((outHeight - height) / 2);
  const left = Math.floor((outWidth - width) / 2);
  const inSize = height * width * images.channels;
  const outSize = outHeight * outWidth * channels;
  const bytes = new Uint8Array(indices.length * outSize);
  indices.forEach((index, k) => {
    const src = images.pixels.subarray(index * inSize, (index + 1) * inSize);
    const dst = bytes.subarray(k * outSize, (k + 1) * outSize);
    if (outSize === inSize) {
      dst.set(src);
      return;
    }
    for (let r = 0; r < height; r++) {
      for (let c = 0; c < width; c++) {
        const from = (r * width + c) * images.channels;
        const to = ((top + r) * outWidth + left + c) * channels;
        for (let ch = 0; ch < channels; ch++) dst[to + ch] = src[from + (images.channels === 1 ? 0 : ch)]!;
      }
    }
  });
  return createDataset({
    name: images.name,
    features: normalizeBytes(bytes, channels, stats),
    exampleShape: [outHeight, outWidth, channels],
    labels: Int32Array.from(indices, (i) => images.labels[i]!),
    numClasses: images.numClasses,
    classNames: images.classNames,
  });
}
