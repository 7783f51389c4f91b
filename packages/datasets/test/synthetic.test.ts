import { ConfigError, SYNTHETIC_GROUPS } from '@lrlab/core';
import { classCounts, generateTwoPattern, groupCounts, resolveTwoPatternConfig, selectGroups, type LabeledDataset } from '../src';
import { logisticRegression } from './helpers/logistic';

/** Rows of a slice [from, to) of each example, as float64. */
function columns(ds: LabeledDataset, from: number, to: number): Float64Array[] {
  return Array.from({ length: ds.size }, (_, i) => Float64Array.from(ds.features.subarray(i * ds.exampleSize + from, i * ds.exampleSize + to)));
}

describe('resolveTwoPatternConfig', () => {
  it('defaults to SPEC §1’s starting regime', () => {
    const c = resolveTwoPatternConfig();
    expect(c).toEqual({
      variant: 'spec',
      d1: 2000,
      d2: 2,
      trainSize: 1000,
      groupFractions: { 'a-only': 0.2, 'b-only': 0.2, both: 0.6 },
      testPerGroup: 2000,
      sigma: 0.5 / Math.sqrt(2000),
      gamma: 1.5 * (0.5 / Math.sqrt(2000)),
      zNorm: 3,
      zetaNorm: 3,
      alphaMin: 0.5,
      alphaMax: 1,
      alphaSign: 'random',
    });
  });

  it('scales σ with d1 in the smaller variants, keeping γ/σ = 1.5 and d1 = 10 × the A-only count', () => {
    for (const variant of ['small', 'tiny'] as const) {
      const c = resolveTwoPatternConfig({ variant });
      expect(c.sigma).toBeCloseTo(0.5 / Math.sqrt(c.d1), 15);
      expect(c.gamma / c.sigma).toBeCloseTo(1.5, 12);
      expect(c.d1 / (0.2 * c.trainSize)).toBeCloseTo(10, 12);
    }
    expect(resolveTwoPatternConfig({ variant: 'small' })).toMatchObject({ d1: 500, trainSize: 250, testPerGroup: 1000 });
    expect(resolveTwoPatternConfig({ variant: 'small', d1: 800, sigma: 0.1 })).toMatchObject({ d1: 800, sigma: 0.1, gamma: 1.5 * 0.1 });
  });

  it('rejects bad values and unknown options with a ConfigError naming the field', () => {
    expect(() => resolveTwoPatternConfig({ variant: 'huge' as never })).toThrow(/data\.variant/);
    expect(() => resolveTwoPatternConfig({ d2: 1 })).toThrow(/data\.d2/);
    expect(() => resolveTwoPatternConfig({ groupFractions: { 'a-only': 0.5, 'b-only': 0.5, both: 0.5 } })).toThrow(/sum to 1/);
    expect(() => resolveTwoPatternConfig({ alphaMin: 0.8, alphaMax: 0.5 })).toThrow(/alphaMax/);
    expect(() => resolveTwoPatternConfig({ sigmma: 1 } as never)).toThrow(ConfigError);
  });
});

