import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '@lrlab/core';
import { buildModel, MODELS, MODEL_PRESETS, modelPreset, resolveModelConfig, type ModelConfig } from '../src';
import { valuesOf } from './helpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const CONFIGS: readonly ModelConfig[] = [
  { kind: 'two-layer', inputSize: 8, width: 4, split: { at: 6 } },
  { kind: 'linear', inputSize: 8, features: [2, 8] },
  { kind: 'wide-resnet', depth: 10, widthFactor: 1, inputShape: [4, 4, 1], numClasses: 2 },
  { kind: 'small-cnn', inputShape: [4, 4, 3], channels: [3, 5] },
];

describe('registry', () => {
  it('is a plain frozen object of kinds, each an entry of the one registry shape with its input fact', async () => {
    expect(Object.keys(MODELS)).toEqual(['two-layer', 'linear', 'wide-resnet', 'small-cnn']);
    expect(Object.isFrozen(MODELS)).toBe(true);
    for (const entry of Object.values(MODELS)) {
      expect(Object.isFrozen(entry)).toBe(true);
      expect(entry.description).toMatch(/^\S.{20,}$/);
      expect(typeof entry.fields).toBe('object');
      expect(typeof entry.resolve).toBe('function');
      expect(typeof entry.build).toBe('function');
    }
    expect(Object.fromEntries(Object.entries(MODELS).map(([kind, entry]) => [kind, entry.input]))).toEqual({
      'two-layer': 'flat',
      linear: 'flat',
      'wide-resnet': 'image',
      'small-cnn': 'image',
    });
  });

  it.each(CONFIGS)('resolves $kind once and for all: resolving again and a JSON round trip change nothing', async (config) => {
    const resolved = resolveModelConfig(config);
    expect(resolveModelConfig(resolved as ModelConfig)).toEqual(resolved);
    const fromJson = JSON.parse(JSON.stringify(resolved)) as ModelConfig;
    const a = buildModel(config, 3);
    const b = buildModel(fromJson, 3);
    expect(a.config).toEqual(resolved);
    expect(await b.saveWeights()).toEqual(await a.saveWeights());
    a.dispose();
    b.dispose();
  });

  it('rejects an unknown kind or field, naming it', () => {
    expect(() => buildModel({ kind: 'resnet50' } as never, 1)).toThrow(ConfigError);
    expect(() => buildModel({ kind: 'resnet50' }, 1)).toThrow(/Invalid model\.kind: expected a model kind: one of "two-layer", "linear", "wide-resnet", "small-cnn", got "resnet50"/);
    expect(() => buildModel(null as never, 1)).toThrow(/Invalid model: expected an object with a "kind" field/);
    expect(() => resolveModelConfig({ kind: 'wide-resnet', depth: 16, widthFactor: 1, classes: 10 } as never)).toThrow(/model\.classes: expected no such field/);
    expect(() => buildModel(CONFIGS[0]!, -1)).toThrow(/seed/);
  });

  it('has presets as one-liners over the generic configs', () => {
    expect(Object.keys(MODEL_PRESETS)).toEqual(['wrn16x10', 'wrn16x4', 'wrn16x1', 'wrn10x1', 'small-cnn']);
    expect(modelPreset('wrn16x10')).toEqual({ kind: 'wide-resnet', depth: 16, widthFactor: 10 });
    expect(modelPreset('wrn16x4', { inputShape: [28, 28, 1] })).toEqual({ kind: 'wide-resnet', depth: 16, widthFactor: 4, inputShape: [28, 28, 1] });
    expect(resolveModelConfig(modelPreset('wrn10x1'))).toMatchObject({ depth: 10, widthFactor: 1, inputShape: [32, 32, 3], numClasses: 10, dropout: 0, batchNorm: { momentum: 0.1, epsilon: 1e-5 } });
    expect(resolveModelConfig(modelPreset('small-cnn'))).toMatchObject({ inputShape: [28, 28, 1], channels: [16, 32, 64] });
    expect(() => modelPreset('wrn28x10' as never)).toThrow(/preset/);
    expect(() => modelPreset('wrn16x1', { depth: 28 } as never)).toThrow(/presetOptions\.depth/);
  });
});

describe('instances', () => {
  it('name every variable <name>/<path>, with a unique automatic name or a chosen one', () => {
    const a = buildModel(CONFIGS[3]!, 1);
    const b = buildModel(CONFIGS[3]!, 1);
    expect(a.name).toMatch(/^small-cnn-\d+$/);
    expect(b.name).not.toBe(a.name);
    expect(a.variables.map((v) => v.variable.name)).toEqual(a.variables.map((v) => `${a.name}/${v.path}`));
    expect(a.trainableVariables.map((v) => v.name)).toContain(`${a.name}/layer1/bn/gamma`);
    expect(a.stateVariables.map((v) => v.name)).toEqual([`${a.name}/layer0/bn/runningMean`, `${a.name}/layer0/bn/runningVariance`, `${a.name}/layer1/bn/runningMean`, `${a.name}/layer1/bn/runningVariance`]);
    expect(a.stateVariables.every((v) => !v.trainable)).toBe(true);
    // The names let an optimizer binding spare batch norm and biases with one regular expression.
    const decayed = a.trainableVariables.map((v) => v.name).filter((name) => !/\/bn\/|bias$/.test(name));
    expect(decayed).toEqual([`${a.name}/layer0/conv/kernel`, `${a.name}/layer1/conv/kernel`, `${a.name}/head/dense/kernel`]);
    a.dispose();
    b.dispose();

    const chosen = buildModel(CONFIGS[1]!, 1, { name: 'baseline' });
    expect(chosen.variables.map((v) => v.variable.name)).toEqual(['baseline/linear/kernel', 'baseline/linear/bias']);
    expect(() => buildModel(CONFIGS[1]!, 1, { name: 'baseline' })).toThrow(/Dispose the model named "baseline" first/);
    const before = tf.memory().numTensors;
    expect(() => buildModel(CONFIGS[1]!, 1, { name: 'bad name' })).toThrow(/name/);
    expect(tf.memory().numTensors).toBe(before);
    chosen.dispose();
    buildModel(CONFIGS[1]!, 1, { name: 'baseline' }).dispose(); // free again once disposed
  });

  it('check their input and options, and refuse to run once disposed', () => {
    const model = buildModel(CONFIGS[0]!, 1);
    const x = tf.ones([2, 8]);
    expect(() => model.apply(tf.ones([2, 7]), { training: false, step: 0 })).toThrow(/x\.shape: expected a float32 tensor of shape \[batch, 8\]/);
    expect(() => model.apply(tf.ones([2, 8], 'int32'), { training: false, step: 0 })).toThrow(/float32/);
    expect(() => model.apply(x, { training: false, step: -1 })).toThrow(/options\.step/);
    expect(() => model.apply(x, { training: 'yes' } as never)).toThrow(/options\.training/);
    expect(() => model.apply(x, { training: true, step: 0, noise: {} as never })).toThrow(/options\.noise/);
    expect(valuesOf(model.apply(x, { training: false, step: 0 }))).toHaveLength(2);
    const before = tf.memory().numTensors;
    model.dispose();
    expect(tf.memory().numTensors).toBe(before - model.variables.length);
    expect(() => model.apply(x, { training: false, step: 0 })).toThrow(/was disposed/);
    x.dispose();
  });
});
