/**
 * CIFAR-10's official binary release (`cifar-10-batches-bin/`): `data_batch_1.bin` …
 * `data_batch_5.bin` (training) and `test_batch.bin`, each 10,000 records of 3073 bytes — one label
 * byte, then the 32×32 red, green and blue planes, row-major. Read into NHWC.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DataError, IoError, checkInteger } from '@lrlab/core';
import { checkSplit, checkString, objectOf, optionsOf } from '../checks';
import type { LabeledDataset } from '../dataset';
import { imagesToDataset, type ImageConversionOptions, type RawImages } from '../images/raw-images';
import type { Split } from '../idx/mnist-like';
import { CIFAR10_NORMALIZATION } from '../transforms/normalize';

/** CIFAR-10's class names, by label. */
export const CIFAR10_CLASSES: readonly string[] = Object.freeze([
  'airplane',
  'automobile',
  'bird',
  'cat',
  'deer',
  'dog',
  'frog',
  'horse',
  'ship',
  'truck',
]);

/** The folder the official archive extracts to. */
export const CIFAR10_FOLDER = 'cifar-10-batches-bin';

/** The binary files of each split. */
export const CIFAR10_FILES: Readonly<Record<Split, readonly string[]>> = Object.freeze({
  train: Object.freeze(['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin']),
  test: Object.freeze(['test_batch.bin']),
});

/** Bytes per record: 1 label byte + 3 × 32 × 32 pixel bytes. */
export const CIFAR10_RECORD_BYTES = 3073;

/** Records in each file of the official release. */
export const CIFAR10_RECORDS_PER_FILE = 10000;

/** The official archive's URL. */
export const CIFAR10_URL = 'https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz';

/** The MD5 checksum of the official archive. */
export const CIFAR10_MD5 = 'c32a1d4ab5d03f1284b67883e8d87530';

const SIDE = 32;
const PLANE = SIDE * SIDE;

/**
 * How to get the data, for error messages.
 *
 * @param dir - the folder the user gave
 * @returns a hint naming the archive and where to put it
 */
export function cifar10Hint(dir: string): string {
  checkString('dir', dir);
  return (
    `Download ${CIFAR10_URL} (md5 ${CIFAR10_MD5}) and extract it into ${dir} so that ` +
    `${join(dir, CIFAR10_FOLDER, CIFAR10_FILES.train[0]!)} exists, or load it with download: true.`
  );
}

/**
 * The folder holding the .bin files: `<dir>/cifar-10-batches-bin` when it exists, else `dir` itself.
 *
 * @param dir - the dataset folder or the batches folder
 * @returns the batches folder
 */
export function cifar10BatchesFolder(dir: string): string {
  checkString('dir', dir);
  const nested = join(dir, CIFAR10_FOLDER);
  return existsSync(nested) ? nested : dir;
}

/**
 * Whether a folder holds the batches, nested (`<dir>/cifar-10-batches-bin`) or not; without them
 * a `download: true` load fetches the release.
 *
 * @param dir - the dataset folder or the batches folder
 * @returns true when the first training batch's folder or file is there
 */
export function hasCifar10Batches(dir: string): boolean {
  checkString('dir', dir);
  return existsSync(join(dir, CIFAR10_FOLDER)) || existsSync(join(dir, CIFAR10_FILES.train[0]!));
}

function checkFile(file: string, recordsPerFile: number, hint: string): void {
  if (!existsSync(file)) {
    throw new DataError(file, `not found: expected a CIFAR-10 binary batch of ${recordsPerFile} records of ${CIFAR10_RECORD_BYTES} bytes.`, hint);
  }
  const bytes = statSync(file).size;
  const expected = recordsPerFile * CIFAR10_RECORD_BYTES;
  if (bytes !== expected) {
    const what = bytes < expected ? 'is truncated' : 'is too long';
    throw new DataError(file, `${what}: ${bytes} bytes, expected ${expected} (${recordsPerFile} records of ${CIFAR10_RECORD_BYTES} bytes).`, hint);
  }
}

/**
 * Checks that a batches folder holds every file of both splits with the expected size.
 *
 * @param folder - the batches folder
 * @param recordsPerFile - records expected per file; default 10,000 (the official release)
 * @param hint - how to get good data, for error messages
 * @throws DataError naming the first missing or wrongly sized file
 */