// Jest's sandbox runs numeric code several times slower than plain Node, so the spec variant's
// test sets are shrunk here (2000 per group is checked on the resolved config above).
describe('generateTwoPattern (spec variant, 500 test examples per group)', () => {
  const { train, test, config } = generateTwoPattern({ testPerGroup: 500 }, 42);

  it('has N = 1000 split 200/200/600 and testPerGroup examples of each group', () => {
    expect(train.size).toBe(1000);
    expect(train.exampleShape).toEqual([2002]);
    expect(train.groupNames).toEqual(SYNTHETIC_GROUPS);
    expect(groupCounts(train)).toEqual({ 'a-only': 200, 'b-only': 200, both: 600 });
    for (const group of SYNTHETIC_GROUPS) {
      expect(test[group].size).toBe(500);
      expect(groupCounts(test[group])[group]).toBe(500);
    }
    expect(config.d1).toBe(2000);
  });

  it('balances the labels (0 ⇔ y = −1, 1 ⇔ y = +1) exactly within each group', () => {
    for (const group of SYNTHETIC_GROUPS) {
      expect(classCounts(selectGroups(train, [group]).labels, 2)).toEqual([groupCounts(train)[group]! / 2, groupCounts(train)[group]! / 2]);
      expect(classCounts(test[group].labels, 2)).toEqual([250, 250]);
    }
  });

  it('sets x2 = 0 on A-only examples and x1 = 0 on B-only examples, exactly', () => {
    const d1 = 2000;
    let violations = 0;
    for (let i = 0; i < train.size; i++) {
      const row = train.features.subarray(i * 2002, (i + 1) * 2002);
      const group = SYNTHETIC_GROUPS[train.groups[i]!];
      if (group === 'a-only' && (row[d1] !== 0 || row[d1 + 1] !== 0)) violations++;
      if (group === 'b-only' && row.subarray(0, d1).some((v) => v !== 0)) violations++;
      if (group === 'both' && (row[d1] === 0 || row.subarray(0, d1).every((v) => v === 0))) violations++;
    }
    expect(violations).toBe(0);
  });

  it('draws pattern A as y·γ·e1 + σ·ξ: mean y·γ on e1, std σ elsewhere', () => {
    const a = test['a-only'];
    let signed = 0;
    let sq = 0;
    let count = 0;
    for (let i = 0; i < a.size; i++) {
      const y = a.labels[i] === 1 ? 1 : -1;
      signed += y * a.features[i * 2002]!;
      for (let j = 1; j < 2000; j++) {
        sq += a.features[i * 2002 + j]! ** 2;
        count++;
      }
    }
    expect(Math.abs(signed / a.size / config.gamma - 1)).toBeLessThan(0.15); // standard error σ/√500 ≈ γ/34
    expect(Math.sqrt(sq / count) / config.sigma).toBeCloseTo(1, 2);
  });

  it('draws pattern B on rays α·z (y = −1) and α·(z ± ζ) (y = +1), α = ±U[0.5, 1]', () => {
    const b = test['b-only'];
    const seen = { negAlpha: 0, posAlpha: 0, plusZeta: 0, minusZeta: 0 };
    for (let i = 0; i < b.size; i++) {
      const x = b.features[i * 2002 + 2000]!;
      const yCoord = b.features[i * 2002 + 2001]!;
      const alpha = x / 3;
      expect(Math.abs(alpha)).toBeGreaterThanOrEqual(0.5 - 1e-6);
      expect(Math.abs(alpha)).toBeLessThanOrEqual(1 + 1e-6);
      if (alpha < 0) seen.negAlpha++;
      else seen.posAlpha++;
      if (b.labels[i] === 0) {
        expect(yCoord).toBe(0);
      } else {
        expect(Math.abs(Math.abs(yCoord) - Math.abs(x))).toBeLessThan(1e-5); // |α·ζ| = |α·z|: ‖ζ‖ = ‖z‖ = 3
        if (yCoord / alpha > 0) seen.plusZeta++;
        else seen.minusZeta++;
      }
    }
    for (const count of Object.values(seen)) expect(count).toBeGreaterThan(90);
  });

});

describe('generateTwoPattern determinism (tiny variant)', () => {
  const bytes = (ds: LabeledDataset): Buffer => Buffer.from(ds.features.buffer, ds.features.byteOffset, ds.features.byteLength);

  it('is a pure function of (config, seed); test sets have their own seeds', () => {
    const data = generateTwoPattern({ variant: 'tiny' }, 42);
    const again = generateTwoPattern({ variant: 'tiny' }, 42);
    expect(bytes(again.train).equals(bytes(data.train))).toBe(true);
    expect(bytes(again.test.both).equals(bytes(data.test.both))).toBe(true);
    expect(again.train.labels).toEqual(data.train.labels);
    expect(bytes(generateTwoPattern({ variant: 'tiny' }, 43).train).equals(bytes(data.train))).toBe(false);
    // More test examples do not change the training set.
    expect(bytes(generateTwoPattern({ variant: 'tiny', testPerGroup: 7 }, 42).train).equals(bytes(data.train))).toBe(true);
    expect(data.train.size).toBe(50);
    expect(groupCounts(data.train)).toEqual({ 'a-only': 10, 'b-only': 10, both: 30 });
  });
});

describe('what the patterns are (small variant)', () => {
  const { train, test, config } = generateTwoPattern({ variant: 'small' }, 3);

  it('pattern B is not linearly separable: logistic regression on x2 stays near chance on B-only examples', () => {
    const bTrain = selectGroups(train, ['b-only', 'both']);
    const rows = columns(bTrain, config.d1, config.d1 + 2);
    const model = logisticRegression(rows, Array.from(bTrain.labels), { steps: 2000, learningRate: 0.5 });
    const bTest = test['b-only'];
    const accuracy = model.accuracy(columns(bTest, config.d1, config.d1 + 2), Array.from(bTest.labels));
    // The rays lie on both sides of the origin, so the loss is minimised at w ≈ 0.
    expect(accuracy).toBeGreaterThan(0.35);
    expect(accuracy).toBeLessThan(0.65);
    expect(model.accuracy(rows, Array.from(bTrain.labels))).toBeLessThan(0.65);
  });

  it('pattern A is linearly separable when N < d1: logistic regression on x1 reaches 100% train accuracy', () => {
    const aTrain = selectGroups(train, ['a-only', 'both']);
    expect(aTrain.size).toBe(200);
    const rows = columns(aTrain, 0, config.d1);
    const model = logisticRegression(rows, Array.from(aTrain.labels), { steps: 300, learningRate: 20 });
    expect(model.accuracy(rows, Array.from(aTrain.labels))).toBe(1);
    // It generalizes only partly: the margin γ is 1.5σ in one of 500 noisy directions.
    const aTest = test['a-only'];
    const testAccuracy = model.accuracy(columns(aTest, 0, config.d1), Array.from(aTest.labels));
    expect(testAccuracy).toBeGreaterThan(0.6);
    expect(testAccuracy).toBeLessThan(1);
  });
});
