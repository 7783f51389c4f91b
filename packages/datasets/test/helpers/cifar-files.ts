/** The CIFAR-10 fixture of `src/cifar10/fixture.ts` under the tests' names, and its pixel formula. */
export { cifar10FixtureBatch as cifarBatch, writeCifar10Fixture as writeCifarFolder } from '../../src';

/** The pixel byte a {@link cifarBatch} stores at (row, col, channel) of record r. */
export function cifarPixel(r: number, fileIndex: number, row: number, col: number, channel: number): number {
  const k = channel * 1024 + row * 32 + col;
  return (k * 7 + r * 13 + fileIndex * 31) % 256;
}
