import { mkdtempSync, rmSync, truncateSync, writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataError } from '@lrlab/core';
import { CIFAR10_NORMALIZATION, classCounts, readCifar10, readCifar10Images } from '../src';
import { cifarBatch, cifarPixel, writeCifarFolder } from './helpers/cifar-files';

const RECORDS = 20;

describe('readCifar10 on files in the official binary format', () => {
  let dir: string;
  let folder: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lrlab-cifar-'));
    folder = writeCifarFolder(dir, RECORDS);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads label-then-R,G,B-planes records into NHWC, five training files in order', () => {
    const images = readCifar10Images(dir, 'train', { recordsPerFile: RECORDS });
    expect(images.count).toBe(5 * RECORDS);
    expect([images.height, images.width, images.channels]).toEqual([32, 32, 3]);
    for (const [file, r] of [[0, 0], [2, 7], [4, 19]] as const) {
      const index = file * RECORDS + r;
      expect(images.labels[index]).toBe((r + file) % 10);
      for (const [row, col] of [[0, 0], [5, 31], [31, 12]] as const) {
        for (let ch = 0; ch < 3; ch++) {
          expect(images.pixels[index * 3072 + (row * 32 + col) * 3 + ch]).toBe(cifarPixel(r, file, row, col, ch));
        }
      }
    }
  });

  it('normalizes with the reference constants by default and reads the test split from test_batch.bin', () => {
    const test = readCifar10({ dir, split: 'test', recordsPerFile: RECORDS });
    expect(test.size).toBe(RECORDS);
    expect(test.exampleShape).toEqual([32, 32, 3]);
    expect(test.groupNames).toEqual(['clean']);
    const byte = cifarPixel(4, 5, 10, 11, 2); // test_batch.bin is the sixth file written
    expect(test.features[4 * 3072 + (10 * 32 + 11) * 3 + 2]).toBeCloseTo((byte / 255 - 113.9 / 255) / (66.7 / 255), 5);
    expect(CIFAR10_NORMALIZATION.mean[0]).toBeCloseTo(125.3 / 255, 15);
    // The batches folder itself works as dir too.
    expect(readCifar10({ dir: folder, split: 'test', recordsPerFile: RECORDS }).features).toEqual(test.features);
  });

  it('takes class-balanced subsets', () => {
    const sub = readCifar10({ dir, split: 'train', recordsPerFile: RECORDS, subset: { perClass: 3 } });
    expect(sub.size).toBe(30);
    expect(classCounts(sub.labels, 10)).toEqual(new Array(10).fill(3));
    const seeded = readCifar10({ dir, split: 'train', recordsPerFile: RECORDS, subset: { perClass: 3, pick: 'seeded' }, seed: 1 });
    expect(classCounts(seeded.labels, 10)).toEqual(new Array(10).fill(3));
  });

  it('names a missing file, what was expected and how to get it', () => {
    unlinkSync(join(folder, 'data_batch_3.bin'));
    expect(() => readCifar10({ dir, split: 'train', recordsPerFile: RECORDS })).toThrow(DataError);
    try {
      readCifar10({ dir, split: 'train', recordsPerFile: RECORDS });
    } catch (error) {
      expect((error as DataError).file).toBe(join(folder, 'data_batch_3.bin'));
      expect((error as Error).message).toMatch(/not found: expected a CIFAR-10 binary batch of 20 records of 3073 bytes/);
      expect((error as Error).message).toMatch(/cifar-10-binary\.tar\.gz.*download: true/);
    }
  });

  it('rejects truncated files, files of the wrong size and corrupt labels', () => {
    truncateSync(join(folder, 'test_batch.bin'), RECORDS * 3073 - 5);
    expect(() => readCifar10({ dir, split: 'test', recordsPerFile: RECORDS })).toThrow(/test_batch\.bin: is truncated: 61455 bytes, expected 61460/);
    // The official release has 10,000 records per file: a small file is not mistaken for it.
    expect(() => readCifar10({ dir, split: 'train' })).toThrow(/data_batch_1\.bin: is truncated: 61460 bytes, expected 30730000/);
    const bad = cifarBatch(RECORDS, 0);
    bad[3 * 3073] = 10;
    writeFileSync(join(folder, 'data_batch_1.bin'), bad);
    expect(() => readCifar10({ dir, split: 'train', recordsPerFile: RECORDS })).toThrow(/data_batch_1\.bin: record 3 has label 10/);
  });
});
