import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CIFAR10_FILES, CIFAR10_RECORD_BYTES } from '../../src';

/** Bytes of one CIFAR-10 batch: record r has label (r + fileIndex) % 10 and pixel bytes from a formula. */
export function cifarBatch(records: number, fileIndex: number): Uint8Array {
  const bytes = new Uint8Array(records * CIFAR10_RECORD_BYTES);
  for (let r = 0; r < records; r++) {
    const at = r * CIFAR10_RECORD_BYTES;
    bytes[at] = (r + fileIndex) % 10;
    for (let k = 0; k < 3072; k++) bytes[at + 1 + k] = (k * 7 + r * 13 + fileIndex * 31) % 256;
  }
  return bytes;
}

/** The pixel byte a {@link cifarBatch} stores at (row, col, channel) of record r. */
export function cifarPixel(r: number, fileIndex: number, row: number, col: number, channel: number): number {
  const k = channel * 1024 + row * 32 + col;
  return (k * 7 + r * 13 + fileIndex * 31) % 256;
}

/** Writes all six batch files under `<dir>/cifar-10-batches-bin`, `records` each. */
export function writeCifarFolder(dir: string, records: number): string {
  const folder = join(dir, 'cifar-10-batches-bin');
  mkdirSync(folder, { recursive: true });
  [...CIFAR10_FILES.train, ...CIFAR10_FILES.test].forEach((name, f) => writeFileSync(join(folder, name), cifarBatch(records, f)));
  return folder;
}
