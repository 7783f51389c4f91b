import * as tf from '@tensorflow/tfjs';
import { buildLinearModel, resolveLinearConfig } from '../src';
import { valuesOf } from './helpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('linear model', () => {
  it('is logistic regression from w = 0 on all inputs by default', () => {
    expect(resolveLinearConfig({ kind: 'linear', inputSize: 10 })).toEqual({ kind: 'linear', inputSize: 10, features: [0, 10], numClasses: 2, bias: true, initStd: 0 });
    const model = buildLinearModel({ kind: 'linear', inputSize: 2002, features: [0, 2000] }, 1);
    expect(model.parameterCount()).toBe(2001);
    expect(model.noiseSites).toEqual([]);
    model.dispose();
  });

  it('computes ⟨w, x[start, end)⟩ + b and ignores the other coordinates', () => {
    const model = buildLinearModel({ kind: 'linear', inputSize: 5, features: [1, 3] }, 1);
    model.variables[0]!.variable.assign(tf.tensor2d([[2], [-3]]));
    model.variables[1]!.variable.assign(tf.tensor1d([0.5]));
    const x = tf.tensor2d([
      [100, 1, 1, 100, 100],
      [-7, 2, -1, 0, 3],
    ]);
    expect(valuesOf(model.apply(x, { training: false, step: 0 }))).toEqual([2 - 3 + 0.5, 4 + 3 + 0.5]);
    x.dispose();
    model.dispose();
  });

  it('rejects a feature range outside the input', () => {
    expect(() => resolveLinearConfig({ kind: 'linear', inputSize: 5, features: [3, 3] })).toThrow(/model\.features\[1\]/);
    expect(() => resolveLinearConfig({ kind: 'linear', inputSize: 5, features: [0, 6] })).toThrow(/model\.features\[1\]/);
    expect(() => resolveLinearConfig({ kind: 'linear', inputSize: 5, features: [1] as never })).toThrow(/model\.features/);
  });
});
