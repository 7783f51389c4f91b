/**
 * Fetching CIFAR-10: download the official archive, verify its MD5, unpack it, and move the
 * batches folder into place with one rename. Everything happens in a temporary folder inside the
 * target directory, removed on success and on every failure, so the directory never holds a
 * half-written dataset.
 */
import { createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { DataError, IoError, checkInteger } from '@lrlab/core';
import { checkString, objectOf } from '../checks';
import type { LabeledDataset } from '../dataset';
import { downloadFile, type ProgressCallback } from '../fetch/http-download';
import { extractTar } from '../fetch/ustar';
import type { ImageConversionOptions } from '../images/raw-images';
import {
  CIFAR10_FOLDER,
  CIFAR10_MD5,
  CIFAR10_RECORDS_PER_FILE,
  CIFAR10_URL,
  checkCifar10Folder,
  cifar10Hint,
  hasCifar10Batches,
  readCifar10,
} from './read';

/** Options of {@link downloadCifar10}. */
export interface Cifar10DownloadOptions {
  /** The dataset folder; the batches end up in `<dir>/cifar-10-batches-bin`. */
  readonly dir: string;
  /** The archive's URL; default {@link CIFAR10_URL}. */
  readonly url?: string;
  /** The archive's expected MD5 (hex); default {@link CIFAR10_MD5}. */
  readonly md5?: string;
  /** Progress callback: bytes so far and the total when known. */
  readonly onProgress?: ProgressCallback;
  /** Records expected per extracted file; default 10,000 (the official release). */
  readonly recordsPerFile?: number;
  /** Give up when no byte arrives for this long; default 60,000 ms. */
  readonly idleTimeoutMs?: number;
}

/**
 * Makes sure `<dir>/cifar-10-batches-bin` holds the complete binary release, downloading it when
 * it is absent.
 *
 * Steps: make a temporary folder `<dir>/.cifar-10-download-*`; download the archive into it while
 * hashing; compare the MD5; gunzip; unpack with the built-in tar reader; check every batch file's
 * size; rename the batches folder into place; remove the temporary folder (also on failure).
 *
 * @param options - folder, URL, checksum, progress callback
 * @returns the batches folder
 * @throws IoError when the download or a write fails; DataError for a checksum mismatch, a corrupt
 *   archive, an archive without the expected files, or an existing but incomplete batches folder
 * @example
 * ```ts
 * await downloadCifar10({ dir: 'data/cifar10', onProgress: (b, t) => console.log(b, t) });
 * ```
 */
export async function downloadCifar10(options: Cifar10DownloadOptions): Promise<string> {
  objectOf(options, 'options', '{ dir, url?, md5?, onProgress?, recordsPerFile?, idleTimeoutMs? }');
  const dir = checkString('dir', options.dir);
  const recordsPerFile = checkInteger('recordsPerFile', options.recordsPerFile ?? CIFAR10_RECORDS_PER_FILE, { min: 1 });
  const url = options.url ?? CIFAR10_URL;
  const expectedMd5 = (options.md5 ?? CIFAR10_MD5).toLowerCase();
  const target = join(dir, CIFAR10_FOLDER);
  if (existsSync(target)) {
    checkCifar10Folder(target, recordsPerFile, `Remove ${target} and load again with download: true, or put the complete release there.`);
    return target;
  }
  let staging: string;
  try {
    mkdirSync(dir, { recursive: true });
    staging = mkdtempSync(join(dir, '.cifar-10-download-'));
  } catch (cause) {
    throw new IoError('create', dir, 'Check that the folder can be created and written.', { cause });
  }
  try {
    const archive = join(staging, 'cifar-10-binary.tar.gz');
    const result = await downloadFile(url, archive, {
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.idleTimeoutMs ? { idleTimeoutMs: options.idleTimeoutMs } : {}),
    });
    if (result.md5 !== expectedMd5) {
      throw new DataError(
        result.url,
        `the downloaded archive (${result.bytes} bytes) has MD5 ${result.md5}, expected ${expectedMd5}; it is corrupt or not the CIFAR-10 binary release.`,
        `Try again; if it persists, check the URL or download the archive by hand. ${cifar10Hint(dir)}`,
      );
    }
    const tar = join(staging, 'cifar-10-binary.tar');
    await gunzipFile(archive, tar);
    rmSync(archive);
    const unpacked = join(staging, 'unpacked');
    extractTar(tar, unpacked);
    rmSync(tar);
    const batches = join(unpacked, CIFAR10_FOLDER);
    checkCifar10Folder(batches, recordsPerFile, `The archive from ${url} does not hold the CIFAR-10 binary release. ${cifar10Hint(dir)}`);
    try {
      renameSync(batches, target);
    } catch (cause) {
      throw new IoError('rename', `${batches} to ${target}`, 'Check that nothing else is writing the dataset folder, then try again.', { cause });
    }
    return target;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

async function gunzipFile(from: string, to: string): Promise<void> {
  try {
    await pipeline(createReadStream(from), createGunzip(), createWriteStream(to));
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? '';
    if (code.startsWith('Z_') || code === 'ERR_STREAM_PREMATURE_CLOSE') {
      throw new DataError(from, `could not be gunzipped (${(cause as Error).message}); the archive is corrupt.`, 'Download it again.', { cause });
    }
    throw new IoError('gunzip', from, 'Check free disk space and permissions.', { cause });
  }
}

/** Options of {@link loadCifar10}. */
export interface LoadCifar10Options extends ImageConversionOptions {
  /** The dataset folder (holding `cifar-10-batches-bin/`) or the batches folder itself. */
  readonly dir: string;
  /** Download the archive when the batches are absent; default false. */
  readonly download?: boolean;
  /** The archive's URL when downloading; default {@link CIFAR10_URL}. */
  readonly url?: string;
  /** The archive's MD5 when downloading; default {@link CIFAR10_MD5}. */
  readonly md5?: string;
  /** Download progress callback. */
  readonly onProgress?: ProgressCallback;
  /** Records expected per file; default 10,000. */
  readonly recordsPerFile?: number;
  /** Conversion options of the test split; default the training split's without its subset (the whole test set). */
  readonly test?: ImageConversionOptions;
}

/** Both splits of CIFAR-10. */
export interface Cifar10Splits {
  /** The 50,000 training images (or the chosen subset). */
  readonly train: LabeledDataset;
  /** The 10,000 test images. */
  readonly test: LabeledDataset;
}

/**
 * Loads both CIFAR-10 splits, downloading the release first when asked and absent.
 *
 * @param options - folder, download switch, URL, checksum, conversion options
 * @returns the training and test sets
 * @throws DataError naming the missing or bad file and how to get it; IoError for download failures
 */
export async function loadCifar10(options: LoadCifar10Options): Promise<Cifar10Splits> {
  objectOf(options, 'options', '{ dir, download?, url?, md5?, onProgress?, recordsPerFile?, test?, subset?, seed?, normalization? }');
  checkString('dir', options.dir);
  const { dir, download, url, md5, onProgress, recordsPerFile, test, ...conversion } = options;
  if (download && !hasCifar10Batches(dir)) {
    await downloadCifar10({
      dir,
      ...(url === undefined ? {} : { url }),
      ...(md5 === undefined ? {} : { md5 }),
      ...(onProgress === undefined ? {} : { onProgress }),
      ...(recordsPerFile === undefined ? {} : { recordsPerFile }),
    });
  }
  const read = recordsPerFile === undefined ? {} : { recordsPerFile };
  const { subset: _subset, seed: _seed, ...shared } = conversion;
  return {
    train: readCifar10({ ...conversion, ...read, dir, split: 'train' }),
    test: readCifar10({ ...(test ?? shared), ...read, dir, split: 'test' }),
  };
}
