import { ConfigError } from '@lrlab/core';
import { augmentation } from '../src';

const H = 8;
const W = 6;
const C = 2;

/** An image whose every value is distinct: value(r, c, k) = 100 r + 10 c + k. */
function distinctImage(): Float32Array {
  const out = new Float32Array(H * W * C);
  for (let r = 0; r < H; r++) for (let c = 0; c < W; c++) for (let k = 0; k < C; k++) out[(r * W + c) * C + k] = 100 * r + 10 * c + k;
  return out;
}

const reflect = (i: number, n: number): number => (i < 0 ? -i : i >= n ? 2 * (n - 1) - i : i);

/** The reference result: reflect-pad p, crop at (dy, dx), then flip (torchvision's order). */
function expected(image: Float32Array, p: number, dy: number, dx: number, flip: boolean): Float32Array {
  const out = new Float32Array(image.length);
  for (let r = 0; r < H; r++) {
    for (let c = 0; c < W; c++) {
      const cc = flip ? W - 1 - c : c;
      const sr = reflect(r + dy - p, H);
      const sc = reflect(cc + dx - p, W);
      for (let k = 0; k < C; k++) out[(r * W + c) * C + k] = image[(sr * W + sc) * C + k]!;
    }
  }
  return out;
}

describe('augmentation', () => {
  it('equals reflect-pad + crop + flip for exactly one (dy, dx, flip), covering all of them over many draws', () => {
    const p = 2;
    const augment = augmentation({ exampleShape: [H, W, C], seed: 4, padding: p });
    const image = distinctImage();
    const seen = new Set<string>();
    let flips = 0;
    const draws = 600;
    for (let index = 0; index < draws; index++) {
      const x = image.slice();
      expect(augment.apply(x, { epoch: 0, index, label: 0 })).toBeUndefined();
      const matches: string[] = [];
      for (let dy = 0; dy <= 2 * p; dy++) {
        for (let dx = 0; dx <= 2 * p; dx++) {
          for (const flip of [false, true]) {
            const e = expected(image, p, dy, dx, flip);
            if (e.every((v, k) => v === x[k])) matches.push(`${dy},${dx},${flip}`);
          }
        }
      }
      expect(matches).toHaveLength(1);
      seen.add(matches[0]!);
      if (matches[0]!.endsWith('true')) flips++;
    }
    expect(seen.size).toBe(5 * 5 * 2);
    expect(Math.abs(flips / draws - 0.5)).toBeLessThan(0.08);
  });

  it('is a pure function of (seed, epoch, index)', () => {
    const augment = augmentation({ exampleShape: [H, W, C], seed: 4 });
    const draw = (epoch: number, index: number, seed = 4): Float32Array => {
      const x = distinctImage();
      (seed === 4 ? augment : augmentation({ exampleShape: [H, W, C], seed })).apply(x, { epoch, index, label: 1 });
      return x;
    };
    expect(draw(3, 7)).toEqual(draw(3, 7));
    const variants = new Set([draw(0, 7), draw(1, 7), draw(2, 7), draw(3, 7), draw(3, 7, 5)].map((x) => x.join(',')));
    expect(variants.size).toBeGreaterThan(2);
  });

  it('is the identity with padding 0 and no flips', () => {
    const augment = augmentation({ exampleShape: [H, W, C], seed: 4, padding: 0, flipProbability: 0 });
    const x = distinctImage();
    augment.apply(x, { epoch: 0, index: 0, label: 0 });
    expect(x).toEqual(distinctImage());
  });

  it('rejects non-image shapes and paddings that do not fit', () => {
    expect(() => augmentation({ exampleShape: [10], seed: 1 })).toThrow(ConfigError);
    expect(() => augmentation({ exampleShape: [4, 4, 1], seed: 1, padding: 4 })).toThrow(/padding/);
    expect(() => augmentation({ exampleShape: [8, 8, 1], seed: 1, flipProbability: 2 })).toThrow(/flipProbability/);
  });
});
