/**
 * Fashion-MNIST and MNIST from their IDX files (`train-images-idx3-ubyte[.gz]`,
 * `train-labels-idx1-ubyte[.gz]`, `t10k-images-idx3-ubyte[.gz]`, `t10k-labels-idx1-ubyte[.gz]`):
 * 28×28 grey images, 10 classes, 60,000 training and 10,000 test images.
 */
import { DataError, checkOneOf } from '@lrlab/core';
import { checkSplit, checkString, objectOf } from '../checks';
import type { LabeledDataset } from '../dataset';
import { imagesToDataset, type ImageConversionOptions, type RawImages } from '../images/raw-images';
import { FASHION_MNIST_NORMALIZATION, MNIST_NORMALIZATION, type NormalizationStats } from '../transforms/normalize';
import { checkIdxFile, readIdxFile, type IdxFile, type IdxHeader } from './idx';

/** Where the Debian package `dataset-fashion-mnist` installs Fashion-MNIST. */
export const FASHION_MNIST_DEFAULT_DIR = '/usr/share/datasets/fashion-mnist';

/** Fashion-MNIST's class names, by label. */
export const FASHION_MNIST_CLASSES: readonly string[] = Object.freeze([
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
]);

/** The IDX datasets this reader knows. */
export type MnistLikeName = 'fashion-mnist' | 'mnist';

/** A data split. */
export type Split = 'train' | 'test';

interface MnistLikeSpec {
  readonly classNames: readonly string[];
  readonly normalization: NormalizationStats;
  readonly hint: (dir: string) => string;
}

