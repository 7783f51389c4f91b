import { ConfigError } from '@lrlab/core';
import { mean, normalCdf, normalQuantile, pairedComparison, sampleStd, standardError, studentTCdf, summarizeSeeds, tQuantile } from '../src';
import { logBeta, logGamma, regularizedBeta, regularizedGammaQ } from '../src/stats/special';

describe('special functions', () => {
  it('logGamma matches factorials and Γ(½) = √π', () => {
    expect(logGamma(1)).toBeCloseTo(0, 14);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 13);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14);
    expect(logGamma(101)).toBeCloseTo(363.73937555556347, 10); // ln 100!
    expect(logGamma(0.1)).toBeCloseTo(2.252712651734206, 13);
  });

  it('logBeta is exact for small and large arguments', () => {
    // B(3, 4) = 2!·3!/6! = 1/60
    expect(logBeta(3, 4)).toBeCloseTo(-Math.log(60), 14);
    // ln B(10⁶, ½) from mpmath: −6.33539021105743696…
    expect(logBeta(1e6, 0.5)).toBeCloseTo(-6.335390211057437, 12);
  });

  it('regularizedBeta hits closed forms', () => {
    // I_x(1, 1) = x; I_x(a, 1) = x^a; I_x(1, b) = 1 − (1 − x)^b
    expect(regularizedBeta(0.3, 1, 1)).toBeCloseTo(0.3, 14);
    expect(regularizedBeta(0.3, 4, 1)).toBeCloseTo(0.3 ** 4, 15);
    expect(regularizedBeta(0.3, 1, 3)).toBeCloseTo(1 - 0.7 ** 3, 15);
    expect(regularizedBeta(0, 2, 3)).toBe(0);
    expect(regularizedBeta(1, 2, 3)).toBe(1);
  });

  it('regularizedGammaQ hits closed forms: Q(1, x) = e^−x, Q(½, x) = erfc(√x)', () => {
    expect(regularizedGammaQ(1, 2)).toBeCloseTo(Math.exp(-2), 15);
    expect(regularizedGammaQ(1, 0.3)).toBeCloseTo(Math.exp(-0.3), 15);
    // erfc(1) = 0.15729920705028513
    expect(regularizedGammaQ(0.5, 1)).toBeCloseTo(0.15729920705028513, 14);
  });
});

describe('Student t quantiles', () => {
  it.each([
    [1, 12.7062],
    [2, 4.3027],
    [4, 2.7764],
    [9, 2.2622],
    [29, 2.0452],
  ])('t(0.975, %d) = %d (table)', (df, table) => {
    expect(tQuantile(0.975, df)).toBeCloseTo(table, 4);
  });

  it('matches closed forms to 1e-12: ν = 1 is Cauchy, ν = 2 is algebraic', () => {
    for (const p of [0.6, 0.9, 0.975, 0.995, 0.9999]) {
      expect(tQuantile(p, 1)).toBeCloseTo(Math.tan(Math.PI * (p - 0.5)), 8);
      expect(tQuantile(p, 2)).toBeCloseTo((2 * p - 1) / Math.sqrt(2 * p * (1 - p)), 12);
    }
  });

  it('matches SciPy to 1e-13 (scipy.stats.t.ppf)', () => {
    expect(tQuantile(0.975, 9)).toBeCloseTo(2.262157162798205, 13);
    expect(tQuantile(0.975, 29)).toBeCloseTo(2.045229642132703, 13);
    expect(tQuantile(0.975, 100)).toBeCloseTo(1.9839715185235518, 13);
    expect(tQuantile(0.975, 1e6)).toBeCloseTo(1.959966356814107, 13);
    expect(tQuantile(0.975, 1e9)).toBeCloseTo(1.959963986912325, 13);
    expect(tQuantile(1e-10, 3)).toBeCloseTo(-2225.769284683093, 8);
    expect(tQuantile(0.975, 0.5)).toBeCloseTo(164.55767348048818, 9);
  });

  it('tends to the normal quantile 1.95996 for large ν', () => {
    // SciPy: 1.9599639845424262, the normal quantile + (z³ + z) / (4ν)
    expect(tQuantile(0.975, 1e12)).toBeCloseTo(1.9599639845424262, 14);
    expect(tQuantile(0.975, Infinity)).toBeCloseTo(1.959963984540054, 14);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 14);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 12);
  });

  it('is symmetric and 0 at p = ½', () => {
    expect(tQuantile(0.5, 7)).toBe(0);
    expect(tQuantile(0.025, 7)).toBe(-tQuantile(0.975, 7));
  });

  it('inverts the CDF', () => {
    for (const df of [1, 3, 9.5, 30, 5e4]) {
      for (const p of [0.01, 0.3, 0.8, 0.975]) expect(studentTCdf(tQuantile(p, df), df)).toBeCloseTo(p, 13);
    }
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 15);
    expect(studentTCdf(-1, 1)).toBeCloseTo(0.25, 15);
  });

  it.each([
    [0, 3, 'p'],
    [1, 3, 'p'],
    [0.5, 0, 'degreesOfFreedom'],
    [0.5, -1, 'degreesOfFreedom'],
    [NaN, 3, 'p'],
  ])('rejects p = %d, ν = %d', (p, df, field) => {
    let caught: unknown;
    try {
      tQuantile(p, df);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).field).toBe(field);
  });
});

