import * as tf from '@tensorflow/tfjs';
import type { Registry } from '@lrlab/core';
import { buildModel, MODEL_PRESETS, modelPreset, type Model, type ModelConfig, type ModelKindEntry } from '../src';
import { cyclicLabels, gaussianNoise, offsetNoise, randomInput, trainStep, valuesOf } from './helpers';
import { USER_MODELS, type LogisticConfig } from './user-kind';

interface ContractCase {
  readonly label: string;
  readonly config: ModelConfig | LogisticConfig;
  /** The registry it is built from; default the built-in one. */
  readonly registry?: Registry<ModelKindEntry>;
  /** The preset this case exercises, if any. */
  readonly preset?: keyof typeof MODEL_PRESETS;
  readonly batch: number;
  readonly classes: number;
  /** False for models whose initialisation does not use the seed (zero-initialised regression). */
  readonly seedSensitive: boolean;
}

// Every kind, a user's included (it gets everything a built-in kind gets), and every preset small
// enough to train on the cpu backend (on tiny inputs: the cpu backend's conv gradients are slow,
// and the contract does not depend on the image size).
const CASES: readonly ContractCase[] = [
  { label: 'two-layer (defaults, width 8)', config: { kind: 'two-layer', inputSize: 6, width: 8 }, batch: 4, classes: 2, seedSensitive: true },
  {
    label: 'two-layer (split, bias, trained second layer, 3 classes)',
    config: { kind: 'two-layer', inputSize: 6, width: 8, numClasses: 3, bias: true, trainSecondLayer: true, split: { at: 4 } },
    batch: 4,
    classes: 3,
    seedSensitive: true,
  },
  { label: 'two-layer (no pairs, tanh)', config: { kind: 'two-layer', inputSize: 5, width: 7, antisymmetric: false, activation: 'tanh' }, batch: 3, classes: 2, seedSensitive: true },
  { label: 'linear (x1 only, random init)', config: { kind: 'linear', inputSize: 6, features: [0, 4], initStd: 0.1 }, batch: 4, classes: 2, seedSensitive: true },
  { label: 'linear (zero init, 3 classes)', config: { kind: 'linear', inputSize: 6, numClasses: 3 }, batch: 4, classes: 3, seedSensitive: false },
  { label: 'wrn10x1', preset: 'wrn10x1', config: modelPreset('wrn10x1', { inputShape: [4, 4, 3], numClasses: 3 }), batch: 3, classes: 3, seedSensitive: true },
  { label: 'wrn16x1 (dropout)', preset: 'wrn16x1', config: modelPreset('wrn16x1', { inputShape: [4, 4, 2], dropout: 0.3 }), batch: 2, classes: 10, seedSensitive: true },
  { label: 'small-cnn (2 classes)', preset: 'small-cnn', config: modelPreset('small-cnn', { inputShape: [6, 6, 1], numClasses: 2 }), batch: 3, classes: 2, seedSensitive: true },
  { label: 'small-cnn (dropout)', config: { kind: 'small-cnn', inputShape: [5, 5, 3], channels: [4, 6], dropout: 0.5 }, batch: 3, classes: 10, seedSensitive: true },
  { label: 'a user kind (my-logistic, 3 classes, through withKinds)', config: { kind: 'my-logistic', inputSize: 6, numClasses: 3 }, registry: USER_MODELS, batch: 4, classes: 3, seedSensitive: true },
];

const build = (c: ContractCase, seed: number): Model => buildModel(c.config, seed, { registry: c.registry });

