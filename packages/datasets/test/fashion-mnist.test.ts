import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DataError } from '@lrlab/core';
import {
  FASHION_MNIST_DEFAULT_DIR,
  FASHION_MNIST_NORMALIZATION,
  classCounts,
  measureNormalization,
  parseIdx,
  readFashionMnist,
  readMnist,
  readMnistLikeImages,
} from '../src';

const INSTALL = 'apt-get install dataset-fashion-mnist';

/** Never skip: without the Debian package this suite fails and says how to install it. */
function requireDebianFiles(): void {
  const proof = join(FASHION_MNIST_DEFAULT_DIR, 'train-images-idx3-ubyte.gz');
  if (!existsSync(proof)) {
    throw new Error(`Fashion-MNIST is not installed (${proof} is missing). Install it with \`${INSTALL}\` and re-run the tests.`);
  }
}

describe('Fashion-MNIST from the Debian package', () => {
  beforeAll(requireDebianFiles);

  it('reads 60,000 training images, 6,000 per class, 28×28×1, pixels in [0, 1] when not normalized', () => {
    const train = readFashionMnist({ split: 'train', normalization: 'none' });
    expect(train.size).toBe(60000);
    expect(train.exampleShape).toEqual([28, 28, 1]);
    expect(classCounts(train.labels, 10)).toEqual(new Array(10).fill(6000));
    let min = Infinity;
    let max = -Infinity;
    for (const v of train.features) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    expect([min, max]).toEqual([0, 1]);
    expect(train.classNames?.[9]).toBe('Ankle boot');
  });

  it('reads 10,000 test images, 1,000 per class, normalized by default', () => {
    const test = readFashionMnist({ split: 'test' });
    expect(test.size).toBe(10000);
    expect(classCounts(test.labels, 10)).toEqual(new Array(10).fill(1000));
    const { mean, std } = FASHION_MNIST_NORMALIZATION;
    const black = (0 - mean[0]!) / std[0]!;
    const white = (1 - mean[0]!) / std[0]!;
    let min = Infinity;
    let max = -Infinity;
    for (const v of test.features) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    expect(min).toBeCloseTo(black, 5);
    expect(max).toBeCloseTo(white, 5);
  });

  it('has the normalization constants measured over the training set', () => {
    const images = readMnistLikeImages('fashion-mnist', FASHION_MNIST_DEFAULT_DIR, 'train');
    const measured = measureNormalization(images.pixels, 1);
    expect(Math.abs(measured.mean[0]! - FASHION_MNIST_NORMALIZATION.mean[0]!)).toBeLessThan(1e-5);
    expect(Math.abs(measured.std[0]! - FASHION_MNIST_NORMALIZATION.std[0]!)).toBeLessThan(1e-5);
  });

  it('takes subsets and pads to 32×32 with black, replicating the grey channel into RGB', () => {
    const plain = readFashionMnist({ split: 'test', subset: { perClass: 3 } });
    const padded = readFashionMnist({ split: 'test', subset: { perClass: 3 }, padTo: 32, channels: 3 });
    expect(plain.size).toBe(30);
    expect(classCounts(plain.labels, 10)).toEqual(new Array(10).fill(3));
    expect(padded.exampleShape).toEqual([32, 32, 3]);
    expect(padded.labels).toEqual(plain.labels);
    const black = Math.fround((0 - FASHION_MNIST_NORMALIZATION.mean[0]!) / FASHION_MNIST_NORMALIZATION.std[0]!);
    let mismatches = 0;
    for (let i = 0; i < padded.size; i++) {
      for (let r = 0; r < 32; r++) {
        for (let c = 0; c < 32; c++) {
          const inside = r >= 2 && r < 30 && c >= 2 && c < 30;
          const want = inside ? plain.features[i * 784 + (r - 2) * 28 + (c - 2)]! : black;
          for (let k = 0; k < 3; k++) if (padded.features[i * 3072 + (r * 32 + c) * 3 + k] !== want) mismatches++;
        }
      }
    }
    expect(mismatches).toBe(0);
    const seeded = readFashionMnist({ split: 'test', subset: { perClass: 3, pick: 'seeded' }, seed: 4 });
    expect(classCounts(seeded.labels, 10)).toEqual(new Array(10).fill(3));
    expect(seeded.features).not.toEqual(plain.features);
    expect(readFashionMnist({ split: 'test', subset: { perClass: 3, pick: 'seeded' }, seed: 4 }).features).toEqual(seeded.features);
  });
});

