import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** The bytes of an IDX ubyte array of the given shape. */
export function idxBytes(shape: readonly number[], data: Uint8Array): Uint8Array {
  const header = new Uint8Array(4 + 4 * shape.length);
  header[2] = 0x08;
  header[3] = shape.length;
  const view = new DataView(header.buffer);
  shape.forEach((dim, i) => view.setUint32(4 + 4 * i, dim, false));
  const out = new Uint8Array(header.length + data.length);
  out.set(header);
  out.set(data, header.length);
  return out;
}

/**
 * Writes the four IDX files of a small MNIST-like release: `train` and `test` 28×28 images with
 * labels 0..9 in turn and pixel k of image i = (13k + 7i) mod 256; images gzipped, labels plain.
 *
 * @returns the folder
 */
export function writeIdxFolder(dir: string, sizes: { train: number; test: number } = { train: 60, test: 30 }): string {
  mkdirSync(dir, { recursive: true });
  for (const [prefix, count] of [['train', sizes.train], ['t10k', sizes.test]] as const) {
    const pixels = Uint8Array.from({ length: count * 784 }, (_, k) => (13 * (k % 784) + 7 * Math.floor(k / 784)) % 256);
    const labels = Uint8Array.from({ length: count }, (_, i) => i % 10);
    writeFileSync(join(dir, `${prefix}-images-idx3-ubyte.gz`), gzipSync(idxBytes([count, 28, 28], pixels)));
    writeFileSync(join(dir, `${prefix}-labels-idx1-ubyte`), idxBytes([count], labels));
  }
  return dir;
}
