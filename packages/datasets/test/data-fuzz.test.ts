/**
 * Data fuzzing: random, truncated and mislabelled bytes in place of IDX and CIFAR-10 files. Every
 * case is read or rejected with a `DataError` naming the file — never another exception.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DataError, Prng } from '@lrlab/core';
import { parseIdx, readCifar10Images } from '../src';
import { cifarBatch, writeCifarFolder } from './helpers/cifar-files';

function bytes(rng: Prng, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = Math.floor(rng.nextFloat() * 256);
  return out;
}

/** Random IDX-like inputs: pure noise, a valid magic with random dims and body, truncations, gzip. */
function idxCase(rng: Prng, i: number): Uint8Array {
  const kind = i % 4;
  if (kind === 0) return bytes(rng, Math.floor(rng.nextFloat() * 64));
  const rank = 1 + Math.floor(rng.nextFloat() * 3);
  const header = new Uint8Array(4 + 4 * rank);
  header[2] = rng.nextFloat() < 0.8 ? 0x08 : Math.floor(rng.nextFloat() * 256);
  header[3] = rank;
  const view = new DataView(header.buffer);
  let size = 1;
  for (let d = 0; d < rank; d++) {
    const dim = Math.floor(rng.nextFloat() * 6);
    view.setUint32(4 + 4 * d, dim, false);
    size *= dim;
  }
  const body = bytes(rng, Math.max(0, size + Math.floor(rng.nextFloat() * 5) - 2));
  const whole = new Uint8Array(header.length + body.length);
  whole.set(header);
  whole.set(body, header.length);
  if (kind === 2) return whole.subarray(0, Math.floor(rng.nextFloat() * whole.length));
  if (kind === 3) {
    const zipped = gzipSync(whole);
    return rng.nextFloat() < 0.5 ? zipped : zipped.subarray(0, Math.floor(rng.nextFloat() * zipped.length));
  }
  return whole;
}

describe('data fuzzing', () => {
  it('400 random IDX inputs: each parsed consistently or rejected with a DataError naming the file', () => {
    const rng = Prng.fromSeed(99);
    let rejected = 0;
    for (let i = 0; i < 400; i++) {
      const name = `fuzz/case-${i}.idx`;
      try {
        const parsed = parseIdx(idxCase(rng, i), name, 'test hint');
        expect(parsed.data.length).toBe(parsed.shape.reduce((a, b) => a * b, 1));
      } catch (error) {
        if (!(error instanceof DataError)) throw new Error(`case ${i}: untyped ${String(error)}`);
        expect(error.file).toBe(name);
        rejected++;
      }
    }
    expect(rejected).toBeGreaterThan(200);
  });

  it('60 damaged CIFAR-10 test files (random bytes, truncations, bad labels): DataError naming test_batch.bin', () => {
    const rng = Prng.fromSeed(5);
    const dir = mkdtempSync(join(tmpdir(), 'lrlab-cifar-fuzz-'));
    try {
      const folder = writeCifarFolder(dir, 2);
      const file = join(folder, 'test_batch.bin');
      for (let i = 0; i < 60; i++) {
        const good = cifarBatch(2, 5);
        let damaged: Uint8Array;
        if (i % 3 === 0) damaged = bytes(rng, Math.floor(rng.nextFloat() * 2 * 3073 * 1.5));
        else if (i % 3 === 1) damaged = good.subarray(0, Math.floor(rng.nextFloat() * good.length));
        else {
          damaged = good.slice();
          damaged[3073 * Math.floor(rng.nextFloat() * 2)] = 10 + Math.floor(rng.nextFloat() * 246);
        }
        writeFileSync(file, damaged);
        try {
          readCifar10Images(dir, 'test', { recordsPerFile: 2 });
          // Only random bytes of exactly the right size with labels < 10 could pass.
          expect(damaged.length).toBe(2 * 3073);
        } catch (error) {
          if (!(error instanceof DataError)) throw new Error(`case ${i}: untyped ${String(error)}`);
          expect(error.file).toContain('test_batch.bin');
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
