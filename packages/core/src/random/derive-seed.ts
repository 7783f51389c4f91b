import { ConfigError } from '../errors';
import { absorb32, fmix32, splitSafeInteger, TWO_POW_32 } from './hash';
import { checkSeed, type Seed } from './seed';

/** One element of a seed path: a purpose name or an index. */
export type SeedPathPart = string | number;

// Type tags keep "1" and 1 (and "ab","c" vs "a","bc") from hashing alike.
const TAG_STRING = 0x53545201;
const TAG_NUMBER = 0x4e554d02;

/**
 * Derives an independent seed from a root seed and a path of purposes and indices.
 *
 * The path names what the randomness is for, so that adding a new consumer never shifts the
 * draws of existing ones: `deriveSeed(root, 'data')`, `deriveSeed(root, 'noise', step, site)`.
 * The result is a deterministic hash in [1, 2^53): never 0, identical on every platform.
 *
 * @param root - the user's seed (a non-negative safe integer)
 * @param path - purpose names and non-negative integer indices
 * @returns a seed in [1, 2^53)
 * @throws ConfigError when `root` or a numeric path part is not a non-negative safe integer
 * @example
 * ```ts
 * const dataSeed = deriveSeed(42, 'data');
 * const noiseSeed = deriveSeed(42, 'noise', 1000, 3); // step 1000, site 3
 * ```
 */
export function deriveSeed(root: Seed, ...path: readonly SeedPathPart[]): Seed {
  checkSeed('seed', root);
  const [rootLo, rootHi] = splitSafeInteger(root);
  // Two lanes with different initial values give 64 bits of state, of which we keep 53.
  let h1 = absorb32(absorb32(0x6c726c61, rootLo), rootHi);
  let h2 = absorb32(absorb32(0x62736565, rootHi), rootLo);
  let length = 2;
  path.forEach((part, i) => {
    if (typeof part === 'string') {
      h1 = absorb32(h1, TAG_STRING);
      h2 = absorb32(h2, TAG_STRING ^ 0x5bd1e995);
      h1 = absorb32(h1, part.length);
      h2 = absorb32(h2, part.length);
      for (let c = 0; c < part.length; c++) {
        const code = part.charCodeAt(c);
        h1 = absorb32(h1, code);
        h2 = absorb32(h2, code ^ 0x27d4eb2f);
      }
      length += 2 + part.length;
    } else {
      if (typeof part !== 'number' || !Number.isSafeInteger(part) || part < 0) {
        throw new ConfigError(`seed path[${i}]`, part, 'a purpose name or a non-negative integer index');
      }
      const [lo, hi] = splitSafeInteger(part);
      h1 = absorb32(absorb32(absorb32(h1, TAG_NUMBER), lo), hi);
      h2 = absorb32(absorb32(absorb32(h2, TAG_NUMBER ^ 0x5bd1e995), hi), lo);
      length += 3;
    }
  });
  h1 = fmix32((h1 ^ length) >>> 0);
  h2 = fmix32((h2 ^ length) >>> 0);
  h1 = (h1 + h2) >>> 0;
  h2 = (h2 + h1) >>> 0;
  const seed = (h2 & 0x1fffff) * TWO_POW_32 + h1;
  // One 53-bit value in 2^53 would be 0; map it to a fixed non-zero seed.
  return seed === 0 ? 0x9e3779b9 : seed;
}
