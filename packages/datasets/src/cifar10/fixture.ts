/**
 * Small files in the CIFAR-10 binary format, for trying the CIFAR-10 presets (and testing code
 * that reads them) where the real release cannot be downloaded. The pixels are a fixed formula,
 * not images: a fixture checks that a pipeline runs, not what it learns.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkInteger } from '@lrlab/core';
import { checkString } from '../checks';
import { CIFAR10_FILES, CIFAR10_RECORD_BYTES } from './read';

/**
 * The bytes of one fixture batch file: record r has label (r + fileIndex) mod 10 (so every class
 * appears equally often) and pixel byte k = (7k + 13r + 31·fileIndex) mod 256.
 *
 * @param records - records in the file
 * @param fileIndex - the file's position among the six (data_batch_1..5, test_batch)
 * @returns the file's bytes
 */
export function cifar10FixtureBatch(records: number, fileIndex: number): Uint8Array {
  checkInteger('records', records, { min: 1 });
  const bytes = new Uint8Array(records * CIFAR10_RECORD_BYTES);
  for (let r = 0; r < records; r++) {
    const at = r * CIFAR10_RECORD_BYTES;
    bytes[at] = (r + fileIndex) % 10;
    for (let k = 0; k < CIFAR10_RECORD_BYTES - 1; k++) bytes[at + 1 + k] = (k * 7 + r * 13 + fileIndex * 31) % 256;
  }
  return bytes;
}

/**
 * Writes the six batch files of a CIFAR-10 fixture under `<dir>/cifar-10-batches-bin`. Read it
 * with the data config `{ kind: 'cifar10', dir, recordsPerFile }`.
 *
 * @param dir - the data folder (what `--data-dir` names)
 * @param recordsPerFile - records in each file (the real release has 10 000)
 * @returns the `cifar-10-batches-bin` folder
 * @example
 * ```ts
 * writeCifar10Fixture('/tmp/cifar-fixture', 40); // 200 training and 40 test images
 * ```
 */
export function writeCifar10Fixture(dir: string, recordsPerFile: number): string {
  checkString('dir', dir);
  checkInteger('recordsPerFile', recordsPerFile, { min: 1 });
  const folder = join(dir, 'cifar-10-batches-bin');
  mkdirSync(folder, { recursive: true });
  [...CIFAR10_FILES.train, ...CIFAR10_FILES.test].forEach((name, f) => writeFileSync(join(folder, name), cifar10FixtureBatch(recordsPerFile, f)));
  return folder;
}