const SPECS: Readonly<Record<MnistLikeName, MnistLikeSpec>> = {
  'fashion-mnist': {
    classNames: FASHION_MNIST_CLASSES,
    normalization: FASHION_MNIST_NORMALIZATION,
    hint: (dir) =>
      dir === FASHION_MNIST_DEFAULT_DIR
        ? 'Install Fashion-MNIST with `apt-get install dataset-fashion-mnist` (Debian/Ubuntu), or point data.dir in the config (--data-dir on the command line) at a folder holding the four IDX files of the official release.'
        : `Put the four IDX files of the official Fashion-MNIST release (gzipped or not) in ${dir}, or install them with \`apt-get install dataset-fashion-mnist\` and use the default dir ${FASHION_MNIST_DEFAULT_DIR}.`,
  },
  mnist: {
    classNames: Object.freeze(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']),
    normalization: MNIST_NORMALIZATION,
    hint: (dir) => `Put the four IDX files of the official MNIST release (gzipped or not) in ${dir}.`,
  },
};

const FILE_PREFIX: Readonly<Record<Split, string>> = { train: 'train', test: 't10k' };

/**
 * Reads one split's 8-bit images and labels.
 *
 * @param name - `fashion-mnist` or `mnist`
 * @param dir - the folder with the IDX files
 * @param split - `train` or `test`
 * @returns the images (28×28×1) and labels
 * @throws DataError for a missing, truncated or malformed file, or image and label files that disagree
 */
export function readMnistLikeImages(name: MnistLikeName, dir: string, split: Split): RawImages {
  checkArguments(name, dir, split);
  const spec = SPECS[name];
  const hint = spec.hint(dir);
  const images = readIdxFile(dir, `${FILE_PREFIX[split]}-images-idx3-ubyte`, hint);
  const labels = readIdxFile(dir, `${FILE_PREFIX[split]}-labels-idx1-ubyte`, hint);
  checkSplitFiles(images, labels, spec.classNames.length, hint);
  return {
    name: `${name}/${split}`,
    pixels: images.data,
    count: images.shape[0]!,
    height: images.shape[1]!,
    width: images.shape[2]!,
    channels: 1,
    labels: Int32Array.from(labels.data),
    numClasses: spec.classNames.length,
    classNames: spec.classNames,
  };
}

/** What {@link checkMnistLikeSplit} finds without reading the images. */
export interface MnistLikeSplitCheck {
  /** The images file's header: its path and shape `[count, rows, cols]`. */
  readonly images: IdxHeader;
  /** The labels (the small file, read whole). */
  readonly labels: Uint8Array;
}

/**
 * Checks one split's files as {@link readMnistLikeImages} would, reading the images file's
 * header and size only (the labels file, 1 byte per image, is read whole). The images must be
 * 28×28, the size of every MNIST-like release.
 *
 * @param name - `fashion-mnist` or `mnist`
 * @param dir - the folder with the IDX files
 * @param split - `train` or `test`
 * @returns the images' header and the labels
 * @throws DataError for a missing, truncated or malformed file, files that disagree, or images
 *   that are not 28×28
 */
export function checkMnistLikeSplit(name: MnistLikeName, dir: string, split: Split): MnistLikeSplitCheck {
  checkArguments(name, dir, split);
  const spec = SPECS[name];
  const hint = spec.hint(dir);
  const images = checkIdxFile(dir, `${FILE_PREFIX[split]}-images-idx3-ubyte`, hint);
  const labels = readIdxFile(dir, `${FILE_PREFIX[split]}-labels-idx1-ubyte`, hint);
  checkSplitFiles(images, labels, spec.classNames.length, hint);
  if (images.shape[1] !== MNIST_SIDE || images.shape[2] !== MNIST_SIDE) {
    throw new DataError(images.file, `holds ${images.shape[1]}×${images.shape[2]} images; expected ${MNIST_SIDE}×${MNIST_SIDE}.`, hint);
  }
  return { images, labels: labels.data };
}

/** The side of MNIST-like images, in pixels. */
export const MNIST_SIDE = 28;

function checkArguments(name: unknown, dir: unknown, split: unknown): void {
  checkOneOf('name', name, Object.keys(SPECS));
  checkString('dir', dir);
  checkSplit('split', split);
}

function checkSplitFiles(images: IdxHeader, labels: IdxFile, numClasses: number, hint: string): void {
  if (images.shape.length !== 3) {
    throw new DataError(images.file, `has shape [${images.shape.join(', ')}]; expected [count, rows, cols].`, hint);
  }
  if (labels.shape.length !== 1 || labels.shape[0] !== images.shape[0]) {
    throw new DataError(labels.file, `has shape [${labels.shape.join(', ')}]; expected [${images.shape[0]}], one label per image in ${images.file}.`, hint);
  }
  const bad = labels.data.findIndex((label) => label >= numClasses);
  if (bad >= 0) {
    throw new DataError(labels.file, `has label ${labels.data[bad]} at index ${bad}; expected labels in [0, ${numClasses}).`, hint);
  }
}

/** Options of {@link readFashionMnist} and {@link readMnist}. */
export interface MnistLikeOptions extends ImageConversionOptions {
  /** The folder with the IDX files; Fashion-MNIST defaults to {@link FASHION_MNIST_DEFAULT_DIR}. */
  readonly dir?: string;
  /** `train` (60,000 images) or `test` (10,000). */
  readonly split: Split;
}

/**
 * Reads a Fashion-MNIST split as a normalized dataset (default normalization
 * {@link FASHION_MNIST_NORMALIZATION}), 28×28×1 unless padded or replicated.
 *
 * @param options - folder, split, subset, normalization, padding and channels
 * @returns the dataset, every example tagged `clean`
 * @throws DataError naming the file and the install command when a file is missing or bad
 * @example
 * ```ts
 * const train = readFashionMnist({ split: 'train', subset: { perClass: 1000 } });
 * const padded = readFashionMnist({ split: 'test', padTo: 32, channels: 3 }); // 32×32×3
 * ```
 */
export function readFashionMnist(options: MnistLikeOptions): LabeledDataset {
  objectOf(options, 'options', '{ split, dir?, subset?, normalization?, padTo?, channels? }');
  return readMnistLike('fashion-mnist', options.dir ?? FASHION_MNIST_DEFAULT_DIR, options);
}

/**
 * Reads an MNIST split as a normalized dataset (default normalization {@link MNIST_NORMALIZATION}).
 *
 * @param options - folder (required), split, subset, normalization, padding and channels
 * @returns the dataset, every example tagged `clean`
 * @throws DataError naming the file when a file is missing or bad
 */
export function readMnist(options: MnistLikeOptions & { readonly dir: string }): LabeledDataset {
  objectOf(options, 'options', '{ dir, split, subset?, normalization?, padTo?, channels? }');
  return readMnistLike('mnist', options.dir, options);
}

function readMnistLike(name: MnistLikeName, dir: string, options: MnistLikeOptions): LabeledDataset {
  const images = readMnistLikeImages(name, dir, options.split);
  return imagesToDataset(images, { ...options, normalization: options.normalization ?? SPECS[name].normalization });
}
