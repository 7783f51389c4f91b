import * as tf from '@tensorflow/tfjs';
import { ConfigError, withKinds, type NoiseInjector, type OptionsOf } from '@lrlab/core';
import { initBackend } from '@lrlab/backends';
import {
  buildNoiseInjector,
  constant,
  createOptimizer,
  gradientNoise,
  NOISE_INJECTORS,
  OPTIMIZER_KINDS,
  OPTIMIZERS,
  piecewiseConstant,
  preactivationNoise,
  resolveNoiseInjector,
  resolveOptimizerConfig,
  weightNoise,
  type NoiseKindConfig,
  type NoiseInjectorSpec,
  type NoiseKindEntry,
  type OptimizerConfig,
  type PreactivationNoiseEntry,
} from '../src';

beforeAll(() => initBackend({ prefer: 'cpu' }));

const HIDDEN = { index: 0, name: 'hidden' };
const sigma = piecewiseConstant({ boundaries: [3], values: [0.5, 0.05] });

/** One config per built-in noise kind, giving every field it accepts. */
const NOISE_SAMPLES: Record<string, NoiseInjectorSpec> = {
  preactivation: { kind: 'preactivation', sigma: { fromLearningRate: { coefficient: 13.33, power: 2 } }, mode: 'iid' },
  gradient: { kind: 'gradient', sigma: 0.1 },
  weight: { kind: 'weight', sigma: { unit: 'epoch', schedule: { kind: 'constant', value: 0.1 } } },
};

describe('NOISE_INJECTORS: every kind documents its fields and builds through the registry', () => {
  it('has one sample per kind', () => {
    expect(Object.keys(NOISE_SAMPLES).sort()).toEqual(Object.keys(NOISE_INJECTORS).sort());
  });

  it.each(Object.entries(NOISE_SAMPLES))('%s', (kind, sample) => {
    const entry = NOISE_INJECTORS[kind]!;
    expect(entry.description).toMatch(/\S/);
    expect(entry.acts).toBe(kind);
    expect(Object.keys(sample).filter((k) => k !== 'kind').sort()).toEqual(Object.keys(entry.fields).sort());
    // σ is the composer's: passed through untouched, whatever its shape.
    const { config } = resolveNoiseInjector(sample, 'noise[0]');
    expect(config).toEqual(sample);
    expect(config.sigma).toBe(sample.sigma);
    expect(resolveNoiseInjector(config, 'noise[0]').config).toEqual(config);
    const built = buildNoiseInjector(sample, 'noise[0]', { sigma, seed: 7 });
    expect(built.acts).toBe(entry.acts);
    expect(typeof built.injector.apply).toBe('function');
    expect(() => resolveNoiseInjector({ ...sample, bogus: 1 }, 'noise[2]')).toThrow(new RegExp(`Invalid noise\\[2\\]\\.bogus: expected no such field for kind "${kind}"`));
  });

  it('builds the same injectors as the factories, draw for draw', () => {
    const x = tf.ones([2, 3]);
    const built = buildNoiseInjector({ kind: 'preactivation', sigma: 0.5, mode: 'iid' }, 'noise[0]', { sigma, seed: 7 });
    const direct = preactivationNoise({ sigma, mode: 'iid', seed: 7 });
    if (built.acts !== 'preactivation') throw new Error('expected pre-activation noise');
    const context = { step: 2, training: true };
    expect(built.injector.apply(x, HIDDEN, context).dataSync()).toEqual(direct.apply(x, HIDDEN, context).dataSync());

    const grads = { w: tf.ones([4]) };
    const g = buildNoiseInjector({ kind: 'gradient', sigma: 0.5 }, 'noise[1]', { sigma, seed: 9 });
    if (g.acts !== 'gradient') throw new Error('expected gradient noise');
    const reference = gradientNoise({ learningRate: sigma, coefficient: 1, power: 1, seed: 9 });
    expect(g.injector.apply(grads, 4)['w']!.dataSync()).toEqual(reference.apply(grads, 4)['w']!.dataSync());

    const w1 = tf.variable(tf.zeros([3]), true, 'registry-weight/a');
    const w2 = tf.variable(tf.zeros([3]), true, 'registry-weight/b');
    const w = buildNoiseInjector({ kind: 'weight', sigma: 0.5 }, 'noise[2]', { sigma, seed: 5 });
    if (w.acts !== 'weight') throw new Error('expected weight noise');
    w.injector.apply({ v: w1 }, 1);
    weightNoise({ sigma, seed: 5 }).apply({ v: w2 }, 1);
    expect(w1.dataSync()).toEqual(w2.dataSync());
    tf.dispose([x, grads.w, w1, w2]);
  });

  it('defaults mode to iid when the composer left it unset, and names bad fields by path', () => {
    const built = buildNoiseInjector({ kind: 'preactivation', sigma: 1 }, 'noise[0]', { sigma: constant(1), seed: 3 });
    expect((built.injector as { mode?: string }).mode).toBe('iid');
    expect(() => resolveNoiseInjector({ kind: 'preactivation', sigma: 1, mode: 'map' }, 'noise[1]')).toThrow(/Invalid noise\[1\]\.mode: expected one of "iid", "shared-map", got "map"/);
    expect(() => resolveNoiseInjector({ kind: 'gradient', sigma: 1, mode: 'iid' }, 'noise[1]')).toThrow(/Invalid noise\[1\]\.mode: expected no such field for kind "gradient" \(allowed: sigma\)/);
    expect(() => resolveNoiseInjector({ kind: 'weight' }, 'noise[1]')).toThrow(/Invalid noise\[1\]\.sigma: expected a noise level/);
    expect(() => resolveNoiseInjector({ kind: 'dropout', sigma: 1 }, 'noise[3]')).toThrow(/Invalid noise\[3\]\.kind: expected a noise kind: one of "preactivation", "gradient", "weight"/);
  });
});

