/**
 * 32-bit integer hashing used to seed generators and derive seeds. Internal to `random/`.
 */

/** MurmurHash3's 32-bit finaliser: a bijection on uint32 with full avalanche. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function rotl32(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

/**
 * Absorbs one 32-bit word into a MurmurHash3-style running hash.
 *
 * @param h - running hash (uint32)
 * @param word - the word to absorb
 * @returns the new running hash (uint32)
 */
export function absorb32(h: number, word: number): number {
  let k = Math.imul(word | 0, 0xcc9e2d51);
  k = rotl32(k, 15);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = rotl32(h, 13);
  return (Math.imul(h, 5) + 0xe6546b64) >>> 0;
}

/** 2^32, for splitting safe integers into 32-bit halves. */
export const TWO_POW_32 = 4294967296;

/** Low and high 32-bit halves of a non-negative safe integer. */
export function splitSafeInteger(value: number): [lo: number, hi: number] {
  return [value >>> 0, Math.floor(value / TWO_POW_32) >>> 0];
}
