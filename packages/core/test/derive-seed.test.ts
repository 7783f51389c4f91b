import { ConfigError, deriveSeed } from '../src';

describe('deriveSeed', () => {
  it('is deterministic and pinned across platforms', () => {
    expect(deriveSeed(42, 'data')).toBe(deriveSeed(42, 'data'));
    expect([deriveSeed(0), deriveSeed(42, 'data'), deriveSeed(42, 'noise', 1000, 3)]).toEqual([
      3499318965522314, 5452739434815883, 3137528762350135,
    ]);
  });

  it('never returns 0 and stays a safe integer', () => {
    const bad: number[] = [];
    for (let root = 0; root < 200; root++) {
      for (let i = 0; i < 200; i++) {
        const seed = deriveSeed(root, 'x', i);
        if (!(Number.isSafeInteger(seed) && seed > 0)) bad.push(seed);
      }
    }
    expect(bad).toEqual([]);
    expect(deriveSeed(0)).not.toBe(0);
  });

  it('separates roots, purposes, indices and their types', () => {
    const seeds = [
      deriveSeed(1, 'data'),
      deriveSeed(2, 'data'),
      deriveSeed(1, 'model'),
      deriveSeed(1, 'data', 0),
      deriveSeed(1, 'data', 1),
      deriveSeed(1, 'data', '1'),
      deriveSeed(1, 'ab', 'c'),
      deriveSeed(1, 'a', 'bc'),
      deriveSeed(1, 0, 1),
      deriveSeed(1, 1, 0),
      deriveSeed(1, 2 ** 32),
      deriveSeed(1, 0),
      deriveSeed(2 ** 32 + 1),
      deriveSeed(1),
    ];
    expect(new Set(seeds).size).toBe(seeds.length);
  });

  it('has no collisions among 100k derived seeds', () => {
    const seen = new Set<number>();
    for (let step = 0; step < 20_000; step++) for (let site = 0; site < 5; site++) seen.add(deriveSeed(7, 'noise', step, site));
    expect(seen.size).toBe(100_000);
  });

  it('rejects bad roots and indices with a ConfigError naming the value', () => {
    expect(() => deriveSeed(-3)).toThrow(ConfigError);
    expect(() => deriveSeed(-3)).toThrow(/got -3/);
    expect(() => deriveSeed(1, 'step', -1)).toThrow(/seed path\[1\].*got -1/);
    expect(() => deriveSeed(1, 2.5)).toThrow(/got 2.5/);
  });
});