function weightsData(model: Model): string[] {
  return Object.values(model.saveWeights().tensors).map((t) => t.data);
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

it("covers every registered kind, a user's kind, and every CPU-sized preset", () => {
  expect(new Set(CASES.map((c) => c.config.kind))).toEqual(new Set(Object.keys(USER_MODELS)));
  const cpuSized = Object.keys(MODEL_PRESETS).filter((name) => !['wrn16x10', 'wrn16x4'].includes(name));
  expect(new Set(CASES.flatMap((c) => (c.preset ? [c.preset] : [])))).toEqual(new Set(cpuSized));
});

describe.each(CASES)('model contract: $label', (c) => {
  let model: Model;
  let x: tf.Tensor;
  let labels: tf.Tensor;

  beforeAll(() => {
    model = build(c, 11);
    x = randomInput([c.batch, ...model.inputShape], 5);
    labels = cyclicLabels(c.batch, c.classes);
  });
  afterAll(() => {
    model.dispose();
    tf.dispose([x, labels]);
  });

  it('gives finite logits of shape [batch, outputUnits] in both modes', () => {
    expect(model.outputUnits).toBe(c.classes === 2 ? 1 : c.classes);
    for (const training of [false, true]) {
      const logits = model.apply(x, { training, step: 0 });
      expect(logits.shape).toEqual([c.batch, model.outputUnits]);
      expect(valuesOf(logits).every(Number.isFinite)).toBe(true);
    }
  });

  it('gives every trainable variable a non-zero gradient, and only trainable ones', () => {
    const { value, grads } = tf.variableGrads(() => model.loss(model.apply(x, { training: true, step: 1 }), labels), [...model.trainableVariables]);
    expect(Number.isFinite(value.dataSync()[0])).toBe(true);
    expect(Object.keys(grads).sort()).toEqual(model.trainableVariables.map((v) => v.name).sort());
    for (const v of model.trainableVariables) {
      const g = grads[v.name]!;
      expect(g.shape).toEqual(v.shape);
      expect({ name: v.name, maxAbs: tf.max(tf.abs(g)).dataSync()[0]! > 0 }).toEqual({ name: v.name, maxAbs: true });
    }
    tf.dispose([value, grads]);
    expect(model.parameterCount()).toBe(model.trainableVariables.reduce((n, v) => n + v.size, 0));
  });

  it('is a pure function of the seed: same seed, same weights and outputs; another seed, different', () => {
    const twin = build(c, 11);
    const other = build(c, 12);
    try {
      expect(twin.name).not.toBe(model.name);
      const fresh = build(c, 11);
      expect(weightsData(fresh)).toEqual(weightsData(twin));
      const noise = gaussianNoise(0.5);
      const out = (m: Model) => valuesOf(m.apply(x, { training: true, step: 3, noise }));
      expect(out(fresh)).toEqual(out(twin));
      fresh.dispose();
      if (c.seedSensitive) {
        expect(weightsData(other)).not.toEqual(weightsData(twin));
        expect(out(other)).not.toEqual(out(twin));
      } else {
        expect(weightsData(other)).toEqual(weightsData(twin));
      }
    } finally {
      twin.dispose();
      other.dispose();
    }
  });

  it('leaks no tensor across training steps and evaluations', () => {
    const optimizer = tf.train.sgd(0.01);
    const noise = gaussianNoise(0.1);
    trainStep(model, x, labels, 0, optimizer, noise); // warm-up: lets tfjs create what it caches
    const before = tf.memory().numTensors;
    for (let step = 1; step <= 2; step++) trainStep(model, x, labels, step, optimizer, noise);
    tf.dispose(model.apply(x, { training: false, step: 0, noise }));
    tf.tidy(() => {
      model.loss(model.apply(x, { training: true, step: 3 }), labels);
    });
    expect(tf.memory().numTensors).toBe(before);
    optimizer.dispose();
  });

  it('lets the noise hook change outputs in training only, calling every site in order', () => {
    const noise = offsetNoise(0.5);
    const gaussian = gaussianNoise(0.5);
    const clean = (training: boolean) => valuesOf(model.apply(x, { training, step: 4 }));
    const noisy = (training: boolean) => valuesOf(model.apply(x, { training, step: 4, noise }));
    expect(noisy(false)).toEqual(clean(false));
    const sites = model.noiseSites.map((s, i) => {
      expect(s.index).toBe(i);
      return `${s.index}:${s.name}`;
    });
    expect(noise.calls).toEqual(sites.map((s) => `${s}:eval`));
    noise.calls.length = 0;
    if (model.noiseSites.length > 0) {
      expect(noisy(true)).not.toEqual(clean(true));
      expect(valuesOf(model.apply(x, { training: true, step: 4, noise: gaussian }))).not.toEqual(clean(true));
    } else {
      expect(noisy(true)).toEqual(clean(true));
    }
    expect(noise.calls).toEqual(sites.map((s) => `${s}:train`));
  });

  it('round-trips its weights exactly through JSON, batch-norm statistics included', () => {
    const optimizer = tf.train.sgd(0.05);
    trainStep(model, x, labels, 5, optimizer); // moves weights and running statistics off their initial values
    optimizer.dispose();
    const saved = JSON.parse(JSON.stringify(model.saveWeights()));
    expect(Object.keys(saved.tensors)).toEqual(model.variables.map((v) => v.path));
    const copy = build(c, 99);
    try {
      copy.loadWeights(saved);
      expect(weightsData(copy)).toEqual(weightsData(model));
      for (const [i, v] of model.variables.entries()) {
        expect(Array.from(copy.variables[i]!.variable.dataSync())).toEqual(Array.from(v.variable.dataSync()));
      }
      expect(valuesOf(copy.apply(x, { training: false, step: 0 }))).toEqual(valuesOf(model.apply(x, { training: false, step: 0 })));
    } finally {
      copy.dispose();
    }
  });
});
