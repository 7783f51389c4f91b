/** Helpers the blas backend's tests share. */
import * as tf from '@tensorflow/tfjs';
import { fillNormal, Prng } from '@lrlab/core';
import { isBlasAvailable } from '../src';

/** Throws, with the install command, when the addon is not built: these tests need it. */
export function requireAddon(): void {
  // `npm test` installs libopenblas-dev (pretest) and builds the addon first.
  const availability = isBlasAvailable();
  if (!availability.available) {
    throw new Error(`@lrlab/blas tests need the native addon: ${availability.reason}. Run: sudo apt-get install -y libopenblas-dev && npm run build -w @lrlab/blas`);
  }
}

/** `size` seeded N(0, 1) values. */
export function values(size: number, seed: number): Float32Array {
  return fillNormal(Prng.fromSeed(seed), new Float32Array(size));
}

/** max |a − b| / max |a|: the error relative to the result's scale. */
export function relativeError(a: Float32Array, b: Float32Array): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(a[i]!));
  }
  return diff / scale;
}

/** Runs `f` on cpu and on blas and returns both results. */
export async function onBoth(f: () => Float32Array[]): Promise<{ cpu: Float32Array[]; blas: Float32Array[] }> {
  await tf.setBackend('cpu');
  const cpu = f();
  await tf.setBackend('blas');
  const blas = f();
  return { cpu, blas };
}

/** Expects equal lengths and every blas result within `tolerance` (relative) of cpu's. */
export function expectClose(result: { cpu: Float32Array[]; blas: Float32Array[] }, tolerance = 1e-5): void {
  expect(result.blas.map((r) => r.length)).toEqual(result.cpu.map((r) => r.length));
  for (let i = 0; i < result.cpu.length; i++) expect(relativeError(result.cpu[i]!, result.blas[i]!)).toBeLessThan(tolerance);
}
