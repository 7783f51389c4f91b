import * as tf from '@tensorflow/tfjs';
import { ConfigError, withKinds, type KindConfig } from '@lrlab/core';
import { buildModel, claimModelName, completeModelConfig, MODELS, resolveModelConfig, VariableStore, type AnyModelConfig, type ModelKindEntry } from '../src';
import { cyclicLabels, randomInput, trainStep, valuesOf } from './helpers';
import { LOGISTIC_KIND, USER_MODELS, type LogisticConfig } from './user-kind';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// One small config per kind, built-in and the user's: resolving it fills every default, so the
// resolved config holds every field the kind's resolve accepts.
const SAMPLES: Readonly<Record<string, AnyModelConfig>> = {
  'two-layer': { kind: 'two-layer', inputSize: 8, width: 4, split: { at: 6 } },
  linear: { kind: 'linear', inputSize: 8 },
  'wide-resnet': { kind: 'wide-resnet', depth: 10, widthFactor: 1 },
  'small-cnn': { kind: 'small-cnn' },
  'my-logistic': { kind: 'my-logistic', inputSize: 3 } satisfies LogisticConfig,
};

describe('every kind documents its schema', () => {
  it('has a sample for every kind', () => {
    expect(Object.keys(SAMPLES)).toEqual(Object.keys(USER_MODELS));
  });

  it.each(Object.keys(USER_MODELS))('%s: fields describe exactly the fields its resolve accepts and fills', (kind) => {
    const entry = USER_MODELS[kind]!;
    const resolved = resolveModelConfig(SAMPLES[kind]!, 'model', USER_MODELS);
    expect(Object.keys(resolved).filter((field) => field !== 'kind')).toEqual(Object.keys(entry.fields));
    for (const description of Object.values<string>(entry.fields)) expect(description).toMatch(/^\S[^\n]{8,}$/);
    // The fully specified config passes the registry's field check and resolves to itself.
    expect(resolveModelConfig(resolved, 'model', USER_MODELS)).toEqual(resolved);
  });

  it.each(Object.keys(MODELS))('%s: its resolve refuses a field its fields do not document, even called directly', (kind) => {
    const entry = MODELS[kind]!;
    const withExtra = { ...SAMPLES[kind]!, extra: 1 };
    expect(() => entry.resolve(withExtra, 'study.model')).toThrow(/Invalid study\.model\.extra: expected no such field/);
  });
});

