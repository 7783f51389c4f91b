import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '@lrlab/core';
import { buildModel, WEIGHTS_FORMAT, WEIGHTS_VERSION, type ModelWeights } from '../src';
import { valuesOf } from './helpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const config = { kind: 'small-cnn', inputShape: [4, 4, 1], channels: [2], numClasses: 3 } as const;

describe('saved weights, version 1', () => {
  it('is a documented JSON object: format, version, resolved config, tensors by path as little-endian float32', async () => {
    const model = buildModel(config, 1);
    const saved = await model.saveWeights();
    expect(saved.format).toBe(WEIGHTS_FORMAT);
    expect(saved.format).toBe('lrlab-weights');
    expect(saved.version).toBe(WEIGHTS_VERSION);
    expect(saved.version).toBe(1);
    expect(saved.model).toEqual(model.config);
    expect(Object.keys(saved.tensors)).toEqual([
      'layer0/conv/kernel',
      'layer0/bn/gamma',
      'layer0/bn/beta',
      'layer0/bn/runningMean',
      'layer0/bn/runningVariance',
      'head/dense/kernel',
      'head/dense/bias',
    ]);
    // γ = [1, 1]: float32 1.0 is 0x3f800000, little-endian bytes 00 00 80 3f.
    expect(saved.tensors['layer0/bn/gamma']).toEqual({ shape: [2], dtype: 'float32', data: Buffer.from([0, 0, 0x80, 0x3f, 0, 0, 0x80, 0x3f]).toString('base64') });
    model.dispose();
  });

  it('round-trips values that are not round numbers, bit for bit', async () => {
    const model = buildModel(config, 2);
    const kernel = model.variables[0]!.variable;
    const special = new Float32Array(kernel.size).map((_, i) => [Math.PI, -0, 1e-40, 3.4e38, -1 / 3][i % 5]!);
    kernel.assign(tf.tensor(special, kernel.shape));
    const copy = buildModel(config, 3);
    copy.loadWeights(JSON.parse(JSON.stringify(await model.saveWeights())) as ModelWeights);
    const restored = copy.variables[0]!.variable.dataSync() as Float32Array;
    expect(new Uint32Array(restored.buffer, restored.byteOffset, restored.length)).toEqual(new Uint32Array(special.buffer));
    model.dispose();
    copy.dispose();
  });

  it('rejects weights of another architecture, format or version, and leaves the model unchanged', async () => {
    const model = buildModel(config, 4);
    const before = await model.saveWeights();
    const wider = buildModel({ ...config, channels: [3] }, 4);
    const other = buildModel({ kind: 'linear', inputSize: 16 }, 4);
    const [widerWeights, otherWeights] = [await wider.saveWeights(), await other.saveWeights()];
    expect(() => model.loadWeights(widerWeights)).toThrow(ConfigError);
    expect(() => model.loadWeights(widerWeights)).toThrow(/weights\.tensors\["layer0\/conv\/kernel"\]\.shape: expected the variable's shape \[3,3,1,2\]/);
    expect(() => model.loadWeights(otherWeights)).toThrow(/weights\.model\.kind/);
    expect(() => model.loadWeights({ ...before, version: 2 } as never)).toThrow(/weights\.version/);
    expect(() => model.loadWeights({ ...before, format: 'keras' } as never)).toThrow(/weights\.format/);
    const { ['head/dense/bias']: _dropped, ...missing } = before.tensors;
    expect(() => model.loadWeights({ ...before, tensors: missing })).toThrow(/weights\.tensors\["head\/dense\/bias"\]/);
    const extra = { ...before.tensors, 'layer9/conv/kernel': before.tensors['layer0/conv/kernel']! };
    expect(() => model.loadWeights({ ...before, tensors: extra })).toThrow(/layer9/);
    const truncated = { ...before.tensors, 'head/dense/bias': { ...before.tensors['head/dense/bias']!, data: 'AACAPw==' } };
    expect(() => model.loadWeights({ ...before, tensors: truncated })).toThrow(/truncated or corrupt/);
    // A partly valid load must not have assigned the tensors checked before the bad one.
    const reseeded = buildModel(config, 99);
    const poisoned = { ...(await reseeded.saveWeights()).tensors, 'head/dense/bias': truncated['head/dense/bias'] };
    reseeded.dispose();
    expect(() => model.loadWeights({ ...before, tensors: poisoned })).toThrow(ConfigError);
    expect(await model.saveWeights()).toEqual(before);
    [model, wider, other].forEach((m) => m.dispose());
  });

  it('loads into an instance with another name (keys are logical paths)', async () => {
    const a = buildModel(config, 5, { name: 'teacher' });
    const b = buildModel(config, 6, { name: 'student' });
    b.loadWeights(await a.saveWeights());
    const x = tf.ones([2, 4, 4, 1]);
    expect(valuesOf(b.apply(x, { training: false, step: 0 }))).toEqual(valuesOf(a.apply(x, { training: false, step: 0 })));
    x.dispose();
    a.dispose();
    b.dispose();
  });
});
