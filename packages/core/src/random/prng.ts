import { ConfigError } from '../errors';
import { fmix32, splitSafeInteger, TWO_POW_32 } from './hash';
import { checkSeed, type Seed } from './seed';

/**
 * The complete state of a {@link Prng}, as plain JSON: save it in a checkpoint and
 * {@link Prng.fromState} continues the stream exactly.
 */
export interface PrngState {
  /** The algorithm, so that a state is never read by the wrong generator. */
  readonly algorithm: 'xoshiro128**';
  /** The four 32-bit state words, as unsigned integers; never all zero. */
  readonly words: readonly [number, number, number, number];
}

/**
 * A small, fast pseudo-random generator with explicit state: xoshiro128** (Blackman & Vigna,
 * 2018), 128 bits of state, period 2^128 − 1, 32-bit outputs, using only 32-bit integer
 * arithmetic so the stream is identical on every JavaScript engine and tfjs backend.
 *
 * Seed it with {@link Prng.fromSeed} (usually with a seed from {@link deriveSeed}); make an
 * independent child stream with {@link Prng.split}. Draws of other distributions are in
 * `sample.ts`.
 *
 * @example
 * ```ts
 * const rng = Prng.fromSeed(deriveSeed(42, 'data'));
 * const u = rng.nextFloat(); // in [0, 1)
 * ```
 */
export class Prng {
  // The state words are kept as signed 32-bit integers (`| 0`): V8 stores those unboxed, while
  // unsigned values ≥ 2^31 would be boxed as heap numbers on every write (5× slower draws).
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  private constructor(s0: number, s1: number, s2: number, s3: number) {
    this.s0 = s0 | 0;
    this.s1 = s1 | 0;
    this.s2 = s2 | 0;
    this.s3 = s3 | 0;
  }

  /**
   * Makes a generator from a seed, expanding it into 128 bits of state with SplitMix-style
   * hashing, so nearby seeds (1, 2, 3, ...) give unrelated streams.
   *
   * @param seed - a non-negative safe integer
   * @returns a new generator
   */
  static fromSeed(seed: Seed): Prng {
    checkSeed('seed', seed);
    const [lo, hi] = splitSafeInteger(seed);
    let x = (lo ^ fmix32((hi + 0x7f4a7c15) >>> 0)) >>> 0;
    const words: number[] = [];
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) >>> 0;
      words.push(fmix32((x ^ Math.imul(hi, 0x85ebca6b)) >>> 0));
    }
    const [a, b, c, d] = words as [number, number, number, number];
    // The all-zero state is the one fixed point of xoshiro; steer away from it.
    return (a | b | c | d) === 0 ? new Prng(0x9e3779b9, 1, 2, 3) : new Prng(a, b, c, d);
  }

  /**
   * Restores a generator from a saved {@link PrngState}.
   *
   * @param state - a state returned by {@link Prng.state}
   * @returns a generator that continues exactly where the saved one was
   * @throws ConfigError when the state is malformed
   */
  static fromState(state: PrngState): Prng {
    if (state?.algorithm !== 'xoshiro128**') {
      throw new ConfigError('prngState.algorithm', state?.algorithm, '"xoshiro128**"');
    }
    const words = state.words;
    const valid =
      Array.isArray(words) &&
      words.length === 4 &&
      words.every((w) => Number.isInteger(w) && w >= 0 && w < TWO_POW_32) &&
      words.some((w) => w !== 0);
    if (!valid) {
      throw new ConfigError('prngState.words', words, 'four unsigned 32-bit integers, not all zero');
    }
    return new Prng(words[0], words[1], words[2], words[3]);
  }

  /**
   * Returns a copy of the current state (the generator is unchanged).
   *
   * @returns the state, JSON-serialisable
   */
  state(): PrngState {
    return { algorithm: 'xoshiro128**', words: [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0] };
  }

  /**
   * Returns the next 32-bit output as an unsigned integer in [0, 2^32).
   *
   * @returns an unsigned 32-bit integer
   */
  nextUint32(): number {
    const s0 = this.s0;
    const s1 = this.s1;
    const s2 = this.s2;
    const s3 = this.s3;
    const product = Math.imul(s1, 5);
    const result = Math.imul((product << 7) | (product >>> 25), 9) >>> 0;
    const t = s1 << 9;
    const n2 = s2 ^ s0;
    const n3 = s3 ^ s1;
    this.s1 = s1 ^ n2;
    this.s0 = s0 ^ n3;
    this.s2 = n2 ^ t;
    this.s3 = (n3 << 11) | (n3 >>> 21);
    return result;
  }

  /**
   * Returns a uniform float in [0, 1) with 32 bits of resolution.
   *
   * @returns a number u with 0 ≤ u < 1
   */
  nextFloat(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  /**
   * Returns a uniform float in the open interval (0, 1), safe to pass to `Math.log`.
   *
   * @returns a number u with 0 < u < 1
   */
  nextOpenFloat(): number {
    return (this.nextUint32() + 0.5) / TWO_POW_32;
  }

  /**
   * Makes an independent child generator, advancing this one by two draws.
   *
   * @returns a new generator seeded from this one's next 53 bits
   */
  split(): Prng {
    const lo = this.nextUint32();
    const hi = this.nextUint32() & 0x1fffff;
    return Prng.fromSeed(hi * TWO_POW_32 + lo);
  }
}