/** A user's noise kind: pre-activation noise scaled by a per-site factor. */
interface SiteScaledConfig extends NoiseKindConfig {
  readonly kind: 'site-scaled';
  readonly factor?: number;
}
const siteScaled: PreactivationNoiseEntry<SiteScaledConfig> = {
  acts: 'preactivation',
  description: 'pre-activation noise whose σ is multiplied by factor^site.index',
  fields: { sigma: 'the base σ', factor: 'per-site factor; default 1' },
  resolve: (config) => ({ ...config, factor: config.factor ?? 1 }),
  build(config, context): NoiseInjector {
    const inner = preactivationNoise({ sigma: context.sigma, mode: 'iid', seed: context.seed });
    return { apply: (x, site, context) => (site.index === 0 ? inner.apply(x, site, context) : tf.tidy(() => tf.mul(inner.apply(x, site, context), config.factor ?? 1))) };
  },
};

describe("a user's noise kind, added with withKinds, builds through the registry", () => {
  const registry = withKinds<NoiseKindEntry>(NOISE_INJECTORS, { 'site-scaled': siteScaled }, 'noise kind');

  it('resolves, builds and says where it acts', () => {
    const built = buildNoiseInjector({ kind: 'site-scaled', sigma: 0.5, factor: 2 }, 'noise[0]', { sigma, seed: 11 }, registry);
    if (built.acts !== 'preactivation') throw new Error('expected pre-activation noise');
    const x = tf.zeros([2, 2]);
    const y = built.injector.apply(x, HIDDEN, { step: 0, training: true });
    expect(y.dataSync()).toEqual(preactivationNoise({ sigma, mode: 'iid', seed: 11 }).apply(x, HIDDEN, { step: 0, training: true }).dataSync());
    expect(resolveNoiseInjector({ kind: 'site-scaled', sigma: 0.5 }, 'noise[0]', registry).config).toEqual({ kind: 'site-scaled', sigma: 0.5, factor: 1 });
    expect(() => buildNoiseInjector({ kind: 'site-scaled', sigma: 0.5, factr: 2 }, 'noise[4]', { sigma, seed: 11 }, registry)).toThrow(/Invalid noise\[4\]\.factr/);
    tf.dispose([x, y]);
  });

  it('refuses an entry that does not say where it acts, or builds no injector', () => {
    const nowhere = withKinds(NOISE_INJECTORS, { nowhere: { ...siteScaled, acts: 'loss' } as unknown as NoiseKindEntry }, 'noise kind');
    expect(() => buildNoiseInjector({ kind: 'nowhere', sigma: 1 }, 'noise[0]', { sigma, seed: 1 }, nowhere)).toThrow(/Invalid noise\[0\]\.kind: expected a noise kind whose entry says where it acts/);
    const empty = withKinds<NoiseKindEntry>(NOISE_INJECTORS, { empty: { ...siteScaled, build: () => ({}) as NoiseInjector } }, 'noise kind');
    expect(() => buildNoiseInjector({ kind: 'empty', sigma: 1 }, 'noise[0]', { sigma, seed: 1 }, empty)).toThrow(ConfigError);
    expect(() => buildNoiseInjector({ kind: 'site-scaled', sigma: 1 }, 'noise[0]', { sigma, seed: 1 })).toThrow(/noise\[0\]\.kind/);
  });
});

