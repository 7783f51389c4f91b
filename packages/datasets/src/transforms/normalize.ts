/**
 * Per-channel normalization of images: x ↦ (x / 255 − mean_c) / std_c, with mean and std given in
 * [0, 1] units as torchvision's `Normalize` takes them.
 */
import { ConfigError, checkFinite, checkInteger, checkPositive } from '@lrlab/core';

/** Per-channel mean and standard deviation of pixel values scaled to [0, 1]. */
export interface NormalizationStats {
  /** Mean of each channel, in [0, 1] units. */
  readonly mean: readonly number[];
  /** Standard deviation of each channel, in [0, 1] units, each > 0. */
  readonly std: readonly number[];
}

/** CIFAR-10's constants from the reference code: mean (125.3, 123.0, 113.9)/255, std (63.0, 62.1, 66.7)/255. */
export const CIFAR10_NORMALIZATION: NormalizationStats = Object.freeze({
  mean: Object.freeze([125.3 / 255, 123.0 / 255, 113.9 / 255]),
  std: Object.freeze([63.0 / 255, 62.1 / 255, 66.7 / 255]),
});

/**
 * Fashion-MNIST's constants, measured here over the 60,000 training images of the Debian package
 * `dataset-fashion-mnist` (a test re-measures them): mean 0.28604, std 0.35302 (population std).
 */
export const FASHION_MNIST_NORMALIZATION: NormalizationStats = Object.freeze({
  mean: Object.freeze([0.28604]),
  std: Object.freeze([0.35302]),
});

/**
 * MNIST's customary constants (mean 0.1307, std 0.3081, as in PyTorch's MNIST example); MNIST is
 * not installed here, so these were not re-measured.
 */
export const MNIST_NORMALIZATION: NormalizationStats = Object.freeze({
  mean: Object.freeze([0.1307]),
  std: Object.freeze([0.3081]),
});

/** No normalization: pixels are only scaled to [0, 1]. */
export const UNIT_SCALE: NormalizationStats = Object.freeze({ mean: Object.freeze([0]), std: Object.freeze([1]) });

function checkPixels(field: string, value: unknown, type: typeof Uint8Array | typeof Float32Array, expected: string, length?: number): void {
  if (!(value instanceof type) || (length !== undefined && value.length !== length)) throw new ConfigError(field, value, expected);
}

/**
 * Checks normalization stats and widens one-channel stats to `channels` channels.
 *
 * @param field - the option's name for error messages
 * @param stats - the stats to check
 * @param channels - the images' channel count
 * @returns stats with exactly `channels` entries each
 * @throws ConfigError for lengths other than 1 or `channels`, non-finite means, or stds ≤ 0
 */
export function checkNormalization(field: string, stats: NormalizationStats, channels: number): NormalizationStats {
  const widen = (name: 'mean' | 'std'): number[] => {
    const values = stats?.[name];
    if (!Array.isArray(values) || (values.length !== 1 && values.length !== channels)) {
      throw new ConfigError(`${field}.${name}`, values, `an array of 1 or ${channels} numbers (one per channel)`);
    }
    const checked = values.map((v, c) => (name === 'std' ? checkPositive(`${field}.std[${c}]`, v) : checkFinite(`${field}.mean[${c}]`, v)));
    return checked.length === channels ? checked : new Array<number>(channels).fill(checked[0]!);
  };
  return { mean: widen('mean'), std: widen('std') };
}

/**
 * Writes normalized floats for interleaved 8-bit pixels (channel fastest, as in NHWC).
 *
 * @param pixels - 8-bit values, `channels` interleaved
 * @param channels - channels per pixel
 * @param stats - per-channel stats, 1 or `channels` entries each (see {@link checkNormalization})
 * @param out - where to write, `pixels.length` values; default a new array
 * @returns `out`
 * @throws ConfigError for pixels that are not a Uint8Array, bad stats, or an `out` of another length
 */
export function normalizeBytes(pixels: Uint8Array, channels: number, stats: NormalizationStats, out?: Float32Array): Float32Array {
  checkPixels('pixels', pixels, Uint8Array, 'a Uint8Array of 8-bit values');
  checkInteger('channels', channels, { min: 1 });
  const perChannel = checkNormalization('stats', stats, channels);
  if (out !== undefined) checkPixels('out', out, Float32Array, `a Float32Array of ${pixels.length} values`, pixels.length);
  return normalizeInto(pixels, channels, perChannel, out ?? new Float32Array(pixels.length));
}

function normalizeInto(pixels: Uint8Array, channels: number, stats: NormalizationStats, out: Float32Array): Float32Array {
  // One lookup table per channel: 256 entries instead of a divide and a subtract per pixel.
  const tables = stats.mean.map((mean, c) => Float32Array.from({ length: 256 }, (_, v) => (v / 255 - mean) / stats.std[c]!));
  for (let c = 0; c < channels; c++) {
    const table = tables[c]!;
    for (let i = c; i < pixels.length; i += channels) out[i] = table[pixels[i]!]!;
  }
  return out;
}

/**
 * Maps normalized values back to 8-bit pixels for display, clamping to [0, 255]; the inverse of
 * {@link normalizeBytes} up to rounding.
 *
 * @param values - normalized values, `channels` interleaved
 * @param channels - channels per pixel
 * @param stats - the stats they were normalized with
 * @returns 8-bit pixels
 */
export function denormalizeToBytes(values: Float32Array, channels: number, stats: NormalizationStats): Uint8Array {
  checkPixels('values', values, Float32Array, 'a Float32Array');
  checkInteger('channels', channels, { min: 1 });
  const { mean, std } = checkNormalization('stats', stats, channels);
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const c = i % channels;
    const v = (values[i]! * std[c]! + mean[c]!) * 255;
    out[i] = Math.min(255, Math.max(0, Math.round(v)));
  }
  return out;
}

/**
 * Measures per-channel mean and (population) standard deviation of 8-bit pixels, in [0, 1] units:
 * how {@link FASHION_MNIST_NORMALIZATION} was obtained.
 *
 * @param pixels - 8-bit values, `channels` interleaved
 * @param channels - channels per pixel
 * @returns the stats
 */
export function measureNormalization(pixels: Uint8Array, channels: number): NormalizationStats {
  checkPixels('pixels', pixels, Uint8Array, 'a Uint8Array of 8-bit values');
  checkInteger('channels', channels, { min: 1 });
  const histogram = Array.from({ length: channels }, () => new Float64Array(256));
  for (let i = 0; i < pixels.length; i++) histogram[i % channels]![pixels[i]!]! += 1;
  const mean: number[] = [];
  const std: number[] = [];
  for (const counts of histogram) {
    let n = 0;
    let sum = 0;
    let sq = 0;
    counts.forEach((count, v) => {
      n += count;
      sum += count * (v / 255);
      sq += count * (v / 255) ** 2;
    });
    const m = sum / n;
    mean.push(m);
    std.push(Math.sqrt(Math.max(0, sq / n - m * m)));
  }
  return { mean, std };
}
