import { ConfigError, PATCH_GROUPS } from '@lrlab/core';
import { createPatchMixture, gatherBatch, groupCounts, trainStream, type LabeledDataset, type PatchMixture } from '../src';
import { randomImages } from './helpers/images';

const SHAPE: [number, number, number] = [32, 32, 3];
const P = 7;

/** Exact equality of two arrays (a plain loop: jest's toEqual is slow on thousands of elements). */
function same(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Whether (row, col) lies in the patch of a mixture. */
function inPatch(m: PatchMixture, row: number, col: number): boolean {
  return row >= m.top && row < m.top + P && col >= m.left && col < m.left + P;
}

/** The patch area of an example, as p·p·C values in HWC order. */
function patchOf(m: PatchMixture, example: Float32Array): Float32Array {
  const [, width, channels] = m.exampleShape as [number, number, number];
  const out = new Float32Array(P * P * channels);
  for (let r = 0; r < P; r++) {
    for (let c = 0; c < P; c++) {
      for (let k = 0; k < channels; k++) out[(r * P + c) * channels + k] = example[((m.top + r) * width + m.left + c) * channels + k]!;
    }
  }
  return out;
}

/** +1 or −1 when patch = fround(z ± ζ) exactly, else 0. */
function exactSign(m: PatchMixture, patch: Float32Array, label: number): number {
  const zeta = m.zetaOf(label);
  for (const s of [1, -1]) {
    if (patch.every((v, k) => v === Math.fround(m.z[k]! + s * zeta[k]!))) return s;
  }
  return 0;
}

/** The t with patch ≈ z + t·ζ (least squares), and the largest residual. */
function segmentFit(m: PatchMixture, patch: Float32Array, label: number): { t: number; residual: number } {
  const zeta = m.zetaOf(label);
  let num = 0;
  let den = 0;
  patch.forEach((v, k) => {
    num += (v - m.z[k]!) * zeta[k]!;
    den += zeta[k]! * zeta[k]!;
  });
  const t = num / den;
  let residual = 0;
  patch.forEach((v, k) => (residual = Math.max(residual, Math.abs(v - (m.z[k]! + t * zeta[k]!)))));
  return { t, residual };
}

describe('createPatchMixture: the fixed patterns', () => {
  const m = createPatchMixture({ exampleShape: SHAPE, numClasses: 10, seed: 11 });

  it('puts the patch at floor((H − p)/2): 12 for 32×32 (as the reference), 10 for 28×28', () => {
    expect([m.top, m.left]).toEqual([12, 12]);
    const grey = createPatchMixture({ exampleShape: [28, 28, 1], numClasses: 10, seed: 11 });
    expect([grey.top, grey.left]).toEqual([10, 10]);
    expect(grey.z.length).toBe(49);
  });

  it('draws z = 1.25·N(0, I) of shape 7×7×3 and ζ_c ~ U[−0.1, 0.1] per class', () => {
    expect(m.z.length).toBe(147);
    expect(m.zeta.length).toBe(10 * 147);
    const mean = m.z.reduce((a, b) => a + b, 0) / m.z.length;
    const std = Math.sqrt(m.z.reduce((a, b) => a + (b - mean) ** 2, 0) / m.z.length);
    expect(Math.abs(mean)).toBeLessThan(0.35); // standard error 1.25/√147 ≈ 0.1
    expect(std).toBeGreaterThan(1.0);
    expect(std).toBeLessThan(1.5);
    expect(Math.max(...m.zeta)).toBeLessThan(0.1);
    expect(Math.min(...m.zeta)).toBeGreaterThanOrEqual(-0.1);
    expect(Math.max(...m.zeta)).toBeGreaterThan(0.09);
    expect(Array.from(m.zetaOf(3))).not.toEqual(Array.from(m.zetaOf(4)));
  });

  it('is a pure function of the seed', () => {
    const again = createPatchMixture({ exampleShape: SHAPE, numClasses: 10, seed: 11 });
    const other = createPatchMixture({ exampleShape: SHAPE, numClasses: 10, seed: 12 });
    expect(again.z).toEqual(m.z);
    expect(again.zeta).toEqual(m.zeta);
    expect(other.z).not.toEqual(m.z);
    expect(again.marks('train', 100)).toEqual(m.marks('train', 100));
    expect(m.marks('mixed', 100)).not.toEqual(m.marks('train', 100));
  });

  it('rejects bad options with a ConfigError naming the field', () => {
    expect(() => createPatchMixture({ exampleShape: [6, 6, 3], numClasses: 10, seed: 1 })).toThrow(/patchSize/);
    expect(() => createPatchMixture({ exampleShape: [100], numClasses: 10, seed: 1 })).toThrow(ConfigError);
    expect(() => createPatchMixture({ exampleShape: SHAPE, numClasses: 10, seed: 1, config: { patchOnlyProbability: 1.5 } })).toThrow(
      /patch\.patchOnlyProbability/,
    );
    expect(() => createPatchMixture({ exampleShape: SHAPE, numClasses: 10, seed: 1, config: { zetaRnage: 1 } as never })).toThrow(/zetaRnage/);
    expect(() => m.transform('train', 10).apply(new Float32Array(3072), { epoch: 0, index: 10, label: 0 })).toThrow(/index/);
  });
});

describe('patch mixture over a training stream', () => {
  const N = 4000;
  const EPOCHS = 4;
  const data = randomImages(N, SHAPE);
  const m = createPatchMixture({ exampleShape: SHAPE, numClasses: 10, seed: 5 });
  const stream = trainStream(data, { batchSize: 500, seed: 9, transforms: [m.transform('train', N)] });
  const draws: { epoch: number; features: Float32Array; labels: Int32Array; groups: Uint8Array; indices: Int32Array }[] = [];
  beforeAll(() => {
    for (let epoch = 0; epoch < EPOCHS; epoch++) {
      for (let b = 0; b < stream.batchesPerEpoch; b++) draws.push({ epoch, ...stream.batch(epoch, b) });
    }
  });

  function* examples(): Generator<{ epoch: number; example: Float32Array; original: Float32Array; label: number; group: string; index: number }> {
    for (const batch of draws) {
      for (let k = 0; k < batch.labels.length; k++) {
        const index = batch.indices[k]!;
        yield {
          epoch: batch.epoch,
          example: batch.features.subarray(k * 3072, (k + 1) * 3072),
          original: data.features.subarray(index * 3072, (index + 1) * 3072),
          label: batch.labels[k]!,
          group: PATCH_GROUPS[batch.groups[k]!]!,
          index,
        };
      }
    }
  }

  it('mixes ~20% clean, 64% image+patch, 16% patch-only over 16,000 draws', () => {
    const counts = { clean: 0, 'image+patch': 0, 'patch-only': 0 } as Record<string, number>;
    for (const { group } of examples()) counts[group]! += 1;
    const total = N * EPOCHS;
    expect(stream.groupNames).toEqual(PATCH_GROUPS);
    expect(Math.abs(counts.clean! / total - 0.2)).toBeLessThan(0.02); // marks: sd √(.16/4000) ≈ 0.006
    expect(Math.abs(counts['image+patch']! / total - 0.64)).toBeLessThan(0.02);
    expect(Math.abs(counts['patch-only']! / total - 0.16)).toBeLessThan(0.015);
  });

  it('keeps clean examples bit-identical and the same indices clean in every epoch', () => {
    const marked = m.marks('train', N);
    let wrong = 0;
    for (const { example, original, group, index } of examples()) {
      if ((group === 'clean') !== (marked[index] === 0)) wrong++;
      if (group === 'clean' && !same(example, original)) wrong++;
    }
    expect(wrong).toBe(0);
  });

  it('image+patch: the patch equals z ± ζ_y exactly, on all channels; every other pixel is untouched', () => {
    let checked = 0;
    let inexact = 0;
    for (const { example, original, label, group } of examples()) {
      if (group !== 'image+patch') continue;
      if (exactSign(m, patchOf(m, example), label) === 0) inexact++;
      for (let r = 0; r < 32; r++) {
        for (let c = 0; c < 32; c++) {
          if (inPatch(m, r, c)) continue;
          for (let k = 0; k < 3; k++) if (example[(r * 32 + c) * 3 + k] !== original[(r * 32 + c) * 3 + k]) throw new Error(`pixel ${r},${c} changed`);
        }
      }
      checked++;
    }
    expect(inexact).toBe(0);
    expect(checked).toBeGreaterThan(9000);
  });

  it('patch-only: the image is exactly 0 outside the patch, and the patch lies on z ± [0, 1.75]·ζ_y', () => {
    const ts: number[] = [];
    let worst = 0;
    for (const { example, label, group } of examples()) {
      if (group !== 'patch-only') continue;
      for (let r = 0; r < 32; r++) {
        for (let c = 0; c < 32; c++) {
          if (inPatch(m, r, c)) continue;
          for (let k = 0; k < 3; k++) if (example[(r * 32 + c) * 3 + k] !== 0) throw new Error(`pixel ${r},${c} not zeroed`);
        }
      }
      const { t, residual } = segmentFit(m, patchOf(m, example), label);
      worst = Math.max(worst, residual);
      ts.push(t);
    }
    expect(worst).toBeLessThan(1e-6);
    expect(Math.max(...ts.map(Math.abs))).toBeLessThanOrEqual(1.75 + 1e-6);
    // t = s·1.75·u: symmetric, spread over the whole segment.
    expect(Math.max(...ts)).toBeGreaterThan(1.7);
    expect(Math.min(...ts)).toBeLessThan(-1.7);
    expect(Math.abs(ts.reduce((a, b) => a + b, 0) / ts.length)).toBeLessThan(0.1); // sd ≈ 1.01/√2560 ≈ 0.02
  });

  it('the two signs of each class are equally likely and average to z, so no affine function of the patch separates classes', () => {
    const signs = Array.from({ length: 10 }, () => ({ plus: 0, minus: 0 }));
    for (const { example, label, group } of examples()) {
      if (group !== 'image+patch') continue;
      const s = exactSign(m, patchOf(m, example), label);
      if (s === 1) signs[label]!.plus++;
      else signs[label]!.minus++;
    }
    for (const { plus, minus } of signs) {
      const n = plus + minus;
      expect(Math.abs(plus / n - 0.5)).toBeLessThan(0.06); // n ≈ 1000: sd ≈ 0.016
    }
    for (let label = 0; label < 10; label++) {
      const zeta = m.zetaOf(label);
      // (z + ζ + z − ζ)/2 = z for every class: f(z+ζ_c) + f(z−ζ_c) = 2 f(z) for any affine f, so
      // an f > 0 on both points of one class and < 0 on both of another cannot exist.
      m.z.forEach((zk, k) => expect((Math.fround(zk + zeta[k]!) + Math.fround(zk - zeta[k]!)) / 2).toBeCloseTo(zk, 6));
    }
  });

  it('is a pure function of (seed, epoch, index): a fresh stream repeats any batch; another epoch redraws', () => {
    const again = trainStream(data, {
      batchSize: 500,
      seed: 9,
      transforms: [createPatchMixture({ exampleShape: SHAPE, numClasses: 10, seed: 5 }).transform('train', N)],
    });
    const late = again.batch(3, 5);
    const first = draws[3 * stream.batchesPerEpoch + 5]!;
    expect(same(late.features, first.features)).toBe(true);
    expect(late.groups).toEqual(first.groups);

    // The same example in two epochs: its draw (group or sign) changes for a good share of marked examples.
    const transform = m.transform('train', N);
    const marked = m.marks('train', N);
    let differ = 0;
    let markedCount = 0;
    for (let index = 0; index < 500; index++) {
      if (!marked[index]) continue;
      markedCount++;
      const a = gatherBatch(data, Int32Array.of(index), { epoch: 0, transforms: [transform] });
      const b = gatherBatch(data, Int32Array.of(index), { epoch: 1, transforms: [transform] });
      const c = gatherBatch(data, Int32Array.of(index), { epoch: 0, transforms: [transform] });
      if (!same(c.features, a.features)) throw new Error(`index ${index}: the draw at epoch 0 changed`);
      if (!same(a.features, b.features)) differ++;
    }
    // P(same draw) = P(same sign and both image+patch) ≈ ½·0.8² = 0.32 (patch-only draws differ in u).
    expect(differ / markedCount).toBeGreaterThan(0.55);
    expect(differ / markedCount).toBeLessThan(0.8);
  });
});

describe('patch mixture eval sets', () => {
  const test: LabeledDataset = randomImages(2000, SHAPE);
  const m = createPatchMixture({ exampleShape: SHAPE, numClasses: 10, seed: 21 });

  it('mixed: the same z and ζ, fixed marks, tagged per example, drawn identically each time', () => {
    const mixed = m.mixedSet(test);
    expect(mixed.size).toBe(2000);
    expect(mixed.groupNames).toEqual(PATCH_GROUPS);
    expect(mixed.labels).toEqual(test.labels);
    const counts = groupCounts(mixed);
    expect(counts.clean! / 2000).toBeCloseTo(0.2, 1);
    let wrong = 0;
    for (let i = 0; i < mixed.size; i++) {
      const example = mixed.features.subarray(i * 3072, (i + 1) * 3072);
      const group = PATCH_GROUPS[mixed.groups[i]!];
      if (group === 'image+patch' && exactSign(m, patchOf(m, example), mixed.labels[i]!) === 0) wrong++;
      if (group === 'clean' && !same(example, test.features.subarray(i * 3072, (i + 1) * 3072))) wrong++;
    }
    expect(wrong).toBe(0);
    expect(same(m.mixedSet(test).features, mixed.features)).toBe(true);
  });

  it('patch-only: 1000 zero images with seeded labels, each carrying the patch (80% exact, 20% scaled)', () => {
    const only = m.patchOnlySet();
    expect(only.size).toBe(1000);
    expect(groupCounts(only)['patch-only']).toBe(1000);
    const perClass = new Array<number>(10).fill(0);
    let exact = 0;
    let wrong = 0;
    for (let i = 0; i < only.size; i++) {
      const example = only.features.subarray(i * 3072, (i + 1) * 3072);
      const label = only.labels[i]!;
      perClass[label]!++;
      for (let r = 0; r < 32; r++) {
        for (let c = 0; c < 32; c++) {
          for (let k = 0; k < 3; k++) if (!inPatch(m, r, c) && example[(r * 32 + c) * 3 + k] !== 0) wrong++;
        }
      }
      const patch = patchOf(m, example);
      if (exactSign(m, patch, label) !== 0) exact++;
      else if (segmentFit(m, patch, label).residual >= 1e-6) wrong++;
    }
    expect(wrong).toBe(0);
    expect(exact / 1000).toBeGreaterThan(0.75);
    expect(exact / 1000).toBeLessThan(0.85);
    for (const count of perClass) expect(count).toBeGreaterThan(60); // ~100 each
    expect(same(m.patchOnlySet().features, only.features)).toBe(true);
  });

  it('other draws keep the images, labels and marks and re-draw each patch; draw 0 is the default set', () => {
    const mixed = m.mixedSet(test);
    const again = m.mixedSet(test, 'mixed', 1);
    expect(same(m.mixedSet(test, 'mixed', 0).features, mixed.features)).toBe(true);
    expect(same(m.mixedSet(test, 'mixed', 1).features, again.features)).toBe(true);
    expect(again.labels).toEqual(mixed.labels);
    let changed = 0;
    for (let i = 0; i < mixed.size; i++) {
      const a = mixed.features.subarray(i * 3072, (i + 1) * 3072);
      const b = again.features.subarray(i * 3072, (i + 1) * 3072);
      // The marks are the set's own: an unmarked image stays clean in every draw.
      expect(PATCH_GROUPS[again.groups[i]!] === 'clean').toBe(PATCH_GROUPS[mixed.groups[i]!] === 'clean');
      if (!same(a, b)) changed++;
    }
    // Marked ≈ 80%, of which ≈ 68% get another patch (see the per-epoch draw above).
    expect(changed / mixed.size).toBeGreaterThan(0.45);
    expect(changed / mixed.size).toBeLessThan(0.65);

    const only = m.patchOnlySet();
    const otherOnly = m.patchOnlySet(2);
    expect(same(m.patchOnlySet(0).features, only.features)).toBe(true);
    expect(otherOnly.labels).toEqual(only.labels);
    expect(same(otherOnly.features, only.features)).toBe(false);
    expect(() => m.patchOnlySet(-1)).toThrow(ConfigError);
    expect(() => m.mixedSet(test, 'mixed', 0.5)).toThrow(ConfigError);
  });

  it('has configurable patch size, ζ range and probabilities', () => {
    const custom = createPatchMixture({
      exampleShape: [28, 28, 1],
      numClasses: 10,
      seed: 3,
      config: { patchSize: 4, zetaRange: 1, markedFraction: 1, patchOnlyProbability: 0, patchOnlyEvalSize: 10 },
    });
    expect([custom.top, custom.left]).toEqual([12, 12]);
    expect(Math.max(...custom.zeta)).toBeGreaterThan(0.9);
    const grey = randomImages(300, [28, 28, 1]);
    expect(groupCounts(custom.mixedSet(grey))).toEqual({ clean: 0, 'image+patch': 300, 'patch-only': 0 });
    expect(custom.patchOnlySet().size).toBe(10);
    expect(custom.config).toEqual({
      patchSize: 4,
      zScale: 1.25,
      zetaRange: 1,
      patternsPerClass: 1,
      markedFraction: 1,
      patchOnlyProbability: 0,
      patchOnlyScale: 1.75,
      patchOnlyEvalSize: 10,
    });
  });
});