export function checkCifar10Folder(folder: string, recordsPerFile = CIFAR10_RECORDS_PER_FILE, hint?: string): void {
  checkString('folder', folder);
  checkInteger('recordsPerFile', recordsPerFile, { min: 1 });
  if (hint !== undefined) checkString('hint', hint);
  for (const file of [...CIFAR10_FILES.train, ...CIFAR10_FILES.test]) checkFile(join(folder, file), recordsPerFile, hint ?? cifar10Hint(folder));
}

/** Options of {@link readCifar10Images}. */
export interface Cifar10ReadOptions {
  /** Records expected per file; default 10,000 (the official release). Smaller files in the same format need it. */
  readonly recordsPerFile?: number;
}

/**
 * Reads one split's 8-bit images and labels.
 *
 * @param dir - the dataset folder (holding `cifar-10-batches-bin/`) or the batches folder itself
 * @param split - `train` (5 files) or `test` (1 file)
 * @param options - the expected records per file
 * @returns 32×32×3 images and labels
 * @throws DataError naming the file for a missing or wrongly sized file or a label outside 0..9
 */
export function readCifar10Images(dir: string, split: Split, options: Cifar10ReadOptions = {}): RawImages {
  checkString('dir', dir);
  checkSplit('split', split);
  const recordsPerFile = checkInteger('recordsPerFile', optionsOf('options', options, '{ recordsPerFile? }')['recordsPerFile'] ?? CIFAR10_RECORDS_PER_FILE, { min: 1 });
  const folder = cifar10BatchesFolder(dir);
  const hint = cifar10Hint(dir);
  const files = CIFAR10_FILES[split].map((name) => join(folder, name));
  files.forEach((file) => checkFile(file, recordsPerFile, hint));
  const count = files.length * recordsPerFile;
  const pixels = new Uint8Array(count * PLANE * 3);
  const labels = new Int32Array(count);
  files.forEach((file, f) => {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(file);
    } catch (cause) {
      throw new IoError('read', file, 'Check that the file is readable.', { cause });
    }
    if (bytes.length !== recordsPerFile * CIFAR10_RECORD_BYTES) {
      throw new DataError(file, `changed while being read (${bytes.length} bytes).`, hint);
    }
    for (let r = 0; r < recordsPerFile; r++) {
      const record = r * CIFAR10_RECORD_BYTES;
      const label = bytes[record]!;
      if (label >= CIFAR10_CLASSES.length) {
        throw new DataError(file, `record ${r} has label ${label}; expected 0..9. The file is corrupt or not a CIFAR-10 batch.`, hint);
      }
      const index = f * recordsPerFile + r;
      labels[index] = label;
      // Planes R, G, B → interleaved HWC.
      const out = index * PLANE * 3;
      for (let p = 0; p < PLANE; p++) {
        pixels[out + 3 * p] = bytes[record + 1 + p]!;
        pixels[out + 3 * p + 1] = bytes[record + 1 + PLANE + p]!;
        pixels[out + 3 * p + 2] = bytes[record + 1 + 2 * PLANE + p]!;
      }
    }
  });
  return {
    name: `cifar10/${split}`,
    pixels,
    count,
    height: SIDE,
    width: SIDE,
    channels: 3,
    labels,
    numClasses: CIFAR10_CLASSES.length,
    classNames: CIFAR10_CLASSES,
  };
}

/** Options of {@link readCifar10}. */
export interface Cifar10Options extends ImageConversionOptions, Cifar10ReadOptions {
  /** The dataset folder (holding `cifar-10-batches-bin/`) or the batches folder itself. */
  readonly dir: string;
  /** `train` (50,000 images) or `test` (10,000). */
  readonly split: Split;
}

/**
 * Reads a CIFAR-10 split as a normalized dataset (default normalization {@link CIFAR10_NORMALIZATION}).
 *
 * @param options - folder, split, subset, normalization and the expected records per file
 * @returns the dataset, 32×32×3, every example tagged `clean`
 * @throws DataError naming the file, what was expected and how to get it
 * @example
 * ```ts
 * const test = readCifar10({ dir: '/data/cifar10', split: 'test' });
 * ```
 */
export function readCifar10(options: Cifar10Options): LabeledDataset {
  objectOf(options, 'options', '{ dir, split, recordsPerFile?, subset?, normalization? }');
  const images = readCifar10Images(options.dir, options.split, options);
  return imagesToDataset(images, { ...options, normalization: options.normalization ?? CIFAR10_NORMALIZATION });
}