describe('seed statistics', () => {
  it('mean, sample std (n − 1) and standard error', () => {
    expect(mean([1, 2, 3, 4, 5])).toBe(3);
    expect(sampleStd([1, 2, 3, 4, 5])).toBeCloseTo(Math.sqrt(2.5), 15);
    expect(standardError([1, 2, 3, 4, 5])).toBeCloseTo(Math.sqrt(0.5), 15);
    // Two passes: a large offset does not cancel the spread.
    expect(sampleStd([1e9 + 1, 1e9 + 2, 1e9 + 3])).toBeCloseTo(1, 12);
    expect(() => sampleStd([1])).toThrow(/at least two values/);
  });

  it('the 95% CI of 1..5 is R\'s t.test(1:5): [1.036757, 4.963243]', () => {
    const s = summarizeSeeds([1, 2, 3, 4, 5]);
    expect(s.n).toBe(5);
    expect(s.mean).toBe(3);
    expect(s.min).toBe(1);
    expect(s.max).toBe(5);
    expect(s.ci!.degreesOfFreedom).toBe(4);
    expect(s.ci!.tQuantile).toBeCloseTo(2.7764451051977934, 13);
    expect(s.ci!.low).toBeCloseTo(1.036756838522439, 12);
    expect(s.ci!.high).toBeCloseTo(4.963243161477561, 12);
    expect(s.ci!.halfWidth).toBeCloseTo(2.7764451051977934 * Math.sqrt(0.5), 13);
    expect(s.ci!.level).toBe(0.95);
  });

  it('another level: the 90% CI of 1..5 is R\'s t.test(1:5, conf.level = 0.9): [1.492557, 4.507443]', () => {
    const s = summarizeSeeds([1, 2, 3, 4, 5], { level: 0.9 });
    expect(s.ci!.low).toBeCloseTo(1.4925566809376771, 13);
    expect(s.ci!.high).toBeCloseTo(4.507443319062323, 13);
  });

  it('one seed gives the mean with no spread and no interval (absent, not NaN)', () => {
    const s = summarizeSeeds([0.87]);
    expect(s).toEqual({ n: 1, mean: 0.87, min: 0.87, max: 0.87 });
    expect(JSON.stringify(s)).not.toContain('NaN');
  });

  it('equal values give an interval of width 0', () => {
    const s = summarizeSeeds([0.5, 0.5, 0.5]);
    expect(s.std).toBe(0);
    expect(s.ci).toMatchObject({ low: 0.5, high: 0.5, halfWidth: 0 });
  });

  it('rejects an empty list, non-finite values and a bad level', () => {
    expect(() => summarizeSeeds([])).toThrow(ConfigError);
    expect(() => summarizeSeeds([1, NaN])).toThrow(/values\[1\]/);
    expect(() => summarizeSeeds([1, 2], { level: 1 })).toThrow(/level/);
  });
});

describe('pairedComparison', () => {
  // R's sleep data: t.test(extra ~ group, data = sleep, paired = TRUE) gives t = −4.0621, df = 9,
  // p-value = 0.002833, 95% CI [−2.4598858, −0.7001142], mean difference −1.58.
  const group1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
  const group2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];

  it('reproduces R\'s paired t-test on the sleep data', () => {
    const c = pairedComparison(group1, group2);
    expect(c.n).toBe(10);
    expect(c.meanDifference).toBeCloseTo(-1.58, 12);
    expect(c.ci!.low).toBeCloseTo(-2.4598858, 7);
    expect(c.ci!.high).toBeCloseTo(-0.7001142, 7);
    expect(c.tStatistic).toBeCloseTo(-4.0621, 4);
    expect(c.pValue).toBeCloseTo(0.002833, 6);
    expect(c.differences).toHaveLength(10);
    expect(c.differences[0]).toBeCloseTo(-1.2, 12);
    expect(c.pairs[1]).toEqual({ seed: '1', a: -1.6, b: 0.8, difference: -1.6 - 0.8 });
  });

  it('pairs records by seed key, whatever the key order', () => {
    const a = { 3: 0.93, 1: 0.91, 2: 0.9 };
    const b = { 2: 0.86, 1: 0.85, 3: 0.86 };
    const c = pairedComparison(a, b);
    expect(c.pairs.map((p) => p.seed)).toEqual(['1', '2', '3']);
    expect(c.differences.map((d) => Math.round(d * 1e12) / 1e12)).toEqual([0.06, 0.04, 0.07]);
    expect(c.meanDifference).toBeCloseTo(0.17 / 3, 12);
    const s = summarizeSeeds(c.differences as number[]);
    expect(c.ci!.low).toBeCloseTo(s.ci!.low, 15);
  });

  it('one seed: the difference only', () => {
    const c = pairedComparison([0.9], [0.8]);
    expect(c.n).toBe(1);
    expect(c.meanDifference).toBeCloseTo(0.1, 15);
    expect(c.ci).toBeUndefined();
    expect(c.pValue).toBeUndefined();
  });

  it('identical differences: an interval of width 0 and no t statistic', () => {
    const c = pairedComparison([2, 3, 4], [1, 2, 3]);
    expect(c.ci).toMatchObject({ low: 1, high: 1 });
    expect(c.tStatistic).toBeUndefined();
  });

  it('refuses unpaired input, naming the missing seeds', () => {
    expect(() => pairedComparison([1, 2, 3], [1, 2])).toThrow(/same seeds/);
    expect(() => pairedComparison({ 1: 0.5, 2: 0.6 }, { 1: 0.4, 3: 0.7 })).toThrow(/seed 2 is missing from b; seed 3 is missing from a/);
    expect(() => pairedComparison([1, 2], { 0: 1, 1: 2 })).toThrow(/same form/);
  });
});