/** One config per optimizer kind, giving every field it accepts. */
const OPTIMIZER_SAMPLES: Record<string, OptimizerConfig> = {
  sgd: { kind: 'sgd' },
  momentum: { kind: 'momentum', momentum: 0.5 },
  nesterov: { kind: 'nesterov', momentum: 0.5 },
  adam: { kind: 'adam', beta1: 0.8, beta2: 0.99, epsilon: 1e-7 },
  rmsprop: { kind: 'rmsprop', decay: 0.8, momentum: 0.1, epsilon: 1e-6, centered: true },
};

describe('OPTIMIZERS: every kind documents its fields, resolves its defaults and builds its tfjs optimizer', () => {
  it('has one sample per kind, and OPTIMIZER_KINDS are its names', () => {
    expect(Object.keys(OPTIMIZER_SAMPLES).sort()).toEqual(Object.keys(OPTIMIZERS).sort());
    expect([...OPTIMIZER_KINDS]).toEqual(Object.keys(OPTIMIZERS));
  });

  it.each(Object.entries(OPTIMIZER_SAMPLES))('%s', (kind, sample) => {
    const entry = OPTIMIZERS[kind]!;
    expect(entry.description).toMatch(/\S/);
    const fields = Object.keys(entry.fields);
    expect(Object.keys(sample).filter((k) => k !== 'kind').sort()).toEqual([...fields].sort());
    const resolved = resolveOptimizerConfig(sample);
    expect(resolved).toEqual(sample);
    // Defaults: every field present after resolving the bare kind.
    const bare = resolveOptimizerConfig({ kind } as OptimizerConfig);
    expect(Object.keys(bare).sort()).toEqual(['kind', ...fields].sort());
    const optimizer = createOptimizer(sample, 0.1);
    expect(optimizer).toBeInstanceOf(tf.Optimizer);
    const built = optimizer.getConfig() as Record<string, unknown>;
    expect(built['learningRate']).toBe(0.1);
    for (const field of fields) expect(built[field]).toBe((resolved as unknown as Record<string, unknown>)[field]);
    optimizer.dispose();
    expect(() => resolveOptimizerConfig({ ...sample, bogus: 1 } as unknown as OptimizerConfig, 'training.optimizer')).toThrow(/Invalid training\.optimizer\.bogus: expected no such field/);
  });

  it('keeps its options type derived from its config', () => {
    const options: OptionsOf<Extract<OptimizerConfig, { kind: 'adam' }>> = { beta1: 0.9 };
    expect(resolveOptimizerConfig({ kind: 'adam', ...options })).toEqual({ kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
  });
});