describe('unknown kinds and fields', () => {
  it('are named by their full path, with the known kinds or fields', () => {
    const typo = { kind: 'two-layer', inputSize: 8, widht: 4 };
    expect(() => buildModel(typo, 1)).toThrow(/Invalid model\.widht: expected no such field for kind "two-layer" \(allowed: inputSize, width, numClasses,/);
    expect(() => resolveModelConfig(typo, 'runs[2].model')).toThrow(/Invalid runs\[2\]\.model\.widht/);
    expect(() => completeModelConfig(typo, { exampleShape: [8], numClasses: 2 })).toThrow(/Invalid model\.widht/);
    expect(() => resolveModelConfig({ kind: 'my-logistic', inputSize: 3 }, 'model')).toThrow(/Invalid model\.kind: expected a model kind: one of "two-layer", "linear", "wide-resnet", "small-cnn", got "my-logistic"/);
    expect(() => resolveModelConfig({ kind: 'resnet50' }, 'model', USER_MODELS)).toThrow(/one of "two-layer", "linear", "wide-resnet", "small-cnn", "my-logistic", got "resnet50"/);
    expect(() => buildModel({ kind: 'my-logistic', inputSize: 3, classes: 2 }, 1, { registry: USER_MODELS })).toThrow(
      /Invalid model\.classes: expected no such field for kind "my-logistic" \(allowed: inputSize, numClasses, initStd\)/,
    );
    expect(() => buildModel({ kind: 'my-logistic', inputSize: 0 } satisfies LogisticConfig, 1, { registry: USER_MODELS })).toThrow(/Invalid model\.inputSize/);
  });

  it('bad arguments are typed errors, not TypeErrors', () => {
    const config = { kind: 'linear', inputSize: 2 } as const;
    expect(() => buildModel(config, 1, null as never)).toThrow(ConfigError);
    expect(() => buildModel(config, 1, { registry: null as never })).toThrow(/Invalid registry/);
    expect(() => buildModel(config, 1, { registry: { linear: {} } as never })).toThrow(/Invalid model kind "linear": expected a model kind entry/);
    const { input: _input, ...noInput } = LOGISTIC_KIND;
    expect(() => buildModel(config, 1, { registry: { ...MODELS, mine: noInput } as never })).toThrow(/Invalid model kind "mine": expected a model kind entry \{ description, fields, input: "flat" \| "image", resolve, build \}/);
    expect(() => completeModelConfig(config, null as never)).toThrow(/Invalid data/);
    expect(() => completeModelConfig(config, { exampleShape: [], numClasses: 2 })).toThrow(/Invalid data\.exampleShape/);
    expect(() => completeModelConfig(config, { exampleShape: [2], numClasses: 1 })).toThrow(/Invalid data\.numClasses/);

    const store = new VariableStore(claimModelName('mine'));
    store.add('w', tf.zeros([1]), 'trainable');
    const before = tf.memory().numTensors;
    expect(() => store.add('w', tf.zeros([1]), 'trainable')).toThrow(/Invalid path: expected a non-empty variable path not yet used in model "mine-\d+", got "w"/);
    expect(tf.memory().numTensors).toBe(before);
    store.dispose();
  });
});

describe("a user's model kind", () => {
  it('joins the built-in ones with withKinds, which refuses a built-in name or a bare function', () => {
    expect(Object.keys(USER_MODELS)).toEqual([...Object.keys(MODELS), 'my-logistic']);
    expect(() => withKinds(MODELS, { linear: LOGISTIC_KIND }, 'model kind')).toThrow(/a name that is not built in/);
    expect(() => withKinds(MODELS, { mine: (() => null) as never }, 'model kind')).toThrow(/not a plain function/);
  });

  it('is completed, resolved once and built through buildModel with the registry, and trains', async () => {
    const resolve = jest.fn(LOGISTIC_KIND.resolve);
    const registry = withKinds(MODELS, { 'my-logistic': { ...LOGISTIC_KIND, resolve } }, 'model kind');
    const config = completeModelConfig({ kind: 'my-logistic' }, { exampleShape: [2, 3], numClasses: 2 }, registry);
    expect(config).toEqual({ kind: 'my-logistic', inputSize: 6, numClasses: 2 });

    const model = buildModel(config, 5, { name: 'mine', registry });
    expect(resolve).toHaveBeenCalledTimes(1);
    expect(model.config).toEqual({ kind: 'my-logistic', inputSize: 6, numClasses: 2, initStd: 0.01 });
    expect(model.variables.map((v) => v.variable.name)).toEqual(['mine/dense/kernel', 'mine/dense/bias']);
    expect(model.outputUnits).toBe(1);

    const x = randomInput([4, 6], 2);
    const labels = cyclicLabels(4, 2);
    const optimizer = tf.train.sgd(0.5);
    const before = await model.saveWeights();
    const loss0 = trainStep(model, x, labels, 0, optimizer);
    const loss1 = trainStep(model, x, labels, 1, optimizer);
    expect(Number.isFinite(loss0)).toBe(true);
    expect(loss1).toBeLessThan(loss0);
    expect(await model.saveWeights()).not.toEqual(before);

    // Its weights round-trip and its saved config rebuilds it, as a built-in kind's do.
    const copy = buildModel((await model.saveWeights()).model, 9, { registry });
    copy.loadWeights(JSON.parse(JSON.stringify(await model.saveWeights())));
    expect(valuesOf(copy.apply(x, { training: false, step: 0 }))).toEqual(valuesOf(model.apply(x, { training: false, step: 0 })));
    tf.dispose([x, labels]);
    optimizer.dispose();
    copy.dispose();
    model.dispose();
  });

  it('builds the same weights from the same config and seed, as a built-in kind does', async () => {
    const config: LogisticConfig = { kind: 'my-logistic', inputSize: 5, numClasses: 4, initStd: 0.3 };
    const a = buildModel(config, 3, { registry: USER_MODELS });
    const b = buildModel(JSON.parse(JSON.stringify(a.config)) as AnyModelConfig, 3, { registry: USER_MODELS });
    expect(await b.saveWeights()).toEqual(await a.saveWeights());
    a.dispose();
    b.dispose();
  });
});

// What packages/experiments' completeModel did before the fact moved into the entries: the new
// helper must give the same objects, key order included (the completed config is saved).
function previousCompleteModel(spec: { readonly kind: string; readonly [field: string]: unknown }, exampleShape: readonly number[], numClasses: number): object {
  const filled: Record<string, unknown> = { ...spec };
  if (spec.kind === 'two-layer' || spec.kind === 'linear') filled['inputSize'] ??= exampleShape.reduce((a, b) => a * b, 1);
  else filled['inputShape'] ??= [...exampleShape];
  filled['numClasses'] ??= numClasses;
  return filled;
}

describe('completeModelConfig: the input fact', () => {
  it.each([
    ['flat kind, flat data', { kind: 'two-layer', width: 8 }, [2002], 2, { kind: 'two-layer', width: 8, inputSize: 2002, numClasses: 2 }],
    ['flat kind, image data (flattened size)', { kind: 'linear', features: [0, 10] }, [28, 28, 1], 10, { kind: 'linear', features: [0, 10], inputSize: 784, numClasses: 10 }],
    ['image kind', { kind: 'small-cnn', channels: [4] }, [28, 28, 1], 10, { kind: 'small-cnn', channels: [4], inputShape: [28, 28, 1], numClasses: 10 }],
    ['image kind, fields given are kept', { kind: 'wide-resnet', numClasses: 2, depth: 10, widthFactor: 1, inputShape: [8, 8, 3] }, [32, 32, 3], 10, { kind: 'wide-resnet', numClasses: 2, depth: 10, widthFactor: 1, inputShape: [8, 8, 3] }],
    ['flat kind, a given null is filled', { kind: 'two-layer', inputSize: null, numClasses: 3 }, [6], 2, { kind: 'two-layer', inputSize: 6, numClasses: 3 }],
  ])('%s', (_label, spec, exampleShape, numClasses, expected) => {
    const completed = completeModelConfig(spec, { exampleShape, numClasses });
    expect(completed).toEqual(expected);
    expect(JSON.stringify(completed)).toBe(JSON.stringify(previousCompleteModel(spec, exampleShape, numClasses)));
    expect(completed).not.toBe(spec);
  });

  it('the completed config resolves and builds, from the example the README gives', () => {
    const model = buildModel(completeModelConfig({ kind: 'small-cnn', channels: [2] }, { exampleShape: [4, 4, 1], numClasses: 3 }), 1);
    expect(model.inputShape).toEqual([4, 4, 1]);
    expect(model.outputUnits).toBe(3);
    model.dispose();
  });

  it('never adds a field the kind does not declare', () => {
    const { numClasses: _dropped, ...fields } = LOGISTIC_KIND.fields;
    const binary: ModelKindEntry<KindConfig & { readonly inputSize?: number }> = { ...LOGISTIC_KIND, fields, resolve: (config) => config, input: 'flat' };
    const registry = withKinds(MODELS, { binary }, 'model kind');
    expect(completeModelConfig({ kind: 'binary' }, { exampleShape: [3, 2], numClasses: 2 }, registry)).toEqual({ kind: 'binary', inputSize: 6 });
    const image = withKinds(MODELS, { image: { ...binary, input: 'image' } }, 'model kind');
    expect(completeModelConfig({ kind: 'image' }, { exampleShape: [3, 2], numClasses: 2 }, image)).toEqual({ kind: 'image' });
  });
});