/** An IDX ubyte file: magic, big-endian dims, data. */
function idx(shape: number[], data: Uint8Array): Buffer {
  const header = Buffer.alloc(4 + 4 * shape.length);
  header[2] = 0x08;
  header[3] = shape.length;
  shape.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, data]);
}

describe('IDX files written in the test', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lrlab-idx-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** 4 training and 2 test images of 28×28: image i has every pixel = 10·i; label = i. */
  function writeSplit(prefix: string, count: number, gz: boolean): void {
    const pixels = new Uint8Array(count * 784);
    for (let i = 0; i < count; i++) pixels.fill(10 * i, i * 784, (i + 1) * 784);
    const write = (name: string, bytes: Buffer): void => writeFileSync(join(dir, gz ? `${name}.gz` : name), gz ? gzipSync(bytes) : bytes);
    write(`${prefix}-images-idx3-ubyte`, idx([count, 28, 28], pixels));
    write(`${prefix}-labels-idx1-ubyte`, idx([count], Uint8Array.from({ length: count }, (_, i) => i)));
  }

  it('reads gzipped and plain files alike', () => {
    writeSplit('train', 4, true);
    writeSplit('t10k', 2, false);
    const train = readMnist({ dir, split: 'train', normalization: 'none' });
    const test = readMnist({ dir, split: 'test', normalization: { mean: [0.5], std: [0.25] } });
    expect(train.size).toBe(4);
    expect(Array.from(train.labels)).toEqual([0, 1, 2, 3]);
    expect(train.features[3 * 784 + 100]).toBeCloseTo(30 / 255, 7);
    expect(test.features[784]).toBeCloseTo((10 / 255 - 0.5) / 0.25, 6);
  });

  it('names the missing file and how to get it', () => {
    try {
      readFashionMnist({ dir, split: 'train' });
      throw new Error('expected a DataError');
    } catch (error) {
      expect(error).toBeInstanceOf(DataError);
      expect((error as DataError).file).toBe(join(dir, 'train-images-idx3-ubyte.gz'));
      expect((error as Error).message).toContain(INSTALL);
    }
  });

  it('rejects truncated, trailing, mislabelled, mismatched and non-IDX files with a DataError naming the file', () => {
    const file = join(dir, 'x');
    const full = idx([2, 28, 28], new Uint8Array(2 * 784));
    expect(() => parseIdx(full.subarray(0, full.length - 1), file, 'hint')).toThrow(/x: is truncated.*\[2, 28, 28\]/);
    expect(() => parseIdx(Buffer.concat([full, Buffer.of(0)]), file, 'hint')).toThrow(/trailing bytes/);
    expect(() => parseIdx(Buffer.from('hello world'), file, 'hint')).toThrow(/not an IDX file/);
    expect(() => parseIdx(gzipSync(full).subarray(0, 40), file, 'hint')).toThrow(/not a valid gzip file/);
    expect(() => parseIdx(Buffer.of(0, 0, 0x0d, 1, 0, 0, 0, 0), file, 'hint')).toThrow(/type 0x0d/);

    writeSplit('train', 4, false);
    writeFileSync(join(dir, 'train-labels-idx1-ubyte'), idx([3], Uint8Array.of(0, 1, 2)));
    expect(() => readMnist({ dir, split: 'train' })).toThrow(DataError);
    expect(() => readMnist({ dir, split: 'train' })).toThrow(/train-labels-idx1-ubyte: has shape \[3\]; expected \[4\]/);
    writeFileSync(join(dir, 'train-labels-idx1-ubyte'), idx([4], Uint8Array.of(0, 1, 2, 10)));
    expect(() => readMnist({ dir, split: 'train' })).toThrow(/label 10 at index 3/);
  });
});
