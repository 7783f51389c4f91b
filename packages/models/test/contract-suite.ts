import * as tf from '@tensorflow/tfjs';
import type { Registry } from '@lrlab/core';
import { buildModel, modelPreset, type MODEL_PRESETS, type Model, type ModelConfig, type ModelKindEntry } from '../src';
import { cyclicLabels, gaussianNoise, offsetNoise, randomInput, readValues, trainStepAsync } from './helpers';
import { USER_MODELS, type LogisticConfig } from './user-kind';

/** One model the contract checks. */
export interface ContractCase {
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
export const CONTRACT_CASES: readonly ContractCase[] = [
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

async function weightsData(model: Model): Promise<string[]> {
  return Object.values((await model.saveWeights()).tensors).map((t) => t.data);
}

/**
 * The model contract on the backend `backend` (already running): every case of {@link CONTRACT_CASES},
 * read asynchronously so the same suite runs on a GPU backend. Outputs compare exactly within one
 * backend (same seed, same backend ⇒ same bits).
 */
export function describeModelContract(backend: string, cases: readonly ContractCase[] = CONTRACT_CASES): void {
  describe.each(cases)(`model contract on ${backend}: $label`, (c) => {
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

    it('runs on the backend under test', () => {
      expect(tf.getBackend()).toBe(backend);
    });

    it('gives finite logits of shape [batch, outputUnits] in both modes', async () => {
      expect(model.outputUnits).toBe(c.classes === 2 ? 1 : c.classes);
      for (const training of [false, true]) {
        const logits = model.apply(x, { training, step: 0 });
        expect(logits.shape).toEqual([c.batch, model.outputUnits]);
        expect((await readValues(logits)).every(Number.isFinite)).toBe(true);
      }
    });

    it('gives every trainable variable a non-zero gradient, and only trainable ones', async () => {
      const { value, grads } = tf.variableGrads(() => model.loss(model.apply(x, { training: true, step: 1 }), labels), [...model.trainableVariables]);
      expect(Number.isFinite((await value.data())[0])).toBe(true);
      expect(Object.keys(grads).sort()).toEqual(model.trainableVariables.map((v) => v.name).sort());
      for (const v of model.trainableVariables) {
        const g = grads[v.name]!;
        expect(g.shape).toEqual(v.shape);
        expect({ name: v.name, maxAbs: (await readValues(tf.max(tf.abs(g))))[0]! > 0 }).toEqual({ name: v.name, maxAbs: true });
      }
      tf.dispose([value, grads]);
      expect(model.parameterCount()).toBe(model.trainableVariables.reduce((n, v) => n + v.size, 0));
    });

    it('is a pure function of the seed: same seed, same weights and outputs; another seed, different', async () => {
      const twin = build(c, 11);
      const other = build(c, 12);
      try {
        expect(twin.name).not.toBe(model.name);
        const fresh = build(c, 11);
        expect(await weightsData(fresh)).toEqual(await weightsData(twin));
        const noise = gaussianNoise(0.5);
        const out = (m: Model) => readValues(m.apply(x, { training: true, step: 3, noise }));
        expect(await out(fresh)).toEqual(await out(twin));
        fresh.dispose();
        if (c.seedSensitive) {
          expect(await weightsData(other)).not.toEqual(await weightsData(twin));
          expect(await out(other)).not.toEqual(await out(twin));
        } else {
          expect(await weightsData(other)).toEqual(await weightsData(twin));
        }
      } finally {
        twin.dispose();
        other.dispose();
      }
    });

    it('leaks no tensor across training steps and evaluations', async () => {
      const optimizer = tf.train.sgd(0.01);
      const noise = gaussianNoise(0.1);
      await trainStepAsync(model, x, labels, 0, optimizer, noise); // warm-up: lets tfjs create what it caches
      const before = tf.memory().numTensors;
      for (let step = 1; step <= 2; step++) await trainStepAsync(model, x, labels, step, optimizer, noise);
      tf.dispose(model.apply(x, { training: false, step: 0, noise }));
      tf.tidy(() => {
        model.loss(model.apply(x, { training: true, step: 3 }), labels);
      });
      expect(tf.memory().numTensors).toBe(before);
      optimizer.dispose();
    });

    it('lets the noise hook change outputs in training only, calling every site in order', async () => {
      const noise = offsetNoise(0.5);
      const gaussian = gaussianNoise(0.5);
      const clean = (training: boolean) => readValues(model.apply(x, { training, step: 4 }));
      const noisy = (training: boolean) => readValues(model.apply(x, { training, step: 4, noise }));
      expect(await noisy(false)).toEqual(await clean(false));
      const sites = model.noiseSites.map((s, i) => {
        expect(s.index).toBe(i);
        return `${s.index}:${s.name}`;
      });
      expect(noise.calls).toEqual(sites.map((s) => `${s}:eval`));
      noise.calls.length = 0;
      if (model.noiseSites.length > 0) {
        expect(await noisy(true)).not.toEqual(await clean(true));
        expect(await readValues(model.apply(x, { training: true, step: 4, noise: gaussian }))).not.toEqual(await clean(true));
      } else {
        expect(await noisy(true)).toEqual(await clean(true));
      }
      expect(noise.calls).toEqual(sites.map((s) => `${s}:train`));
    });

    it('round-trips its weights exactly through JSON, batch-norm statistics included', async () => {
      const optimizer = tf.train.sgd(0.05);
      await trainStepAsync(model, x, labels, 5, optimizer); // moves weights and running statistics off their initial values
      optimizer.dispose();
      const saved = JSON.parse(JSON.stringify(await model.saveWeights()));
      expect(Object.keys(saved.tensors)).toEqual(model.variables.map((v) => v.path));
      const copy = build(c, 99);
      try {
        copy.loadWeights(saved);
        expect(await weightsData(copy)).toEqual(await weightsData(model));
        for (const [i, v] of model.variables.entries()) {
          expect(Array.from(await copy.variables[i]!.variable.data())).toEqual(Array.from(await v.variable.data()));
        }
        expect(await readValues(copy.apply(x, { training: false, step: 0 }))).toEqual(await readValues(model.apply(x, { training: false, step: 0 })));
      } finally {
        copy.dispose();
      }
    });
  });
}
